"""The evaluation history of the demo's second municipality, あおば市: four rounds in the states
a city passes through (two published, one closed, one collecting), department entries on the
S/A/B/C scale with 未着手 and 評価困難 where :mod:`.health_plan` says, the multi-department projects
rated by the lead department (the plan's rule, recorded with it), the 施策 evaluations, indicator
actuals and committee opinions.

Ratings follow a random walk per project and department from a seeded RNG; everything is stored
with one bulk insert per kind.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from shinchoku.core.indicators import Direction
from shinchoku.core.ratings import ConsolidationRule, consolidate, consolidate_project
from shinchoku.demo import health_plan as words
from shinchoku.demo import writing
from shinchoku.evaluations.models import CommitteeOpinion, Entry, IndicatorValue, NodeEvaluation, Round
from shinchoku.plans.models import Department, Indicator, Municipality, Plan, PlanNode, RatingCode

PLAN_FIRST_YEAR = 2021
PLAN_LAST_YEAR = 2028
BASELINE_YEAR = PLAN_FIRST_YEAR - 1
ROUND_STATES = {
    2021: Round.State.PUBLISHED,
    2022: Round.State.PUBLISHED,
    2023: Round.State.CLOSED,
    2024: Round.State.COLLECTING,
}
EVALUATED_STATES = (Round.State.PUBLISHED, Round.State.CLOSED)

JST = ZoneInfo("Asia/Tokyo")
FIRST_RATING_WEIGHTS = (10, 45, 35, 10)  # S, A, B, C in a project's first year
RISE_CHANCE = 0.2
FALL_CHANCE = 0.15
NUDGE_CHANCE = 0.2  # the secretariat's 施策 rating departs from the most common one this often
DEADLINE_DAYS_AHEAD = 30
DONE_SHARE = 0.4  # of departments that have finished the collecting round
DRAFTING_SHARE = 0.3
OPINIONS_PER_ROUND = 2

_Key = tuple[int, int]  # (project node id, department id)


@dataclass
class CityProject:
    """A project (not a cross-listing) with its words, its 施策, owners (lead first), indicator."""

    node: PlanNode
    words: words.ProjectWords
    measure: PlanNode
    owners: list[Department]
    indicator: Indicator | None = None


@dataclass
class City:
    """Everything :mod:`.second_city` stored, and then the rounds and codes of the history."""

    municipality: Municipality
    plan: Plan
    departments: list[Department]
    ratings: dict[str, RatingCode]
    policies: list[PlanNode] = field(default_factory=list)
    measures: list[PlanNode] = field(default_factory=list)
    projects: list[CityProject] = field(default_factory=list)
    cross_listings: list[PlanNode] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    # (fiscal year, project node id) → codes in owner order, in the published and closed rounds
    codes: dict[tuple[int, int], list[str | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class HistoryCounts:
    """How many rows of each kind :func:`write_history` stored."""

    entries: int
    node_evaluations: int
    indicator_values: int
    committee_opinions: int


def write_history(rng: random.Random, city: City) -> HistoryCounts:
    """Store the rounds of ``ROUND_STATES`` in ``city.rounds`` and everything in them."""
    done, drafting = _collecting_progress(rng, city.departments)
    city.rounds = Round.objects.bulk_create(
        _round(city.plan, year, state) for year, state in ROUND_STATES.items()
    )
    return HistoryCounts(
        entries=_write_entries(rng, city, done=done, drafting=drafting),
        node_evaluations=_write_node_evaluations(rng, city),
        indicator_values=_write_indicator_values(rng, city, done=done),
        committee_opinions=_write_committee_opinions(rng, city),
    )


def _round(plan: Plan, year: int, state: str) -> Round:
    deadline = date(year + 1, 5, 31)
    round_ = Round(plan=plan, fiscal_year=year, state=state, deadline=deadline)
    if state == Round.State.PUBLISHED:
        round_.published_at = datetime(year + 1, 10, 15, 10, 0, tzinfo=JST)
    elif state == Round.State.COLLECTING:
        # As for みどり市: the collection closes a month after the demo is generated.
        round_.deadline = max(deadline, datetime.now(JST).date() + timedelta(days=DEADLINE_DAYS_AHEAD))
    return round_


def _collecting_progress(rng: random.Random, departments: list[Department]) -> tuple[set[int], set[int]]:
    """Ids of the departments done with the collecting round, and of those drafting."""
    shuffled = rng.sample(departments, k=len(departments))
    done_count, drafting_count = round(len(shuffled) * DONE_SHARE), round(len(shuffled) * DRAFTING_SHARE)
    done = {department.pk for department in shuffled[:done_count]}
    return done, {department.pk for department in shuffled[done_count : done_count + drafting_count]}


def _code(
    rng: random.Random, project: CityProject, lead: bool, year: int, levels: dict[_Key, int], key: _Key
) -> str:
    """The code a department reports: 未着手 before the project starts, 評価困難 where the plan's
    words say so (lead department), else its rating, drifting a step now and then."""
    spec = project.words
    if spec.starts is not None and year < spec.starts:
        return words.NOT_STARTED
    if lead and year in spec.hard_to_rate:
        return words.HARD_TO_RATE
    ratings = words.SCALE.ratings
    if key not in levels:
        levels[key] = rng.choices(range(len(ratings)), weights=FIRST_RATING_WEIGHTS)[0]
    else:
        roll = rng.random()
        step = -1 if roll < RISE_CHANCE else 1 if roll < RISE_CHANCE + FALL_CHANCE else 0
        levels[key] = min(max(levels[key] + step, 0), len(ratings) - 1)
    return ratings[levels[key]]


def _write_entries(rng: random.Random, city: City, *, done: set[int], drafting: set[int]) -> int:
    """One entry per project, owner and round; each year's target is last year's 次年度の目標."""
    levels: dict[_Key, int] = {}
    goals: dict[_Key, str] = {}
    entries: list[Entry] = []
    for round_ in city.rounds:
        year, evaluated = round_.fiscal_year, round_.state in EVALUATED_STATES
        for project in city.projects:
            codes: list[str | None] = []
            shared = len(project.owners) > 1
            for position, department in enumerate(project.owners):
                key = (project.node.pk, department.pk)
                entry = Entry(
                    round=round_,
                    project=project.node,
                    department=department,
                    final_target="" if shared else project.words.final_target,
                    year_target=goals.get(key, project.words.final_target),
                )
                code: str | None = None
                if evaluated or department.pk in done:
                    code = _code(rng, project, position == 0, year, levels, key)
                    _fill(rng, entry, project, code)
                    entry.rating = city.ratings[code]
                    entry.status = (
                        Entry.Status.APPROVED if evaluated or rng.random() < 0.5 else Entry.Status.SUBMITTED
                    )
                    goals[key] = entry.next_year_goal
                elif department.pk in drafting and rng.random() < 0.5:
                    entry.progress = writing.draft_progress(rng, kw=project.words.keyword)
                codes.append(code)
                entries.append(entry)
            if evaluated:
                city.codes[(year, project.node.pk)] = codes
    Entry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def _fill(rng: random.Random, entry: Entry, project: CityProject, code: str) -> None:
    keyword = project.words.keyword
    if code == words.NOT_STARTED:
        entry.progress = words.NOT_STARTED_PROGRESS
    else:
        entry.progress = writing.progress(rng, kw=keyword)
    entry.reason = rng.choice(words.REASONS[code])
    entry.next_year_goal = writing.next_year_goal(rng, name=project.node.title, kw=keyword)


def project_code(codes: list[str | None]) -> str | None:
    """A multi-department project's code by the plan's rule, 主担当課の評価: the lead department's
    code, a non-rating one (未着手, 評価困難) included, so that it is counted as what it is."""
    return consolidate_project(words.SCALE, codes, ConsolidationRule.LEAD_DEPARTMENT).rating


def _write_node_evaluations(rng: random.Random, city: City) -> int:
    """In the published and closed rounds: every multi-department project (the plan's rule) and
    every 施策 (the secretariat's rating, usually the most common of its projects')."""
    evaluations: list[NodeEvaluation] = []
    for round_ in city.rounds:
        if round_.state not in EVALUATED_STATES:
            continue
        by_measure: dict[int, list[str | None]] = defaultdict(list)
        for project in city.projects:
            codes = city.codes[(round_.fiscal_year, project.node.pk)]
            code = codes[0] if len(codes) == 1 else project_code(codes)
            if len(codes) > 1:
                evaluations.append(
                    _evaluation(city, round_, project.node, code, ConsolidationRule.LEAD_DEPARTMENT, "")
                )
            by_measure[project.measure.pk].append(code)
        for measure in city.measures:
            rated = [code for code in by_measure[measure.pk] if code in words.SCALE.ratings]
            rating = consolidate(words.SCALE, rated, ConsolidationRule.MOST_COMMON).rating
            if rating is not None and rng.random() < NUDGE_CHANCE:
                ratings = words.SCALE.ratings
                rating = ratings[min(max(ratings.index(rating) + rng.choice((-1, 1)), 0), len(ratings) - 1)]
            comment = words.SECRETARIAT_COMMENTS[rating]
            evaluations.append(_evaluation(city, round_, measure, rating, ConsolidationRule.MANUAL, comment))
    NodeEvaluation.objects.bulk_create(evaluations)
    return len(evaluations)


def _evaluation(
    city: City, round_: Round, node: PlanNode, code: str | None, rule: ConsolidationRule, comment: str
) -> NodeEvaluation:
    rating = city.ratings[code] if code is not None else None
    return NodeEvaluation(round=round_, node=node, rating=rating, rule=rule.value, comment=comment)


def _write_indicator_values(rng: random.Random, city: City, *, done: set[int]) -> int:
    """Actuals moving from the baseline towards the target at each indicator's own pace (a kept
    indicator wavers around its target), in the evaluated rounds and, in the collecting one,
    where the lead department is done."""
    values: list[IndicatorValue] = []
    span = PLAN_LAST_YEAR - BASELINE_YEAR
    for project in city.projects:
        indicator = project.indicator
        if indicator is None or indicator.baseline_value is None or indicator.target_value is None:
            continue
        baseline, target = float(indicator.baseline_value), float(indicator.target_value)
        pace = rng.uniform(0.5, 1.4)
        for round_ in city.rounds:
            year = round_.fiscal_year
            if round_.state not in EVALUATED_STATES and project.owners[0].pk not in done:
                continue
            if indicator.direction == Direction.KEEP:
                value = target + rng.uniform(-1.5, 1.0)
            else:
                noise = rng.uniform(-0.05, 0.05) * abs(target - baseline)
                value = baseline + (target - baseline) * pace * (year - BASELINE_YEAR) / span + noise
            if indicator.unit == "%":
                value = min(value, 100.0)
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    fiscal_year=year,
                    value=quantise(Decimal(str(value)), indicator.unit),
                )
            )
    IndicatorValue.objects.bulk_create(values)
    return len(values)


def quantise(value: Decimal, unit: str) -> Decimal:
    """People are whole numbers, percentages and grams have one decimal; never negative."""
    value = max(value, Decimal(0))
    return value.quantize(Decimal(1) if unit == "人" else Decimal("0.1"))


def _write_committee_opinions(rng: random.Random, city: City) -> int:
    opinions: list[CommitteeOpinion] = []
    for round_ in city.rounds:
        if round_.state != Round.State.PUBLISHED:
            continue
        chosen = rng.sample(city.measures, k=OPINIONS_PER_ROUND)
        for measure in sorted(chosen, key=city.measures.index):
            pairs = writing.committee_opinions(rng, policy=measure.title, count=1)
            opinions += [
                CommitteeOpinion(
                    round=round_, node=measure, position=position, opinion=opinion, response=response
                )
                for position, (opinion, response) in enumerate(pairs)
            ]
    CommitteeOpinion.objects.bulk_create(opinions)
    return len(opinions)
