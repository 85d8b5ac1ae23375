"""Loading a plan once: its nodes with the owners, entries and evaluations of one round.

The names here are private to the selectors package: the other modules assemble their
dataclasses from a :class:`_PlanIndex`, so each page runs a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from django.db.models import Q

from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.plans.models import Department, Plan, PlanNode, ProjectOwner, RatingCode

T = TypeVar("T")


@dataclass(frozen=True)
class DepartmentRating:
    department: Department
    rating: RatingCode | None


@dataclass
class _PlanIndex:
    """All of a plan's nodes with the owners, entries and evaluations of one round."""

    plan: Plan
    nodes: dict[int, PlanNode]
    children: dict[int | None, list[PlanNode]]
    owners: dict[int, list[Department]]
    entries: dict[int, list[Entry]]
    evaluations: dict[int, NodeEvaluation]
    codes: list[RatingCode]
    # (project, department) → the department's place among the project's owners, 0 = lead.
    rank: dict[tuple[int, int], int]
    departments: _Departments
    # Ratings worked out so far, by node: a page asks for a project's several times.
    _ratings: dict[int, tuple[RatingCode | None, list[DepartmentRating]]] = field(
        default_factory=dict, init=False, repr=False
    )

    def is_project(self, node: PlanNode) -> bool:
        return node.level == self.plan.project_level

    def ancestors(self, node: PlanNode) -> list[PlanNode]:
        return _ancestors(self.nodes, node)

    def rating(self, node: PlanNode) -> tuple[RatingCode | None, list[DepartmentRating]]:
        """A node's rating and, for a project rated by several departments, theirs.

        A project takes its consolidated evaluation when there is one, else the rating of its
        single entry; a cross-listing (再掲) shows its original's, since it is evaluated once.
        """
        if node.pk not in self._ratings:
            self._ratings[node.pk] = self._rate(node)
        return self._ratings[node.pk]

    def _rate(self, node: PlanNode) -> tuple[RatingCode | None, list[DepartmentRating]]:
        source = node.listing_of_id or node.pk
        evaluation = self.evaluations.get(source)
        if not self.is_project(node):
            return (evaluation.rating if evaluation else None), []
        entries = self.entries.get(source, [])
        # One department's rating stands for the project only when it is the only owner.
        shared = len(entries) > 1 or len(self.owners.get(source, [])) > 1
        rating = evaluation.rating if evaluation is not None and evaluation.rating_id else None
        if rating is None and entries and not shared:
            rating = entries[0].rating
        per_department = []
        if shared and any(entry.rating_id for entry in entries):
            per_department = [DepartmentRating(entry.department, entry.rating) for entry in entries]
        return rating, per_department

    def codes_below(self) -> dict[int, list[str | None]]:
        """The rating codes of the projects below each node, None for the unrated; cross-listings
        are left out (evaluated once)."""
        below: dict[int, list[str | None]] = defaultdict(list)
        for node in self.nodes.values():
            if self.is_project(node) and not node.listing_of_id:
                rating, _ = self.rating(node)
                code = rating.code if rating is not None else None
                parent_id = node.parent_id
                while parent_id is not None and parent_id in self.nodes:
                    below[parent_id].append(code)
                    parent_id = self.nodes[parent_id].parent_id
        return below

    def department_rating(self, project: PlanNode, department: Department) -> RatingCode | None:
        """The rating ``department`` gave a project it owns: the project's own when it is the only
        owner (a consolidated evaluation may stand for its entry), else its own entry's."""
        source = project.listing_of_id or project.pk
        if len(self.owners.get(source, [])) <= 1:
            return self.rating(project)[0]
        mine = (entry for entry in self.entries.get(source, []) if entry.department_id == department.pk)
        entry = next(mine, None)
        return entry.rating if entry is not None else None

    def is_reported(self, project: PlanNode) -> bool:
        """True when the round holds an entry or an evaluation for the project (or its original)."""
        source = project.listing_of_id or project.pk
        return bool(self.entries.get(source)) or source in self.evaluations


def _ancestors(nodes: dict[int, PlanNode], node: PlanNode) -> list[PlanNode]:
    chain: list[PlanNode] = []
    parent_id = node.parent_id
    while parent_id is not None and parent_id in nodes:
        parent = nodes[parent_id]
        chain.append(parent)
        parent_id = parent.parent_id
    return chain[::-1]


def _tree_order(children: Mapping[int | None, list[PlanNode]]) -> list[PlanNode]:
    """Every node depth first, siblings in their order: the order of the plan's pages."""
    return _depth_first(children, lambda node: node.pk)


def _depth_first(children: Mapping[int | None, list[T]], key: Callable[[T], int]) -> list[T]:
    """The items of a tree given as parent id → children (roots under None), depth first;
    ``key`` gives an item's own id."""
    ordered: list[T] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        current = stack.pop()
        ordered.append(current)
        stack.extend(reversed(children.get(key(current), [])))
    return ordered


_TEXT_FIELDS = ("final_target", "year_target", "progress", "reason", "next_year_goal")
# What the ratings need of an entry when its texts are not wanted (any other field would be
# fetched row by row on access).
_RATING_FIELDS = ("id", "round_id", "project_id", "department_id", "rating_id")


def _load(
    plan: Plan,
    round_: Round | None,
    *,
    texts: bool = False,
    scope: Collection[int] | None = None,
    visible: Q | None = None,
) -> _PlanIndex:
    """Six queries: nodes, ownerships, departments, rating codes, and (with a round) entries and
    evaluations.

    ``scope`` limits everything to those nodes (see :func:`_scope_below`); ``visible`` (see
    :func:`shinchoku.accounts.permissions.visible_entries`) leaves out the entries the reader may
    not see; entries carry long texts and are loaded without them unless ``texts``. Rows are read
    without joins and linked in Python to the departments and rating codes, which are few: a
    scale-10 plan has 1,500 nodes.
    """
    by_pk = _nodes(plan, scope)
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in by_pk.values():
        children[node.parent_id].append(node)
    ownerships = ProjectOwner.objects.filter(project__plan=plan)
    if scope is not None:
        ownerships = ownerships.filter(project_id__in=list(scope))
    pairs = list(ownerships.order_by("project_id", "position").values_list("project_id", "department_id"))
    departments = _Departments(plan)
    owners: dict[int, list[Department]] = defaultdict(list)
    rank: dict[tuple[int, int], int] = {}
    for project_id, department_id in pairs:
        rank[project_id, department_id] = len(owners[project_id])
        owners[project_id].append(departments[department_id])
    codes = list(RatingCode.objects.filter(scale_id=plan.rating_scale_id).order_by("position"))
    index = _PlanIndex(plan, by_pk, children, owners, {}, {}, codes, rank, departments)
    return _with_round(index, round_, texts=texts, scope=scope, visible=visible)


def _nodes(plan: Plan, scope: Collection[int] | None = None) -> dict[int, PlanNode]:
    """The nodes of ``plan`` (those in ``scope`` only, when given) in tree-level order, each
    cross-listing linked to its original when that is among them."""
    chosen = plan.nodes.all() if scope is None else plan.nodes.filter(pk__in=list(scope))
    nodes = {node.pk: node for node in chosen.order_by("level", "position", "pk")}
    for node in nodes.values():
        if node.listing_of_id in nodes:
            node.listing_of = nodes[node.listing_of_id]
    return nodes


def _with_round(
    index: _PlanIndex,
    round_: Round | None,
    *,
    texts: bool = False,
    scope: Collection[int] | None = None,
    visible: Q | None = None,
) -> _PlanIndex:
    """``index`` with the entries and evaluations of ``round_`` instead of its own: two queries."""
    entries: dict[int, list[Entry]] = defaultdict(list)
    evaluations: dict[int, NodeEvaluation] = {}
    if round_ is not None:
        codes = {code.pk: code for code in index.codes}
        rows = Entry.objects.filter(visible or Q(), round=round_)
        evaluated = NodeEvaluation.objects.filter(round=round_)
        if not texts:
            rows = rows.only(*_RATING_FIELDS)
        if scope is not None:
            rows = rows.filter(project_id__in=list(scope))
            evaluated = evaluated.filter(node_id__in=list(scope))
        rank = index.rank
        found = list(rows)
        for entry in found:
            entry.department = index.departments[entry.department_id]
            _link_rating(entry, codes)
        for entry in sorted(found, key=lambda e: _owner_order(rank.get((e.project_id, e.department_id)), e)):
            entries[entry.project_id].append(entry)
        for evaluation in evaluated:
            _link_rating(evaluation, codes)
            evaluations[evaluation.node_id] = evaluation
    return replace(index, entries=entries, evaluations=evaluations)


class _Departments:
    """The plan's municipality's departments by id, loaded once; one of another municipality
    (which an entry could name) is fetched when first asked for."""

    def __init__(self, plan: Plan) -> None:
        self._found = {d.pk: d for d in Department.objects.filter(municipality_id=plan.municipality_id)}

    def __getitem__(self, pk: int) -> Department:
        if pk not in self._found:
            self._found[pk] = Department.objects.get(pk=pk)
        return self._found[pk]


def _link_rating(row: Entry | NodeEvaluation, codes: Mapping[int, RatingCode]) -> None:
    """Give ``row`` its rating code from ``codes`` (the plan's scale) instead of a query of its own."""
    rating_id = row.rating_id
    if rating_id is None:
        row.rating = None
    elif rating_id in codes:
        row.rating = codes[rating_id]


def _scope_below(plan: Plan, node: PlanNode) -> set[int]:
    """The ids a page about ``node`` needs: its ancestors, itself, everything below it and the
    originals of the cross-listings (再掲) below it, which they take their ratings from. One query
    of ids over the plan; what is then loaded is the size of the subtree, not of the plan."""
    rows = list(plan.nodes.values_list("pk", "parent_id", "listing_of_id"))
    parents = {pk: parent_id for pk, parent_id, _ in rows}
    kids: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id, _ in rows:
        kids[parent_id].append(pk)
    originals = {pk: original for pk, _, original in rows if original is not None}
    scope: set[int] = set()
    stack = [node.pk]
    while stack:
        current = stack.pop()
        scope.add(current)
        if current in originals:
            scope.add(originals[current])
        stack.extend(kids.get(current, []))
    parent = parents.get(node.pk)
    while parent is not None:
        scope.add(parent)
        parent = parents.get(parent)
    return scope


def _owner_order(rank: int | None, entry: Entry) -> tuple[int, str]:
    """Lead department first, then the other owners in order, then any other department by name."""
    return (999 if rank is None else rank, entry.department.name)


def _description(project: PlanNode) -> str:
    """A project's 事業内容, or its original's when a cross-listing (再掲) leaves it blank."""
    original = project.listing_of
    return project.description or (original.description if original else "")
