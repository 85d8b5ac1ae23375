"""The plans on the home page, a plan's tree (for the reports) and the outlines of the plan and
node pages, with their ratings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from shinchoku.core.ratings import Tally, tally
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.selectors.index import (
    DepartmentRating,
    _load,
    _Place,
    _Placed,
    _PlanIndex,
    _scope_below,
)
from shinchoku.plans.models import Department, Plan, PlanNode, RatingCode
from shinchoku.plans.scales import core_scale

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


def _tree(index: _PlanIndex, place: _Place) -> TreeNode:
    rating, per_department = index.rating(place)
    owners = index.owners.get(place.listing_of_id or place.pk, [])
    kids = [_tree(index, child) for child in index.children.get(place.pk, [])]
    is_project = index.is_project(place)
    rated = is_project or is_policy(place, index.plan) or place.pk in index.evaluations
    return TreeNode(index.nodes[place.pk], is_project, rating, per_department, owners, kids, rated)


def _project_tally(index: _PlanIndex, nodes: Iterable[_Placed]) -> Tally:
    """Counts of the projects' ratings; cross-listings are left out (evaluated once)."""
    ratings = []
    for node in nodes:
        if index.is_project(node) and not node.listing_of_id:
            rating, _ = index.rating(node)
            ratings.append(rating.code if rating is not None else None)
    return tally(core_scale(index.codes), ratings)


def plan_tree(plan: Plan, round_: Round | None) -> PlanTree:
    """The whole tree of ``plan`` with the ratings of ``round_`` (none when it is None)."""
    index = _load(plan, round_)
    roots = [_tree(index, root) for root in index.children.get(None, [])]
    return PlanTree(
        index.plan, round_, roots, _project_tally(index, index.nodes.places.values()), index.codes
    )


# --- outlines: the plan page and the node pages -------------------------------------------------


@dataclass(frozen=True)
class OutlineRow:
    """One line of an outline of the plan, in reading order.

    The rows of an outline are rendered in one loop: ``has_children`` says that the next rows are
    this node's children, ``closes`` how many enclosing lists end after this row.
    """

    node: PlanNode
    is_project: bool
    rating: RatingCode | None
    # Projects and policies always show a rating (「未評価」 when missing); other levels only when
    # the secretariat evaluated them.
    show_rating: bool
    department_ratings: list[DepartmentRating]
    owners: list[Department]
    tally: Tally | None  # above the projects: the ratings of the projects below (再掲 left out)
    has_children: bool
    closes: int

    @property
    def original(self) -> PlanNode | None:
        """The project this row cross-lists (再掲), if any."""
        return self.node.listing_of


@dataclass(frozen=True)
class PlanOutline:
    """A plan's nodes down to its evaluation level (laid out as policy sheets) with their tallies."""

    plan: Plan
    round: Round | None
    rows: list[OutlineRow]
    tally: Tally
    codes: list[RatingCode]

    @property
    def policy_label(self) -> str:
        """The name of the outline's last level, the plan's evaluation level (施策 …)."""
        return self.plan.evaluation_level_label


def _outline(index: _PlanIndex, tops: list[_Place], *, down_to: int) -> list[OutlineRow]:
    """``tops`` and the nodes below them down to level ``down_to``, depth first, as outline rows."""
    ordered: list[tuple[_Place, int]] = []
    stack = [(place, 0) for place in reversed(tops)]
    while stack:
        place, depth = stack.pop()
        ordered.append((place, depth))
        stack.extend((child, depth + 1) for child in reversed(index.children.get(place.pk, [])))
    ordered = [(place, depth) for place, depth in ordered if place.level <= down_to]
    codes = index.codes_below()
    scale = core_scale(index.codes)
    rows = []
    for position, (place, depth) in enumerate(ordered):
        following = ordered[position + 1][1] if position + 1 < len(ordered) else 0
        rating, per_department = index.rating(place)
        is_project = index.is_project(place)
        rows.append(
            OutlineRow(
                index.nodes[place.pk],
                is_project,
                rating,
                is_project or is_policy(place, index.plan) or place.pk in index.evaluations,
                per_department,
                index.owners.get(place.listing_of_id or place.pk, []),
                None if is_project else tally(scale, codes.get(place.pk, [])),
                following > depth,
                max(depth - following, 0),
            )
        )
    return rows


def plan_outline(plan: Plan, round_: Round | None, *, visible: Q | None = None) -> PlanOutline:
    """The plan page: the nodes of ``plan`` down to its evaluation level, each with the tally of its
    projects' ratings in ``round_`` and those nodes with their own. The levels below are on each
    evaluated node's page: a
    plan of a thousand projects stays a page people can read. ``visible``: see :func:`_load`."""
    index = _load(plan, round_, visible=visible)
    rows = _outline(index, index.children.get(None, []), down_to=plan.evaluation_level)
    return PlanOutline(
        index.plan, round_, rows, _project_tally(index, index.nodes.places.values()), index.codes
    )


# --- one node --------------------------------------------------------------------------------


def is_policy(node: _Placed, plan: Plan) -> bool:
    """True for a node at the plan's evaluation level (施策 …): laid out as a policy sheet, it gets
    the consolidated evaluation, committee opinions, a report chapter and a summary row."""
    return node.level == plan.evaluation_level


@dataclass(frozen=True)
class NodeOverview:
    plan: Plan
    round: Round | None
    ancestors: list[PlanNode]
    node: PlanNode
    rating: RatingCode | None
    show_rating: bool  # the node was evaluated (施策評価) in the round
    rows: list[OutlineRow]  # everything below the node, projects included
    tally: Tally
    codes: list[RatingCode]


def node_overview(node: PlanNode, round_: Round | None, *, visible: Q | None = None) -> NodeOverview:
    """A node of any level with everything below it and the ratings of ``round_``; only that part
    of the plan is loaded."""
    plan = node.plan
    index = _load(plan, round_, scope=_scope_below(plan, node, round_), visible=visible)
    node = index.nodes[node.pk]
    rows = _outline(index, index.children.get(node.pk, []), down_to=plan.project_level)
    below = [row.node for row in rows]
    return NodeOverview(
        index.plan,
        round_,
        index.ancestors(node),
        node,
        index.rating(node)[0],
        node.pk in index.evaluations,
        rows,
        _project_tally(index, below),
        index.codes,
    )


def projects_below(round_: Round, node: PlanNode) -> list[tuple[PlanNode, RatingCode | None]]:
    """Every project under ``node`` in tree order with its rating in ``round_`` (None = 未評価),
    as every page and tally reads it (see ``_PlanIndex.rating``): a project rated by several
    departments counts once, with its recorded evaluation; a cross-listing with its original's.
    Loads the subtree only; every entry of the round is read (for the 事務局's pages)."""
    plan = node.plan
    index = _load(plan, round_, scope=_scope_below(plan, node, round_))
    found: list[tuple[PlanNode, RatingCode | None]] = []
    pending = list(reversed(index.children.get(node.pk, [])))
    while pending:
        place = pending.pop()
        if index.is_project(place):
            found.append((index.nodes[place.pk], index.rating(place)[0]))
        else:
            pending.extend(reversed(index.children.get(place.pk, [])))
    return found
