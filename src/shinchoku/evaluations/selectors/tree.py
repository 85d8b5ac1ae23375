"""The plans on the home page, a plan's tree and one node's subtree, with their ratings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import QuerySet

from shinchoku.core.ratings import Scale, ScaleCode, Tally, tally
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.selectors.index import DepartmentRating, _load, _PlanIndex
from shinchoku.plans.models import Department, Plan, PlanNode, RatingCode

# --- home ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    rounds: list[Round]


def plan_summaries(rounds_for: Callable[[Plan], QuerySet[Round]]) -> list[PlanSummary]:
    """Every plan, grouped by municipality, with the rounds ``rounds_for`` lets the reader see.

    The per-plan round querysets are OR-ed into a single query, so the rule stays in one place
    (``rounds_for`` is usually ``visible_rounds`` bound to the user) and the page stays at two
    queries.
    """
    plans = list(
        Plan.objects.select_related("municipality").order_by(
            "municipality__code", "-first_fiscal_year", "title"
        )
    )
    by_plan: dict[int, list[Round]] = defaultdict(list)
    if plans:
        combined = reduce(or_, (rounds_for(plan) for plan in plans))
        for round_ in combined.order_by("plan_id", "-fiscal_year"):
            by_plan[round_.plan_id].append(round_)
    return [PlanSummary(plan, by_plan[plan.pk]) for plan in plans]


# --- the plan tree ---------------------------------------------------------------------------


@dataclass
class TreeNode:
    node: PlanNode
    is_project: bool
    rating: RatingCode | None
    department_ratings: list[DepartmentRating]
    owners: list[Department]
    children: list[TreeNode] = field(default_factory=list)
    # Projects and policies always show a rating (「未評価」 when missing); other inner levels
    # only when the secretariat evaluated them.
    show_rating: bool = True

    @property
    def original(self) -> PlanNode | None:
        """The project this node cross-lists (再掲), if any."""
        return self.node.listing_of


@dataclass(frozen=True)
class PlanTree:
    plan: Plan
    round: Round | None
    roots: list[TreeNode]
    tally: Tally
    codes: list[RatingCode]


def _tree(index: _PlanIndex, node: PlanNode) -> TreeNode:
    rating, per_department = index.rating(node)
    owners = index.owners.get(node.listing_of_id or node.pk, [])
    kids = [_tree(index, child) for child in index.children.get(node.pk, [])]
    is_project = index.is_project(node)
    rated = is_project or is_policy(node, index.plan) or node.pk in index.evaluations
    return TreeNode(node, is_project, rating, per_department, owners, kids, rated)


def _scale(codes: Sequence[RatingCode]) -> Scale:
    return Scale(tuple(ScaleCode(c.code, c.label, c.definition, c.is_rating) for c in codes))


def _project_tally(index: _PlanIndex, nodes: Collection[PlanNode]) -> Tally:
    """Counts of the projects' ratings; cross-listings are left out (evaluated once)."""
    ratings = []
    for node in nodes:
        if index.is_project(node) and not node.listing_of_id:
            rating, _ = index.rating(node)
            ratings.append(rating.code if rating is not None else None)
    return tally(_scale(index.codes), ratings)


def plan_tree(plan: Plan, round_: Round | None) -> PlanTree:
    """The whole tree of ``plan`` with the ratings of ``round_`` (none when it is None)."""
    index = _load(plan, round_)
    roots = [_tree(index, root) for root in index.children.get(None, [])]
    return PlanTree(plan, round_, roots, _project_tally(index, index.nodes.values()), index.codes)


# --- one node --------------------------------------------------------------------------------


def is_policy(node: PlanNode, plan: Plan) -> bool:
    """True for a node laid out as a policy sheet (施策): its children's children are projects."""
    return node.level == plan.project_level - 2


@dataclass(frozen=True)
class NodeOverview:
    plan: Plan
    round: Round | None
    ancestors: list[PlanNode]
    tree: TreeNode
    tally: Tally
    codes: list[RatingCode]


def node_overview(node: PlanNode, round_: Round | None) -> NodeOverview:
    """A node of any level with its subtree and the ratings of ``round_``."""
    index = _load(node.plan, round_)
    node = index.nodes[node.pk]
    tree = _tree(index, node)
    below: list[PlanNode] = []
    stack = [tree]
    while stack:
        current = stack.pop()
        below.append(current.node)
        stack.extend(current.children)
    return NodeOverview(
        index.plan, round_, index.ancestors(node), tree, _project_tally(index, below), index.codes
    )
