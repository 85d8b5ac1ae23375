"""Loading a plan once: its nodes with the owners, entries and evaluations of one round.

The names here are private to the selectors package: the other modules assemble their
dataclasses from a :class:`_PlanIndex`, so each page runs a fixed number of queries. Nodes and
entries are read as value rows, not models (a scale-10 plan has 1,500 nodes and 1,200 entries a
round): ratings and counts are worked out from the rows, and a node becomes a model only when a
page shows it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from django.db.models import Model, Q

from shinchoku.editions.structure import node_rows_below, structure_of
from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.evaluations.selectors.shared import shared_entry_rows
from shinchoku.plans.models import Department, Plan, PlanNode, RatingCode

T = TypeVar("T")
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class DepartmentRating:
    department: Department
    rating: RatingCode | None


class _Placed(Protocol):
    """What the index needs to know of a node: a :class:`PlanNode` or its :class:`_Place`."""

    @property
    def pk(self) -> int: ...

    @property
    def parent_id(self) -> int | None: ...

    @property
    def level(self) -> int: ...

    @property
    def listing_of_id(self) -> int | None: ...


class _Place(NamedTuple):
    """A node's place in the tree, read for every node of a plan: enough to work out ratings and
    counts without making a model of each node."""

    pk: int
    parent_id: int | None
    level: int
    listing_of_id: int | None


class _Nodes(Mapping[int, PlanNode]):
    """A plan's nodes by id in tree-level order, read as value rows in one query.

    A node becomes a model (with its plan, and its original when a cross-listing (再掲) whose
    original is among them) when first asked for: a page about a plan of 1,500 nodes shows a few
    hundred. ``places`` holds every node's :class:`_Place`, in the same order.
    """

    def __init__(self, plan: Plan, db: str, names: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        self._plan, self._db, self._names = plan, db, names
        at = {name: names.index(name) for name in ("id", "parent_id", "level", "listing_of_id")}
        self._rows = {row[at["id"]]: row for row in rows}
        self.places = {
            pk: _Place(pk, row[at["parent_id"]], row[at["level"]], row[at["listing_of_id"]])
            for pk, row in self._rows.items()
        }
        self._made: dict[int, PlanNode] = {}
        self._sources: dict[int, PlanNode] | None = None

    def __getitem__(self, pk: int) -> PlanNode:
        node = self._made.get(pk)
        if node is None:
            node = self._made[pk] = PlanNode.from_db(self._db, self._names, self._rows[pk])
            node.plan = self._plan
            original = node.listing_of_id
            if original is not None and original in self._rows:
                node.listing_of = self[original]
            if node.shared_from_id is not None:  # 共通事業: its source and plan, read once for all
                node.shared_from = self._shared_sources()[node.shared_from_id]
        return node

    def _shared_sources(self) -> dict[int, PlanNode]:
        """The other plans' projects these nodes show (共通事業), with their plans: one query."""
        if self._sources is None:
            at = self._names.index("shared_from_id")
            wanted = {row[at] for row in self._rows.values() if row[at] is not None}
            self._sources = PlanNode.objects.select_related("plan").in_bulk(list(wanted))
        return self._sources

    def __contains__(self, pk: object) -> bool:
        return pk in self._rows

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class _EntryRow(NamedTuple):
    """What the index keeps of an entry: whose it is and its rating, read as a value row rather
    than a model (a plan has thousands). The texts of the policy sheet are there only when they
    were asked for (``texts``), else empty."""

    project_id: int
    department: Department
    rating: RatingCode | None
    final_target: str = ""
    progress: str = ""
    reason: str = ""
    next_year_goal: str = ""


@dataclass
class _PlanIndex:
    """All of a plan's nodes with the owners, entries and evaluations of one round.

    The methods take a node's model or its place alike (:class:`_Placed`); ``children`` and
    ``order`` give places, and ``nodes`` the model of a place's ``pk``.
    """

    plan: Plan
    nodes: _Nodes
    children: dict[int | None, list[_Place]]
    owners: dict[int, list[Department]]
    entries: dict[int, list[_EntryRow]]  # by project, lead department first
    evaluations: dict[int, NodeEvaluation]
    codes: list[RatingCode]
    # (project, department) → the department's place among the project's owners, 0 = lead.
    rank: dict[tuple[int, int], int]
    departments: _ById[Department]
    # Ratings worked out so far, by node: a page asks for a project's several times.
    _ratings: dict[int, tuple[RatingCode | None, list[DepartmentRating]]] = field(
        default_factory=dict, init=False, repr=False
    )

    @cached_property
    def project_level(self) -> int:
        return self.plan.project_level

    @cached_property
    def evaluation_level(self) -> int:
        """The level whose nodes get the consolidated evaluation (see ``Plan.evaluation_level``)."""
        return self.plan.evaluation_level

    @cached_property
    def order(self) -> list[_Place]:
        """Every node depth first, siblings in their order: the order of the plan's pages."""
        return _depth_first(self.children, lambda place: place.pk)

    def is_project(self, node: _Placed) -> bool:
        return node.level == self.project_level

    def ancestors(self, node: _Placed) -> list[PlanNode]:
        return _ancestors(self.nodes, node)

    def rating(self, node: _Placed) -> tuple[RatingCode | None, list[DepartmentRating]]:
        """A node's rating and, for a project rated by several departments, theirs.

        A project takes its consolidated evaluation when there is one, else the rating of its
        single entry; a cross-listing (再掲) shows its original's, since it is evaluated once.
        """
        if node.pk not in self._ratings:
            self._ratings[node.pk] = self._rate(node)
        return self._ratings[node.pk]

    def _rate(self, node: _Placed) -> tuple[RatingCode | None, list[DepartmentRating]]:
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
        if shared and any(entry.rating is not None for entry in entries):
            per_department = [DepartmentRating(entry.department, entry.rating) for entry in entries]
        return rating, per_department

    def codes_below(self) -> dict[int, list[str | None]]:
        """The rating codes of the projects below each node, None for the unrated; cross-listings
        are left out (evaluated once)."""
        below: dict[int, list[str | None]] = defaultdict(list)
        places = self.nodes.places
        for place in places.values():
            if self.is_project(place) and not place.listing_of_id:
                rating, _ = self.rating(place)
                code = rating.code if rating is not None else None
                parent_id = place.parent_id
                while parent_id is not None and parent_id in places:
                    below[parent_id].append(code)
                    parent_id = places[parent_id].parent_id
        return below

    def department_rating(self, project: _Placed, department: Department) -> RatingCode | None:
        """The rating ``department`` gave a project it owns: the project's own when it is the only
        owner (a consolidated evaluation may stand for its entry), else its own entry's."""
        source = project.listing_of_id or project.pk
        if len(self.owners.get(source, [])) <= 1:
            return self.rating(project)[0]
        mine = (entry for entry in self.entries.get(source, []) if entry.department.pk == department.pk)
        entry = next(mine, None)
        return entry.rating if entry is not None else None

    def is_reported(self, project: _Placed) -> bool:
        """True when the round holds an entry or an evaluation for the project (or its original)."""
        source = project.listing_of_id or project.pk
        return bool(self.entries.get(source)) or source in self.evaluations


def _ancestors(nodes: Mapping[int, PlanNode], node: _Placed) -> list[PlanNode]:
    chain: list[PlanNode] = []
    parent_id = node.parent_id
    while parent_id is not None and parent_id in nodes:
        parent = nodes[parent_id]
        chain.append(parent)
        parent_id = parent.parent_id
    return chain[::-1]


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


# The columns read of an entry: those of the ratings, then those of the texts when wanted (in
# the order of the fields of _EntryRow).
_RATING_COLUMNS = ("project_id", "department_id", "rating_id")
_TEXT_COLUMNS = ("final_target", "progress", "reason", "next_year_goal")


def _load(
    plan: Plan,
    round_: Round | None,
    *,
    texts: bool = False,
    scope: Collection[int] | None = None,
    visible: Q | None = None,
) -> _PlanIndex:
    """Six queries: nodes, ownerships, departments, rating codes, and (with a round) entries and
    evaluations; a published round reads the first four from its snapshot in one (the structure
    comes from :func:`shinchoku.editions.structure.structure_of`, and so does ``index.plan``).

    ``scope`` limits everything to those nodes (see :func:`_scope_below`); ``visible`` (see
    :func:`shinchoku.accounts.permissions.visible_entries`) leaves out the entries the reader may
    not see; entries carry long texts and are loaded without them unless ``texts``. Rows are read
    without joins and linked in Python to the departments and rating codes, which are few: a
    scale-10 plan has 1,500 nodes and 1,200 entries a round.
    """
    structure = structure_of(plan, round_, scope=scope)
    nodes = _Nodes(structure.plan, structure.db, structure.node_names, structure.node_rows)
    children: dict[int | None, list[_Place]] = defaultdict(list)
    for place in nodes.places.values():
        children[place.parent_id].append(place)
    departments = _ById(Department, structure.departments)
    owners: dict[int, list[Department]] = defaultdict(list)
    rank: dict[tuple[int, int], int] = {}
    for project_id, department_id in structure.ownerships:
        rank[project_id, department_id] = len(owners[project_id])
        owners[project_id].append(departments[department_id])
    index = _PlanIndex(structure.plan, nodes, children, owners, {}, {}, structure.codes, rank, departments)
    return _with_round(index, round_, texts=texts, scope=scope, visible=visible)


def _nodes(plan: Plan, scope: Collection[int] | None = None) -> _Nodes:
    """The nodes of ``plan`` (those in ``scope`` only, when given) in tree-level order: one query."""
    chosen = plan.nodes.all() if scope is None else plan.nodes.filter(pk__in=list(scope))
    names = [f.attname for f in PlanNode._meta.concrete_fields]
    return _Nodes(plan, chosen.db, names, chosen.order_by("level", "position", "pk").values_list(*names))


def _with_round(
    index: _PlanIndex,
    round_: Round | None,
    *,
    texts: bool = False,
    scope: Collection[int] | None = None,
    visible: Q | None = None,
) -> _PlanIndex:
    """``index`` with the entries and evaluations of ``round_`` instead of its own: two queries.
    Entries are read as value rows (see :class:`_EntryRow`), evaluations as models."""
    entries: dict[int, list[_EntryRow]] = defaultdict(list)
    evaluations: dict[int, NodeEvaluation] = {}
    if round_ is not None:
        ratings = _ById(RatingCode, index.codes)
        # By id, not by the model's ordering, which joins five tables to sort by their names.
        rows = Entry.objects.filter(visible or Q(), round=round_).order_by("pk")
        evaluated = NodeEvaluation.objects.filter(round=round_)
        if scope is not None:
            rows = rows.filter(project_id__in=list(scope))
            evaluated = evaluated.filter(node_id__in=list(scope))
        columns = _RATING_COLUMNS + _TEXT_COLUMNS if texts else _RATING_COLUMNS
        departments, rank = index.departments, index.rank
        for project_id, department_id, rating_id, *written in rows.values_list(*columns):
            row = _EntryRow(project_id, departments[department_id], _rating(rating_id, ratings), *written)
            entries[project_id].append(row)
        for shared in entries.values():  # several departments' entries: in the order of the owners
            if len(shared) > 1:
                shared.sort(
                    key=lambda e: _owner_order(rank.get((e.project_id, e.department.pk)), e.department)
                )
        for evaluation in evaluated:
            evaluation.rating = _rating(evaluation.rating_id, ratings)
            evaluations[evaluation.node_id] = evaluation
        sources = _shared_sources(index.nodes)
        if sources:  # 共通事業: the other plan's entries of the year, one query (see .shared)
            found = shared_entry_rows(round_, index.plan.municipality_id, sources, columns, visible)
            owners = _with_shared(index, sources, found, entries, evaluations)
            return replace(index, entries=entries, evaluations=evaluations, owners=owners)
    return replace(index, entries=entries, evaluations=evaluations)


def _shared_sources(nodes: _Nodes) -> dict[int, list[int]]:
    """The projects of other plans that nodes of ``nodes`` show (共通事業): source → those nodes."""
    at = nodes._names.index("shared_from_id")
    sources: dict[int, list[int]] = defaultdict(list)
    for pk, row in nodes._rows.items():
        if row[at] is not None:
            sources[row[at]].append(pk)
    return sources


def _with_shared(
    index: _PlanIndex,
    sources: Mapping[int, list[int]],
    found: Iterable[tuple[Any, ...]],
    entries: dict[int, list[_EntryRow]],
    evaluations: dict[int, NodeEvaluation],
) -> dict[int, list[Department]]:
    """Add the rows of :func:`~.shared.shared_entry_rows` to ``entries`` and ``evaluations``
    under the nodes showing them, and return the owners with those nodes' departments: a shared
    node owns nothing itself, its departments are those of the entries (in entry order)."""
    owners = dict(index.owners)
    by_code = {code.code: code for code in index.codes}  # the other plan's codes, by their name
    for project_id, department_id, code, code_of_project, rule, *written in found:
        department = index.departments[department_id]
        for node_id in sources[project_id]:
            entries[node_id].append(_EntryRow(node_id, department, by_code.get(code), *written))
            if not index.owners.get(node_id):
                owners[node_id] = [*owners.get(node_id, []), department]
            if code_of_project in by_code and node_id not in evaluations:
                rating = by_code[code_of_project]
                evaluation = NodeEvaluation(node_id=node_id, rating=rating, rule=rule)
                evaluations[node_id] = evaluation
    return owners


class _ById(Generic[M]):
    """Rows of a model by id, those given loaded once; one not among them (an entry could name a
    department of another municipality) is fetched when first asked for."""

    def __init__(self, model: type[M], rows: Iterable[M]) -> None:
        self._model = model
        self._found = {row.pk: row for row in rows}

    def __getitem__(self, pk: int) -> M:
        if pk not in self._found:
            self._found[pk] = self._model._default_manager.get(pk=pk)
        return self._found[pk]


def _departments(plan: Plan) -> _ById[Department]:
    """The departments of the plan's municipality, one query; any other on demand."""
    return _ById(Department, Department.objects.filter(municipality_id=plan.municipality_id).order_by())


def _rating(rating_id: int | None, ratings: _ById[RatingCode]) -> RatingCode | None:
    """The rating code of a row from ``ratings`` (the plan's scale) instead of a query of its own."""
    return None if rating_id is None else ratings[rating_id]


def _scope_below(plan: Plan, node: PlanNode, round_: Round | None = None) -> set[int]:
    """The ids a page about ``node`` needs: its ancestors, itself, everything below it and the
    originals of the cross-listings (再掲) below it, which they take their ratings from. One query
    of ids over the nodes ``round_`` shows (see :func:`shinchoku.editions.structure.node_rows_below`);
    what is then loaded is the size of the subtree, not of the plan."""
    rows = node_rows_below(plan, round_)
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


def _owner_order(rank: int | None, department: Department) -> tuple[int, str]:
    """Lead department first, then the other owners in order, then any other department by name;
    ``rank`` is the department's place among the project's owners (None: not an owner)."""
    return (999 if rank is None else rank, department.name)


def _description(project: PlanNode) -> str:
    """A project's 事業内容, or its original's when a cross-listing (再掲) leaves it blank."""
    original = project.listing_of
    return project.description or (original.description if original else "")
