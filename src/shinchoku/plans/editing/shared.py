"""Projects shared by plans (共通事業): linking a project of one plan to the project of another
plan of the same city that it shows.

The linked node has no entries and no owners of its own: the other plan's project is entered
once, by its departments, in that plan's round; every page and report of this plan shows that
entry (see :mod:`shinchoku.evaluations.selectors.shared`). The plan editor and the plan
workbook (体系 sheet, column 共通事業) link through :func:`check_shared_source` and
:func:`share_project`.
"""

from __future__ import annotations

from django.db import transaction

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.plans.editing.base import PlanEditError, audit, editable_plan
from shinchoku.plans.models import Plan, PlanNode, RatingCode

FIELD = "shared_from"


def shared_label(source: PlanNode) -> str:
    """How a link names its source: 「<計画名> <番号>」 (the plan workbook's 共通事業 cell)."""
    return f"{source.plan.title} {source.code}"


def scale_codes(plan: Plan) -> list[str]:
    """The codes of the plan's rating scale in order: two plans showing the same entries must
    name their ratings alike (the showing plan reads the other's ratings by code)."""
    return list(
        RatingCode.objects.filter(scale_id=plan.rating_scale_id)
        .order_by("position")
        .values_list("code", flat=True)
    )


def check_shared_source(node: PlanNode, source: PlanNode) -> None:
    """Refuse (:class:`PlanEditError`) to make ``node`` show ``source``: both must be projects (not
    再掲) of different plans of the same city whose scales have the same codes, ``source`` must not be
    shared itself nor ``node`` be shown by another plan (no chains or cycles), and ``node`` must
    have no owners, entries or other node of its plan showing ``source``."""
    plan, other = node.plan, source.plan
    if not node.is_project or node.is_cross_listing:
        raise PlanEditError(f"共通事業にできるのは{plan.project_label}(再掲でないもの)だけです。", FIELD)
    if other.municipality_id != plan.municipality_id:
        raise PlanEditError("共通事業は同じ自治体の計画から選んでください。", FIELD)
    if other.pk == plan.pk:
        raise PlanEditError("同じ計画の中で二度示すときは、共通事業ではなく再掲にしてください。", FIELD)
    if not source.is_project or source.is_cross_listing:
        raise PlanEditError(
            f"「{shared_label(source)}」は{other.project_label}(再掲でないもの)ではありません。", FIELD
        )
    if source.shared_from_id is not None:
        raise PlanEditError(
            f"「{shared_label(source)}」はそれ自体が共通事業です。元の計画の{other.project_label}を選んでください。",
            FIELD,
        )
    if node.shared_in.exists():
        raise PlanEditError(
            "この項目はほかの計画の共通事業の元になっているため、共通事業にできません(循環になります)。",
            FIELD,
        )
    if other.rating_scale_id != plan.rating_scale_id and scale_codes(other) != scale_codes(plan):
        raise PlanEditError(
            f"「{other.title}」は評価基準の記号が異なるため、共通事業にできません。同じ記号の評価基準の計画から選んでください。",
            FIELD,
        )
    if node.ownerships.exists() or Entry.objects.filter(project=node).exists():
        raise PlanEditError(
            "担当課または評価がある項目は共通事業にできません。"
            "担当課を外すか、新しい項目を追加して共通事業にしてください。",
            FIELD,
        )
    if PlanNode.objects.filter(plan=plan, shared_from=source).exclude(pk=node.pk).exists():
        raise PlanEditError(f"「{shared_label(source)}」はこの計画の別の項目がすでに示しています。", FIELD)


def share_project(actor: User, plan_id: int, node_id: int, source_id: int | None) -> PlanNode:
    """Make node ``node_id`` of plan ``plan_id`` show project ``source_id`` of another plan
    (共通事業), or none when ``source_id`` is None. Refused by :func:`check_shared_source`."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        try:
            node = PlanNode.objects.select_for_update().get(pk=node_id, plan=plan)
        except PlanNode.DoesNotExist:
            raise PlanEditError("この計画にない項目です。一覧から選び直してください。", FIELD) from None
        node.plan = plan
        before = shared_label(node.shared_from) if node.shared_from is not None else ""
        source = None
        if source_id is not None:
            source = PlanNode.objects.select_related("plan").filter(pk=source_id).first()
            if source is None:
                raise PlanEditError("共通事業の元の項目が見つかりません。一覧から選び直してください。", FIELD)
            check_shared_source(node, source)
        after = shared_label(source) if source is not None else ""
        if before != after:
            node.shared_from = source
            node.save(update_fields=["shared_from"])
            summary = (
                f"{node.code}を「{after}」の共通事業にしました"
                if after
                else f"{node.code}の共通事業を解除しました"
            )
            audit(
                actor,
                plan,
                "share_project",
                node,
                summary,
                {"shared_from": {"before": before, "after": after}},
            )
    return node
