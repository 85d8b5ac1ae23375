"""A plan's dashboard for one year: rating counts per 基本目標, 施策 and department, and what
changed against the previous year the reader may see.

Counting follows :func:`shinchoku.core.ratings.tally` (the unrated kept apart, never counted as
zero) and leaves cross-listings (再掲) out, since a project is evaluated once. Eight queries
whatever the size of the plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from django.db.models import Q

from shinchoku.core.changes import compare_years
from shinchoku.core.charts import BarChart, stacked_bars
from shinchoku.core.project_years import change_reason
from shinchoku.core.ratings import Tally, tally
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.selectors.index import _load, _Place, _PlanIndex
from shinchoku.evaluations.selectors.spans import current_spans
from shinchoku.evaluations.selectors.tree import is_policy
from shinchoku.plans.models import Department, Plan, PlanNode, RatingCode
from shinchoku.plans.scales import core_scale


@dataclass(frozen=True)
class BreakdownRow:
    """The counts of one group; exactly one of ``node`` and ``department`` is set."""

    tally: Tally
    node: PlanNode | None = None
    department: Department | None = None

    @property
    def label(self) -> str:
        if self.node is not None:
            return f"{self.node.code} {self.node.display_title}"
        return self.department.name if self.department is not None else ""


@dataclass(frozen=True)
class Breakdown:
    """Counts per group of one kind (per top-level node, evaluated node, department) with their chart."""

    key: str
    group: str  # what a row is: a level name of the plan, or 担当課
    rows: list[BreakdownRow]
    chart: BarChart

    @property
    def title(self) -> str:
        return f"{self.group}別"


@dataclass(frozen=True)
class ProjectChange:
    project: PlanNode
    before: RatingCode | None
    after: RatingCode | None
    # Why a new or ended project is so when its years say it (「令和7年度から開始」「終了(令和6年度まで)」).
    reason: str = ""


@dataclass(frozen=True)
class Changes:
    """What changed since ``previous``; rose/fell rank by the plan's scale. ``codes`` are the
    rating codes the lists show, in the scale's order: the key of their tables."""

    previous: Round
    rose: list[ProjectChange]
    fell: list[ProjectChange]
    unchanged: int
    not_comparable: list[ProjectChange]
    new: list[ProjectChange]
    ended: list[ProjectChange]
    codes: list[RatingCode]


@dataclass(frozen=True)
class Dashboard:
    plan: Plan
    round: Round
    codes: list[RatingCode]
    overall: Tally
    breakdowns: list[Breakdown]
    changes: Changes | None


def _all_projects(index: _PlanIndex) -> list[_Place]:
    """Every evaluated project of the plan in the order of the tree: cross-listings are left out."""
    return [place for place in index.order if index.is_project(place) and not place.listing_of_id]


def _code(rating: RatingCode | None) -> str | None:
    return rating.code if rating is not None else None


def _breakdown(key: str, group: str, rows: list[BreakdownRow]) -> Breakdown:
    return Breakdown(key, group, rows, stacked_bars([(row.label, row.tally) for row in rows]))


def _department_rows(index: _PlanIndex) -> list[BreakdownRow]:
    """Each owning department's ratings of its projects (lead or co-owner), in display order."""
    owned: dict[int, list[_Place]] = defaultdict(list)
    departments: dict[int, Department] = {}
    for project in _all_projects(index):
        for department in index.owners.get(project.pk, []):
            owned[department.pk].append(project)
            departments[department.pk] = department
    scale = core_scale(index.codes)
    rows = []
    for department in sorted(departments.values(), key=lambda d: (d.position, d.name)):
        codes = (_code(index.department_rating(p, department)) for p in owned[department.pk])
        rows.append(BreakdownRow(tally(scale, codes), department=department))
    return rows


def _changes(index: _PlanIndex, previous: _PlanIndex, previous_round: Round, fiscal_year: int) -> Changes:
    """What changed from ``previous_round`` to ``fiscal_year``. Each year's projects are those of
    its own index, so a project missing from this year's tree (ended) is still listed as ended;
    new and ended projects say why when their years (開始年度・終了年度) do."""

    def year(year_index: _PlanIndex) -> dict[int, str | None]:
        projects = _all_projects(year_index)
        return {p.pk: _code(year_index.rating(p)[0]) for p in projects if year_index.is_reported(p)}

    found = compare_years(core_scale(index.codes), year(previous), year(index))

    spans = current_spans([pk for pk in found.ended if pk not in index.nodes])

    def change(pk: int, kind: Literal["new", "ended"] | None = None) -> ProjectChange:
        node = index.nodes[pk] if pk in index.nodes else previous.nodes[pk]
        first_year, last_year = spans.get(pk, (node.first_year, node.last_year))
        span = {"first_year": first_year, "last_year": last_year}
        reason = change_reason(kind, fiscal_year, **span) if kind is not None else ""
        return ProjectChange(node, previous.rating(node)[0], index.rating(node)[0], reason)

    rose = [change(item.key) for item in found.rose]
    fell = [change(item.key) for item in found.fell]
    not_comparable = [change(pk) for pk in found.not_comparable]
    new = [change(pk, "new") for pk in found.new]
    ended = [change(pk, "ended") for pk in found.ended]
    listed = [*rose, *fell, *not_comparable, *new, *ended]
    shown = {rating.pk for item in listed for rating in (item.before, item.after) if rating is not None}
    codes = [code for code in index.codes if code.pk in shown]
    return Changes(previous_round, rose, fell, found.unchanged, not_comparable, new, ended, codes)


def dashboard(plan: Plan, round_: Round, previous: Round | None, *, visible: Q | None = None) -> Dashboard:
    """The dashboard of ``plan`` for ``round_``, compared with ``previous`` when there is one.

    The breakdowns are per root level, per the plan's evaluation level when it is a different
    level, and per department; ``previous`` must be a round the reader may see.
    """
    index = _load(plan, round_, visible=visible)
    scale = core_scale(index.codes)
    below = index.codes_below()

    def row(node: PlanNode) -> BreakdownRow:
        return BreakdownRow(tally(scale, below.get(node.pk, [])), node)

    roots = [index.nodes[place.pk] for place in index.children.get(None, [])]
    breakdowns = [_breakdown("goals", plan.level_label(0), [row(node) for node in roots])]
    policies = [index.nodes[p.pk] for p in index.order if is_policy(p, plan) and p.level > 0]
    if policies:
        rows = [row(node) for node in policies]
        breakdowns.append(_breakdown("policies", plan.evaluation_level_label, rows))
    breakdowns.append(_breakdown("departments", "担当課", _department_rows(index)))
    overall = tally(core_scale(index.codes), (_code(index.rating(p)[0]) for p in _all_projects(index)))
    changes = (
        # The previous year's own structure: a project it showed that this year's lacks has ended.
        _changes(index, _load(plan, previous, visible=visible), previous, round_.fiscal_year)
        if previous is not None
        else None
    )
    return Dashboard(index.plan, round_, index.codes, overall, breakdowns, changes)
