"""Loading a plan once: its nodes with the owners, entries and evaluations of one round.

The names here are private to the selectors package: the other modules assemble their
dataclasses from a :class:`_PlanIndex`, so each page runs a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.plans.models import Department, Plan, PlanNode, ProjectOwner, RatingCode


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

    def is_project(self, node: PlanNode) -> bool:
        return node.level == self.plan.project_level

    def ancestors(self, node: PlanNode) -> list[PlanNode]:
        return _ancestors(self.nodes, node)

    def rating(self, node: PlanNode) -> tuple[RatingCode | None, list[DepartmentRating]]:
        """A node's rating and, for a project rated by several departments, theirs.

        A project takes its consolidated evaluation when there is one, else the rating of its
        single entry; a cross-listing (再掲) shows its original's, since it is evaluated once.
        """
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
    ordered: list[PlanNode] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        current = stack.pop()
        ordered.append(current)
        stack.extend(reversed(children.get(current.pk, [])))
    return ordered


_TEXT_FIELDS = ("final_target", "year_target", "progress", "reason", "next_year_goal")


def _load(
    plan: Plan, round_: Round | None, *, texts: bool = False, projects: Collection[int] | None = None
) -> _PlanIndex:
    """Five queries: nodes, owners, rating codes, and (with a round) entries and evaluations.

    Entries carry long texts: they are left out unless ``texts``, and ``projects`` limits the
    entries to those projects.
    """
    nodes = list(plan.nodes.select_related("listing_of").order_by("level", "position", "pk"))
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    owners: dict[int, list[Department]] = defaultdict(list)
    rank: dict[tuple[int, int], int] = {}
    ownerships = ProjectOwner.objects.filter(project__plan=plan).select_related("department")
    for ownership in ownerships.order_by("project_id", "position"):
        rank[ownership.project_id, ownership.department_id] = len(owners[ownership.project_id])
        owners[ownership.project_id].append(ownership.department)
    codes = list(RatingCode.objects.filter(scale_id=plan.rating_scale_id).order_by("position"))
    index = _PlanIndex(plan, {n.pk: n for n in nodes}, children, owners, {}, {}, codes, rank)
    return _with_round(index, round_, texts=texts, projects=projects)


def _with_round(
    index: _PlanIndex, round_: Round | None, *, texts: bool = False, projects: Collection[int] | None = None
) -> _PlanIndex:
    """``index`` with the entries and evaluations of ``round_`` instead of its own: two queries."""
    entries: dict[int, list[Entry]] = defaultdict(list)
    evaluations: dict[int, NodeEvaluation] = {}
    if round_ is not None:
        rows = Entry.objects.filter(round=round_).select_related("rating", "department")
        if not texts:
            rows = rows.defer(*_TEXT_FIELDS)
        if projects is not None:
            rows = rows.filter(project_id__in=list(projects))
        rank = index.rank
        for entry in sorted(rows, key=lambda e: _owner_order(rank.get((e.project_id, e.department_id)), e)):
            entries[entry.project_id].append(entry)
        for evaluation in NodeEvaluation.objects.filter(round=round_).select_related("rating"):
            evaluations[evaluation.node_id] = evaluation
    return replace(index, entries=entries, evaluations=evaluations)


def _owner_order(rank: int | None, entry: Entry) -> tuple[int, str]:
    """Lead department first, then the other owners in order, then any other department by name."""
    return (999 if rank is None else rank, entry.department.name)


def _description(project: PlanNode) -> str:
    """A project's 事業内容, or its original's when a cross-listing (再掲) leaves it blank."""
    original = project.listing_of
    return project.description or (original.description if original else "")
