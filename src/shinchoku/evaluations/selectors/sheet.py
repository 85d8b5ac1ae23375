"""A node at the plan's evaluation level (施策 …) laid out as in the published report, with the
texts of its projects' entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from shinchoku.core import fiscal_year as fy
from shinchoku.evaluations.models import CommitteeOpinion, NodeEvaluation, Round
from shinchoku.evaluations.selectors.index import (
    DepartmentRating,
    _description,
    _EntryRow,
    _load,
    _PlanIndex,
    _scope_below,
)
from shinchoku.plans.models import Department, Plan, PlanNode, RatingCode


@dataclass(frozen=True)
class DepartmentText:
    """One department's text in a cell; ``department`` is None when no heading is needed."""

    department: Department | None
    text: str


@dataclass(frozen=True)
class SheetRow:
    project: PlanNode
    owners: list[Department]
    rating: RatingCode | None
    department_ratings: list[DepartmentRating]
    final_target: list[DepartmentText]
    progress: list[DepartmentText]
    reason: list[DepartmentText]
    next_year_goal: list[DepartmentText]

    @property
    def original(self) -> PlanNode | None:
        return self.project.listing_of

    @property
    def description(self) -> str:
        return _description(self.project)


@dataclass(frozen=True)
class SheetSection:
    """The projects of one node between the evaluated node and its projects (取組 …);
    ``initiative`` is None for projects hung directly under the evaluated node. ``path`` holds the
    nodes between the evaluated node and ``initiative`` when the plan has several levels there
    (基本方向 above 具体策 …), top first, so that no level goes unnamed."""

    initiative: PlanNode | None
    rows: list[SheetRow]
    path: list[PlanNode] = field(default_factory=list)


@dataclass(frozen=True)
class LegendItem:
    code: RatingCode
    is_current: bool


@dataclass(frozen=True)
class PolicySheet:
    """An evaluated node laid out as in the published report: header, rating legend, one table per
    node that holds projects, and
    the committee's opinions on it or on anything below it, with the city's responses."""

    plan: Plan
    round: Round | None
    node: PlanNode
    ancestors: list[PlanNode]
    rating: RatingCode | None
    evaluation: NodeEvaluation | None
    legend: list[LegendItem]
    sections: list[SheetSection]
    opinions: list[CommitteeOpinion]

    @property
    def year_label(self) -> str | None:
        return fy.format_wareki(self.round.fiscal_year) if self.round else None

    @property
    def next_year_label(self) -> str | None:
        return fy.format_wareki(self.round.fiscal_year + 1) if self.round else None


def _cell(entries: Sequence[_EntryRow], attribute: str) -> list[DepartmentText]:
    """The texts of a cell: one text alone, or each department's under its name when they differ."""
    texts = [(entry.department, str(getattr(entry, attribute)).strip()) for entry in entries]
    written = [(department, text) for department, text in texts if text]
    if len(entries) <= 1 or (len(written) == len(texts) and len({text for _, text in written}) == 1):
        return [DepartmentText(None, written[0][1])] if written else []
    return [DepartmentText(department, text) for department, text in written]


def _final_target(project: PlanNode, entries: Sequence[_EntryRow]) -> list[DepartmentText]:
    """The 計画最終年度までの目標 cell: the target of the whole project (``PlanNode.final_target``)
    first, without a department's name, then what the departments wrote, named as in any cell."""
    whole = project.final_target.strip()
    own = _cell(entries, "final_target")
    return [DepartmentText(None, whole), *own] if whole else own


def _sheet_row(index: _PlanIndex, project: PlanNode) -> SheetRow:
    rating, per_department = index.rating(project)
    listed = bool(project.listing_of_id)
    entries = [] if listed else index.entries.get(project.pk, [])
    owners = index.owners.get(project.listing_of_id or project.pk, [])
    return SheetRow(
        project,
        owners,
        rating,
        per_department,
        [] if listed else _final_target(project, entries),
        *(_cell(entries, name) for name in ("progress", "reason", "next_year_goal")),
    )


def policy_sheet(node: PlanNode, round_: Round | None, *, visible: Q | None = None) -> PolicySheet:
    """The policy sheet of ``node`` for ``round_``; only its own part of the plan is loaded.
    ``visible``: see :func:`~shinchoku.evaluations.selectors.index._load`."""
    plan = node.plan
    index = _load(plan, round_, texts=True, scope=_scope_below(plan, node, round_), visible=visible)
    node = index.nodes[node.pk]
    sections = _sections(index, node)
    rating, _ = index.rating(node)
    legend = [LegendItem(code, rating is not None and code.pk == rating.pk) for code in index.codes]
    evaluation = index.evaluations.get(node.pk)
    opinions = _opinions(round_, _subtree(index, node)) if round_ else []
    ancestors = index.ancestors(node)
    return PolicySheet(index.plan, round_, node, ancestors, rating, evaluation, legend, sections, opinions)


def _sections(index: _PlanIndex, node: PlanNode) -> list[SheetSection]:
    """One table per node below ``node`` that has projects of its own, depth first, headed by that
    node; the projects hung directly under ``node`` first, without a heading. Any number of
    levels may lie between the evaluation level and the projects (none, one 取組 level, more)."""
    sections: list[SheetSection] = []
    loose = [
        _sheet_row(index, index.nodes[p.pk]) for p in index.children.get(node.pk, []) if index.is_project(p)
    ]
    if loose:
        sections.append(SheetSection(None, loose))
    above: list[PlanNode] = []
    pending = [child for child in reversed(index.children.get(node.pk, [])) if not index.is_project(child)]
    while pending:
        place = pending.pop()
        section = index.nodes[place.pk]
        above = [ancestor for ancestor in above if ancestor.level < section.level]
        children = index.children.get(place.pk, [])
        projects = [_sheet_row(index, index.nodes[p.pk]) for p in children if index.is_project(p)]
        if projects or not children:
            sections.append(SheetSection(section, projects, list(above)))
        if any(not index.is_project(child) for child in children):
            above.append(section)
        pending.extend(child for child in reversed(children) if not index.is_project(child))
    return sections


def _subtree(index: _PlanIndex, node: PlanNode) -> list[int]:
    """The ids of ``node`` and of every node below it."""
    found, pending = [], [node.pk]
    while pending:
        pk = pending.pop()
        found.append(pk)
        pending.extend(child.pk for child in index.children.get(pk, []))
    return found


def _opinions(round_: Round, node_ids: list[int]) -> list[CommitteeOpinion]:
    found = CommitteeOpinion.objects.filter(round=round_, node_id__in=node_ids).select_related("node")
    return list(found.order_by("node__level", "node__position", "position", "pk"))
