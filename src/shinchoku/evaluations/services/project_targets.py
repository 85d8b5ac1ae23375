"""The targets of a whole project, set by the 事務局 on the project-level page.

A project has one 計画最終年度までの目標 for the whole plan (``PlanNode.final_target``) and, each
year, one 今年度の目標 for the whole project (:class:`ProjectTarget`); both can be set in any
year not yet published, the plan's first year included (when there is no earlier year to carry
them from). Targets that differ between departments stay on each department's entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import diff, record
from shinchoku.core.typed_fields import clean_field
from shinchoku.evaluations.models import ProjectTarget, Round
from shinchoku.evaluations.services.errors import StaleRecordError, WorkflowError
from shinchoku.evaluations.services.locking import check_version, claim_version
from shinchoku.plans.models import PlanNode


@dataclass(frozen=True)
class ProjectTargets:
    """What the 事務局 writes: the project's final target and the round's year target."""

    final_target: str
    year_target: str


def set_project_targets(
    actor: User, round_id: int, project_id: int, *, targets: ProjectTargets, version: int
) -> ProjectTarget:
    """Store ``targets`` for the whole project; ``version`` is the version of the round's
    :class:`ProjectTarget` the page was loaded with (0 when there was none). A save that changes
    nothing keeps the version. Raises PermissionDenied, WorkflowError (not a project) or
    :class:`StaleRecordError`."""
    final_target = clean_field("plans.plannode", "final_target", targets.final_target)
    year_target = clean_field("evaluations.projecttarget", "year_target", targets.year_target)
    with transaction.atomic():
        round_ = Round.objects.select_related("plan__municipality").get(pk=round_id)
        if not permissions.can_set_project_targets(actor, round_):
            raise PermissionDenied("全体の目標を書けるのは、公表前の年度の事務局だけです。")
        project = (
            PlanNode.objects.select_for_update()
            .select_related("plan")
            .get(pk=project_id, plan_id=round_.plan_id)
        )
        if not project.is_project or project.listing_of_id:
            raise WorkflowError(
                f"「{project.code} {project.display_title}」は"
                f"目標を書く{project.plan.project_label}ではありません(再掲の場合は掲載元に書いてください)。"
            )
        target = ProjectTarget.objects.select_for_update().filter(round=round_, project=project).first()
        before = {"final_target": project.final_target, "year_target": target.year_target if target else ""}
        changes = diff(before, {"final_target": final_target, "year_target": year_target})
        if target is None:
            if version:  # the form saw a target that is gone: refuse rather than guess
                raise StaleRecordError([], 0)
            target = ProjectTarget(round=round_, project=project)
            if not changes:
                return target
        elif not changes:
            check_version(target, version)
            return target
        else:
            target.version = claim_version(target, version)
        project.final_target = final_target
        project.save(update_fields=["final_target"])
        target.year_target = year_target
        target.save()
        record(
            actor=actor,
            action="set_project_targets",
            target=target,
            municipality=round_.plan.municipality,
            summary=(
                f"{project.code} {project.display_title}: "
                f"{round_.fiscal_year_label}の{project.plan.project_label}全体の目標を記録"
            ),
            changes=changes | {"version": {"before": version, "after": target.version}},
        )
    return target
