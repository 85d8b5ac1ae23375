"""The rating of a project that several departments evaluate, by the plan's rule.

The plan chooses how such a project is rated (``Plan.multi_department_rule``: the lowest, the
lead department's, the most common, or 事務局が決める). The rating is stored as the project's
:class:`NodeEvaluation` with the rule that produced it, so every page, report and tally reads one
recorded value:

- the entry services call :func:`refresh_project_evaluation` whenever a department's entry
  changes; it applies the plan's rule to the departments' *approved* ratings (a draft or a
  submitted rating is not yet the city's, and other departments may not read it), in the order
  of the owners, the lead first;
- the 事務局 may set the rating by hand (:func:`set_project_rating`, rule manual), which the
  refresh then keeps, or undo that (:func:`reset_project_rating`), back to the rule;
- with the rule manual nothing is computed: the project stays 未評価 until the 事務局 decides.

A rating recorded from a published report (rule as_published) is kept like a manual one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import diff, record
from shinchoku.core.ratings import ConsolidationRule, Suggestion, consolidate_project
from shinchoku.core.typed_fields import clean_field
from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.evaluations.services.errors import EntryValidationError, WorkflowError
from shinchoku.evaluations.services.locking import check_version, claim_version
from shinchoku.evaluations.services.node_evaluations import scale_of
from shinchoku.plans.models import Department, PlanNode, ProjectOwner, RatingCode

# Rules a person (or the published report) chose: a refresh never overwrites them.
KEPT_RULES = frozenset({ConsolidationRule.MANUAL.value, ConsolidationRule.AS_PUBLISHED.value})
COUNTED_STATUS = Entry.Status.APPROVED
COUNTING_NOTE = (
    "事務局が承認した担当課の評価だけを数えます。承認前(未提出・提出済・差戻し)の評価は、"
    "未評価として計算から外します。"
)


@dataclass(frozen=True)
class DepartmentEntry:
    """One owning department of the project and its entry in the round (None: no entry)."""

    department: Department
    entry: Entry | None

    @property
    def counted_rating(self) -> str | None:
        """The code the rule counts: the entry's rating once approved, else None."""
        entry = self.entry
        if entry is None or entry.status != COUNTED_STATUS or entry.rating is None:
            return None
        return entry.rating.code


def plan_rule(round_: Round) -> ConsolidationRule:
    return ConsolidationRule(round_.plan.multi_department_rule)


def department_entries(round_: Round, project: PlanNode) -> list[DepartmentEntry]:
    """The project's owners in order (lead first) with their entries, then any entry by a
    department that is not (or no longer) an owner."""
    owners = [
        owner.department
        for owner in ProjectOwner.objects.filter(project=project)
        .select_related("department")
        .order_by("position")
    ]
    entries = {
        entry.department_id: entry
        for entry in Entry.objects.filter(round=round_, project=project).select_related(
            "department", "rating"
        )
    }
    found = [DepartmentEntry(department, entries.pop(department.pk, None)) for department in owners]
    others = sorted(entries.values(), key=lambda entry: entry.department.name)
    return found + [DepartmentEntry(entry.department, entry) for entry in others]


def is_shared(departments: list[DepartmentEntry]) -> bool:
    """True when several departments evaluate the project, so its rating needs the rule."""
    return len(departments) > 1


def suggest_project_rating(round_: Round, departments: list[DepartmentEntry]) -> Suggestion | None:
    """What the plan's rule makes of the departments' approved ratings; None under the rule
    manual, which computes nothing."""
    rule = plan_rule(round_)
    if rule is ConsolidationRule.MANUAL:
        return None
    return consolidate_project(scale_of(round_), [item.counted_rating for item in departments], rule)


def refresh_project_evaluation(actor: User | None, round_: Round, project: PlanNode) -> NodeEvaluation | None:
    """Apply the plan's rule to ``project`` after one of its entries changed; call inside the
    caller's transaction. Keeps a rating the 事務局 set by hand (or the published report's);
    does nothing for a project with one department or under the rule manual. Returns the
    evaluation as it stands (None when there is none)."""
    departments = department_entries(round_, project)
    if not is_shared(departments):
        return None
    evaluation = NodeEvaluation.objects.select_for_update().filter(round=round_, node=project).first()
    if evaluation is not None and evaluation.rule in KEPT_RULES:
        return evaluation
    suggestion = suggest_project_rating(round_, departments)
    if suggestion is None or (evaluation is None and suggestion.rating is None):
        return evaluation
    return _store(actor, round_, project, evaluation, suggestion, action="refresh_project_evaluation")


def refresh_round_evaluations(actor: User | None, round_: Round) -> int:
    """Apply the plan's rule to every multi-department project of ``round_`` after the plan's
    rule changed (the plan editor calls it for each unpublished round); returns how many
    evaluations changed. A published round is left as it was published. Call in a transaction."""
    if round_.is_published:
        return 0
    shared = (
        ProjectOwner.objects.filter(project__plan_id=round_.plan_id)
        .values("project_id")
        .annotate(owners=Count("pk"))
        .filter(owners__gt=1)
        .values_list("project_id", flat=True)
    )
    changed = 0
    for project in PlanNode.objects.filter(pk__in=list(shared)).select_related("plan").order_by("pk"):
        before = (
            NodeEvaluation.objects.filter(round=round_, node=project).values_list("rating_id", "rule").first()
        )
        after = refresh_project_evaluation(actor, round_, project)
        if after is not None and before != (after.rating_id, after.rule):
            changed += 1
    return changed


def _store(
    actor: User | None,
    round_: Round,
    project: PlanNode,
    evaluation: NodeEvaluation | None,
    suggestion: Suggestion,
    *,
    action: str,
) -> NodeEvaluation:
    """Record ``suggestion`` as the project's evaluation (its comment kept), audited as ``action``;
    an evaluation that already says so is left as it is."""
    code = _code(round_, suggestion.rating)
    values: dict[str, Any] = {"rating": code, "rule": suggestion.rule.value}
    if evaluation is None:
        evaluation = NodeEvaluation.objects.create(round=round_, node=project, **values)
        before: dict[str, str] = {}
    else:
        before = _snapshot(evaluation)
        if all(getattr(evaluation, name) == value for name, value in values.items()):
            return evaluation
        evaluation.version = claim_version(evaluation, evaluation.version)
        for name, value in values.items():
            setattr(evaluation, name, value)
        evaluation.save(update_fields=[*values, "updated_at"])
    record(
        actor=actor,
        action=action,
        target=evaluation,
        municipality=round_.plan.municipality,
        affects_public=round_.is_published,
        summary=(
            f"{project.code} {project.display_title}: {round_.fiscal_year_label}の"
            f"{project.plan.project_label}の評価を記録({_how(suggestion)})"
        ),
        changes=diff(before, _snapshot(evaluation))
        | {"version": {"before": None, "after": evaluation.version}},
    )
    return evaluation


def set_project_rating(
    actor: User, round_id: int, project_id: int, *, rating: str, comment: str, version: int
) -> NodeEvaluation:
    """The 事務局 sets the project's rating by hand (rule manual), which the plan's rule then
    keeps. ``rating`` is a code of the plan's scale or '' (未評価); ``version`` is the version the
    page was loaded with (0 when the project had no evaluation). Raises PermissionDenied,
    :class:`StaleRecordError` or :class:`EntryValidationError` (unknown code)."""
    comment = clean_field("evaluations.nodeevaluation", "comment", comment)
    with transaction.atomic():
        round_, project = _locked(actor, round_id, project_id)
        code = _known_code(round_, rating.strip())
        evaluation = NodeEvaluation.objects.select_for_update().filter(round=round_, node=project).first()
        before = {} if evaluation is None else _snapshot(evaluation)
        if evaluation is None:
            evaluation = NodeEvaluation.objects.create(
                round=round_, node=project, rating=code, rule=ConsolidationRule.MANUAL.value, comment=comment
            )
        else:
            evaluation.version = claim_version(evaluation, version)
            evaluation.rating, evaluation.rule, evaluation.comment = (
                code,
                ConsolidationRule.MANUAL.value,
                comment,
            )
            evaluation.save(update_fields=["rating", "rule", "comment", "updated_at"])
        record(
            actor=actor,
            action="set_project_rating",
            target=evaluation,
            municipality=round_.plan.municipality,
            affects_public=round_.is_published,
            summary=(
                f"{project.code} {project.display_title}: {round_.fiscal_year_label}の"
                f"{project.plan.project_label}の評価を事務局が決定"
            ),
            changes=diff(before, _snapshot(evaluation))
            | {"version": {"before": version, "after": evaluation.version}},
        )
    return evaluation


def reset_project_rating(actor: User, round_id: int, project_id: int, *, version: int) -> NodeEvaluation:
    """Undo the 事務局's rating: the project goes back to the plan's rule, keeping the comment;
    under the rule manual it goes back to 未評価, still the 事務局's to decide. Raises
    WorkflowError when the 事務局 has set nothing to undo, :class:`StaleRecordError`."""
    with transaction.atomic():
        round_, project = _locked(actor, round_id, project_id)
        evaluation = NodeEvaluation.objects.select_for_update().filter(round=round_, node=project).first()
        if evaluation is None or evaluation.rule != ConsolidationRule.MANUAL.value:
            raise WorkflowError(
                "事務局が決めた評価はありません。取り消すものがないため、何も変更していません。"
            )
        check_version(evaluation, version)
        suggestion = suggest_project_rating(round_, department_entries(round_, project))
        if suggestion is None:
            suggestion = Suggestion(None, ConsolidationRule.MANUAL, 0, 0)
        return _store(actor, round_, project, evaluation, suggestion, action="reset_project_rating")


def project_label(round_: Round) -> str:
    return round_.plan.project_label


def _how(suggestion: Suggestion) -> str:
    if suggestion.rule is ConsolidationRule.MANUAL:
        return "事務局の決定を取り消し、事務局が決めるまで未評価"
    return suggestion.explanation


def _locked(actor: User, round_id: int, project_id: int) -> tuple[Round, PlanNode]:
    round_ = Round.objects.select_related("plan__municipality").get(pk=round_id)
    if not permissions.can_evaluate_node(actor, round_):
        raise PermissionDenied(
            f"{project_label(round_)}の評価を決められるのは、公表前の年度の事務局だけです。"
        )
    project = PlanNode.objects.select_related("plan").get(pk=project_id, plan_id=round_.plan_id)
    if not project.is_project or project.listing_of_id:
        raise WorkflowError(
            f"「{project.code} {project.display_title}」は"
            f"評価する{project.plan.project_label}ではありません(再掲は掲載元で評価します)。"
        )
    if project.shared_from_id is not None:  # 共通事業: rated once, in the other plan's round
        raise WorkflowError(
            f"「{project.code} {project.display_title}」は共通事業です。"
            "評価は元の計画の年度で決めてください。"
        )
    return round_, project


def _known_code(round_: Round, code: str) -> RatingCode | None:
    if not code:
        return None
    found = _code(round_, code)
    if found is None:
        raise EntryValidationError({"rating": f"評価「{code}」はこの計画の評価基準にありません。"})
    return found


def _code(round_: Round, code: str | None) -> RatingCode | None:
    if code is None:
        return None
    return RatingCode.objects.filter(scale_id=round_.plan.rating_scale_id, code=code).first()


def _snapshot(evaluation: NodeEvaluation) -> dict[str, str]:
    return {
        "rating": evaluation.rating.code if evaluation.rating else "",
        "rule": evaluation.rule_label,
        "comment": evaluation.comment,
    }
