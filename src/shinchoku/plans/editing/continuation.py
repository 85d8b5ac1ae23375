"""The next plan period (第4期): a project of a plan continues a project of an earlier plan of the
same city (``PlanNode.continues``), so that its page shows the whole history across plans.

The project continued must be an evaluated project (not a cross-listing) of a plan of the same
municipality that began before this one. A reference in the plan workbook names it by its plan's
title and its 番号, separated by a space: 「第3期地域福祉計画 1-2-3」.
"""

from __future__ import annotations

import re

from django.db import transaction

from shinchoku.accounts.models import User
from shinchoku.plans.editing.base import PlanEditError, audit, editable_plan
from shinchoku.plans.models import Plan, PlanNode

FIELD = "continues"
# The last run of spaces (half or full width) separates the plan's title from the 番号.
REFERENCE = re.compile(r"^(?P<plan>.+?)[ \u3000]+(?P<code>[^ \u3000]+)$")


def previous_projects(plan: Plan) -> list[PlanNode]:
    """The projects ``plan``'s projects may continue: those of the city's earlier plans, by plan
    (oldest first) and in tree order."""
    nodes = (
        PlanNode.objects.filter(
            plan__municipality_id=plan.municipality_id,
            plan__first_fiscal_year__lt=plan.first_fiscal_year,
            listing_of__isnull=True,
        )
        .select_related("plan")
        .order_by("plan__first_fiscal_year", "plan_id", "level", "position", "pk")
    )
    projects = [node for node in nodes if node.level == node.plan.project_level]
    return sorted(
        projects, key=lambda node: (node.plan.first_fiscal_year, node.plan_id, _tree_key(node.code))
    )


def _tree_key(code: str) -> list[tuple[int, str]]:
    """Sort 番号 like 1-2-10 after 1-2-9."""
    return [(int(part), "") if part.isdigit() else (0, part) for part in re.split(r"[-‐ー−.]", code)]


def reference(node: PlanNode) -> str:
    """How the workbook names ``node``: 「計画名 番号」."""
    return f"{node.plan.title} {node.code}"


def choice_label(node: PlanNode) -> str:
    return f"{node.plan.title} {node.code} {node.display_title}"


def find_previous_project(plan: Plan, typed: str) -> PlanNode:
    """The project of an earlier plan named by ``typed`` (「計画名 番号」); :class:`PlanEditError`
    saying what is wrong otherwise."""
    match = REFERENCE.match(typed.strip())
    if match is None:
        raise PlanEditError(
            f"「{typed}」は前期計画の事業として読めません。計画名と番号を空白で区切って書いてください"
            "(例: 第3期地域福祉計画 1-2-3)。",
            FIELD,
        )
    title, code = match["plan"].strip(), match["code"]
    candidates = [node for node in previous_projects(plan) if node.plan.title == title]
    if not candidates:
        raise PlanEditError(
            f"計画「{title}」は、この自治体のこの計画より前の計画にありません。計画名を確かめてください。",
            FIELD,
        )
    found = [node for node in candidates if node.code == code]
    if not found:
        raise PlanEditError(
            f"計画「{title}」に番号「{code}」の{candidates[0].plan.project_label}(再掲でないもの)はありません。",
            FIELD,
        )
    return found[0]


def check_continuation(plan: Plan, project: PlanNode, previous: PlanNode) -> None:
    """Refuse ``previous`` unless ``project`` (of ``plan``) may continue it."""
    if project.level != plan.project_level or project.listing_of_id is not None:
        raise PlanEditError(
            f"前期計画の事業を引き継げるのは{plan.project_label}(再掲でないもの)だけです。", FIELD
        )
    if previous.pk not in {node.pk for node in previous_projects(plan)}:
        raise PlanEditError(
            "前期計画の事業は、この自治体のこの計画より前の計画の事業から選んでください。", FIELD
        )


def set_continuation(actor: User, plan_id: int, project_id: int, continues_id: int | None) -> PlanNode:
    """Make project ``project_id`` continue ``continues_id`` (None: continue nothing)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        try:
            project = PlanNode.objects.select_for_update().get(pk=project_id, plan=plan)
        except PlanNode.DoesNotExist:
            raise PlanEditError("この計画にない項目です。一覧から選び直してください。") from None
        project.plan = plan
        previous = None
        if continues_id is not None:
            previous = PlanNode.objects.select_related("plan").filter(pk=continues_id).first()
            if previous is None:
                raise PlanEditError(f"前期計画の{plan.project_label}は一覧から選んでください。", FIELD)
            check_continuation(plan, project, previous)
        before = (
            PlanNode.objects.select_related("plan").get(pk=project.continues_id)
            if project.continues_id is not None
            else None
        )
        if (before.pk if before else None) == continues_id:
            return project
        project.continues = previous
        project.save(update_fields=["continues"])
        name = f"{project.level_label}「{project.code} {project.display_title}」"
        audit(
            actor,
            plan,
            "set_continuation",
            project,
            f"{name}が引き継ぐ前期計画の事業を"
            + (f"「{reference(previous)}」にしました" if previous else "外しました"),
            {
                "continues": {
                    "before": reference(before) if before else None,
                    "after": reference(previous) if previous else None,
                }
            },
        )
    return project
