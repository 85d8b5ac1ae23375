"""One project over the years: its indicators and each round's entries and evaluation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from shinchoku.core import fiscal_year as fy
from shinchoku.core.charts import LineChart, line_chart
from shinchoku.core.indicators import DIRECTION_LABELS, Direction, achievement_rate, describe_formula
from shinchoku.core.project_years import span_label
from shinchoku.editions.structure import as_shown, load_published, shown_row
from shinchoku.evaluations.models import Entry, IndicatorValue, NodeEvaluation, ProjectTarget, Round
from shinchoku.evaluations.selectors.index import (
    _ancestors,
    _description,
    _nodes,
    _owner_order,
    _scope_below,
)
from shinchoku.evaluations.selectors.shared import shared_history
from shinchoku.plans.models import Department, Indicator, Plan, PlanNode, ProjectOwner


@dataclass(frozen=True)
class IndicatorCell:
    """One year's actual value with its achievement rate (None when it cannot be defined)."""

    value: IndicatorValue | None
    achievement: Decimal | None

    @property
    def achievement_percent(self) -> str:
        return "" if self.achievement is None else f"{self.achievement * 100:.0f}%"


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    values: list[IndicatorCell]
    chart: LineChart | None

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS[Direction(self.indicator.direction)]


def _indicator_row(indicator: Indicator, years: list[int], formula: str) -> IndicatorRow:
    by_year = {value.fiscal_year: value for value in indicator.values.all()}
    cells = []
    for year in years:
        value = by_year.get(year)
        rate = None
        if value is not None and indicator.target_value is not None:
            rate = achievement_rate(
                actual=value.value,
                target=indicator.target_value,
                direction=Direction(indicator.direction),
                formula=formula,
                baseline=indicator.baseline_value,
            )
        cells.append(IndicatorCell(value, rate))
    chart = line_chart(
        [(year, by_year[year].value) for year in years if year in by_year],
        baseline=(indicator.baseline_year, indicator.baseline_value),
        target=(indicator.target_year, indicator.target_value),
        year_label=fy.format_wareki,
        unit=indicator.unit,
    )
    return IndicatorRow(indicator, cells, chart)


@dataclass(frozen=True)
class RoundHistory:
    """One round of a project: its departments' entries, its evaluation and the year's target
    for the whole project (``year_target``, '' when the 事務局 set none)."""

    round: Round
    entries: list[Entry]
    evaluation: NodeEvaluation | None
    year_target: str = ""

    @property
    def year_label(self) -> str:
        return fy.format_wareki(self.round.fiscal_year)

    @property
    def next_year_label(self) -> str:
        return fy.format_wareki(self.round.fiscal_year + 1)


@dataclass(frozen=True)
class ProjectHistory:
    plan: Plan
    project: PlanNode
    ancestors: list[PlanNode]
    owners: list[Department]
    indicator_years: list[int]
    indicators: list[IndicatorRow]
    rounds: list[RoundHistory]
    # The projects of earlier plan periods this one continues (PlanNode.continues), oldest
    # first, each with the rounds of its plan the reader may see.
    earlier: list[ProjectHistory] = field(default_factory=list)
    # The projects of later plan periods that continue this one (with their plans).
    continued_by: list[PlanNode] = field(default_factory=list)

    @property
    def across_plans(self) -> list[tuple[ProjectHistory, RoundHistory]]:
        """Every year of the project across plan periods, oldest first: the earlier plans'
        rounds, then this plan's, each with the period (project and plan) it belongs to."""
        periods = [*self.earlier, self]
        return [(period, item) for period in periods for item in sorted(period.rounds, key=_year)]

    @property
    def span(self) -> str:
        """The years the project is evaluated when not the whole plan (「令和6年度まで」 …)."""
        return span_label(self.project.first_year, self.project.last_year)

    @property
    def original(self) -> PlanNode | None:
        return self.project.listing_of

    @property
    def description(self) -> str:
        return _description(self.project)

    @property
    def achievement_formula(self) -> str:
        """The sentence stating how the plan computes the rates shown (「達成率 = 実績値 ÷ 目標値…」)."""
        return describe_formula(self.plan.achievement_formula)


def _year(item: RoundHistory) -> int:
    return item.round.fiscal_year


def project_history(
    project: PlanNode,
    rounds: Sequence[Round],
    *,
    visible: Q | None = None,
    rounds_of: Callable[[Plan], Sequence[Round]] | None = None,
) -> ProjectHistory:
    """A project with its indicators and, for each of ``rounds`` (newest first), its entries.

    Indicator values of a year whose round exists but is not among ``rounds`` are withheld: they
    belong to an evaluation the reader may not see yet. With ``rounds_of`` (the rounds of a plan
    the reader may see), ``earlier`` holds the history of each project of an earlier plan period
    this one continues, and of those it continues in turn, and ``continued_by`` the projects of
    later plans that continue it.
    """
    found = _project_history(project, rounds, visible=visible)
    if rounds_of is not None:
        found.earlier.extend(_earlier(found.project, rounds_of, visible))
        later = PlanNode.objects.filter(continues_id=found.project.pk).select_related("plan")
        found.continued_by.extend(later.order_by("plan__first_fiscal_year", "pk"))
    return found


def _earlier(
    project: PlanNode, rounds_of: Callable[[Plan], Sequence[Round]], visible: Q | None
) -> list[ProjectHistory]:
    """The histories of the projects ``project`` continues, oldest plan first (a chain of
    continuations; a loop, which the editor cannot make, is cut where it would repeat)."""
    chain: list[ProjectHistory] = []
    seen = {project.pk}
    previous_id = project.continues_id
    while previous_id is not None and previous_id not in seen:
        seen.add(previous_id)
        previous = PlanNode.objects.select_related("plan").get(pk=previous_id)
        chain.append(_project_history(previous, list(rounds_of(previous.plan)), visible=visible))
        previous_id = previous.continues_id
    return chain[::-1]


def _name_as_published(rounds: Sequence[Round], nodes: list[PlanNode]) -> None:
    """Name ``nodes`` (the project and its ancestors) as the newest of ``rounds`` shows them when it
    is published: a visitor reads the project under the name of the year published, corrections
    (正誤) included, not under a later edit of the plan. The staff's newest round is the current
    one, which shows the plan as it is now."""
    newest = rounds[0] if rounds else None
    if newest is None or not newest.is_published:
        return
    for node in nodes:
        row = shown_row(newest, "node", node.pk)
        if row is not None:
            node.code, node.title, node.description = row["code"], row["title"], row["description"]


def _project_history(project: PlanNode, rounds: Sequence[Round], *, visible: Q | None) -> ProjectHistory:
    plan = project.plan
    nodes = _nodes(plan, _scope_below(plan, project))
    project = nodes[project.pk]
    load_published(rounds)  # one query for every published year's structure
    _name_as_published(rounds, [project, *_ancestors(nodes, project)])
    owners = [o.department for o in project.ownerships.select_related("department").order_by("position")]
    rank = {department.pk: position for position, department in enumerate(owners)}
    shown = {round_.fiscal_year for round_ in rounds}
    withheld = set(plan.rounds.values_list("fiscal_year", flat=True)) - shown
    indicators = list(project.indicators.prefetch_related("values").order_by("position"))
    years = sorted({v.fiscal_year for i in indicators for v in i.values.all()} - withheld)
    rows = [_indicator_row(indicator, years, plan.achievement_formula) for indicator in indicators]
    entries: dict[int, list[Entry]] = defaultdict(list)
    evaluations: dict[int, NodeEvaluation] = {}
    if rounds and not project.listing_of_id:
        found = Entry.objects.filter(visible or Q(), project=project, round__in=list(rounds)).select_related(
            "rating", "department"
        )
        published = {round_.pk: round_ for round_ in rounds}
        for entry in sorted(found, key=lambda e: _owner_order(rank.get(e.department_id), e.department)):
            entry.department, entry.rating = as_shown(
                published[entry.round_id], entry.department, entry.rating
            )
            entries[entry.round_id].append(entry)
        for evaluation in NodeEvaluation.objects.filter(node=project, round__in=list(rounds)).select_related(
            "rating"
        ):
            evaluations[evaluation.round_id] = evaluation
    if project.shared_from_id is not None:  # 共通事業: owned and entered in the other plan
        ownerships = ProjectOwner.objects.filter(project_id=project.shared_from_id).order_by("position")
        owners = [ownership.department for ownership in ownerships.select_related("department")]
        entries, evaluations = shared_history(project.shared_from_id, rounds, visible)
    targets = (
        dict(
            ProjectTarget.objects.filter(project=project, round__in=list(rounds)).values_list(
                "round_id", "year_target"
            )
        )
        if rounds and not project.listing_of_id
        else {}
    )
    history = [RoundHistory(r, entries[r.pk], evaluations.get(r.pk), targets.get(r.pk, "")) for r in rounds]
    return ProjectHistory(plan, project, _ancestors(nodes, project), owners, years, rows, history)
