"""What the editor's pages read: the tree in reading order, a node's page, the scale and the
departments with what uses them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from shinchoku.core.project_years import span_label
from shinchoku.evaluations.models import Entry, NodeEvaluation
from shinchoku.plans.models import Department, Indicator, Plan, PlanNode, RatingCode


@dataclass
class TreeRow:
    node: PlanNode
    first: bool  # no sibling above: no 上へ button
    last: bool
    owners: list[str] = field(default_factory=list)

    @property
    def span(self) -> str:
        """The years a project is evaluated when not the whole plan (「令和7年度から」 …)."""
        return span_label(self.node.first_year, self.node.last_year)


def tree_rows(plan: Plan) -> list[TreeRow]:
    """Every node of ``plan`` depth first, siblings by position, with its owners' names (a fixed
    number of queries whatever the plan's size)."""
    nodes = list(
        PlanNode.objects.filter(plan=plan)
        .select_related("listing_of", "shared_from__plan")
        .prefetch_related("ownerships__department")
        .order_by("position", "pk")
    )
    children: dict[int | None, list[PlanNode]] = {}
    for node in nodes:
        node.plan = plan
        children.setdefault(node.parent_id, []).append(node)
    rows: list[TreeRow] = []

    def walk(parent_id: int | None) -> None:
        siblings = children.get(parent_id, [])
        for index, node in enumerate(siblings):
            owners = [ownership.department.name for ownership in node.ownerships.all()]
            rows.append(TreeRow(node, index == 0, index == len(siblings) - 1, owners))
            walk(node.pk)

    walk(None)
    return rows


def has_projects(plan: Plan) -> bool:
    """Whether ``plan`` has nodes at its last level (then its number of levels cannot change)."""
    return PlanNode.objects.filter(plan=plan, level=plan.project_level).exists()


def parent_choices(plan: Plan, level: int) -> list[tuple[int, str]]:
    """The nodes of ``level`` (not cross-listings), as (id, "番号 名称") in tree order."""
    return [
        (row.node.pk, f"{row.node.code} {row.node.display_title}")
        for row in tree_rows(plan)
        if row.node.level == level and not row.node.is_cross_listing
    ]


def ancestors(node: PlanNode) -> list[PlanNode]:
    """The nodes above ``node``, top first."""
    found: list[PlanNode] = []
    current = node.parent
    while current is not None:
        found.insert(0, current)
        current = current.parent
    return found


def codes_with_use(plan: Plan) -> list[tuple[RatingCode, bool]]:
    """The plan's rating codes best first, each with whether an evaluation of any year uses it."""
    codes = list(RatingCode.objects.filter(scale_id=plan.rating_scale_id))
    ids = [code.pk for code in codes]
    used = set(Entry.objects.filter(rating_id__in=ids).values_list("rating_id", flat=True).distinct())
    used |= set(
        NodeEvaluation.objects.filter(rating_id__in=ids).values_list("rating_id", flat=True).distinct()
    )
    return [(code, code.pk in used) for code in codes]


def departments_with_use(plan: Plan) -> list[tuple[Department, int]]:
    """The municipality's departments in order, each with the number of projects it owns."""
    departments = Department.objects.filter(municipality_id=plan.municipality_id).annotate(
        owned_count=Count("ownerships", filter=Q(ownerships__project__plan=plan))
    )
    return [(department, department.owned_count) for department in departments]


def node_indicators(node: PlanNode) -> list[Indicator]:
    return list(node.indicators.all())


def shared_source_choices(plan: Plan) -> list[tuple[int, str]]:
    """The projects a project of ``plan`` may show as 共通事業: those of the city's other plans
    that are neither cross-listings nor shared themselves (the service refuses the rest), named
    「<計画名> <番号> <名称>」 (one query)."""
    sources = (
        PlanNode.objects.filter(
            plan__municipality_id=plan.municipality_id,
            listing_of__isnull=True,
            shared_from__isnull=True,
        )
        .exclude(plan=plan)
        .select_related("plan")
        .order_by("plan__title", "plan_id", "level", "position", "pk")
    )
    return [
        (node.pk, f"{node.plan.title} {node.code} {node.display_title}")
        for node in sources
        if node.level == node.plan.project_level
    ]
