"""The demo plan's evaluation history: yearly rounds, department entries, consolidated
evaluations (施策評価), indicator values and committee opinions.

Rounds before the current fiscal year are published; the current one is still collecting, with
some departments done, some half-way and some not started. Ratings follow a random walk per
project and department, so some projects rise and some fall between years.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shinchoku.core.ratings import ABC, ConsolidationRule, consolidate
from shinchoku.demo import writing
from shinchoku.demo.structure import (
    BASELINE_YEAR,
    NON_RATING_CODE,
    PLAN_FIRST_YEAR,
    PLAN_LAST_YEAR,
    DemoProject,
    DemoStructure,
    quantise,
)
from shinchoku.evaluations.models import CommitteeOpinion, Entry, IndicatorValue, NodeEvaluation, Round
from shinchoku.plans.models import Department, PlanNode

JST = ZoneInfo("Asia/Tokyo")
FIRST_RATING_WEIGHTS = (45, 42, 13)  # A, B, C in a project's first year
RISE_CHANCE = 0.18
FALL_CHANCE = 0.15
UNRATED_SHARE = 0.05
NOT_APPLICABLE_SHARE = 0.01
NUDGE_CHANCE = 0.2  # the secretariat's 施策 rating departs from the computed one this often
DEADLINE_DAYS_AHEAD = 30  # of the collecting round, from the day the demo is generated
DONE_SHARE = 0.45  # of departments that have finished the current round
DRAFTING_SHARE = 0.25  # of departments that have started it
OPINION_SHARE = 0.15  # of 施策 that get committee opinions in a published round


@dataclass
class _Track:
    """What carries over from year to year for one project and department."""

    level: int  # index into ABC.ratings
    final_target: str
    next_year_goal: str | None = None


@dataclass
class DemoHistory:
    """What :func:`build_history` stored: the rounds, oldest first, and the number of other rows."""

    rounds: list[Round]
    entries: int = 0
    node_evaluations: int = 0
    indicator_values: int = 0
    committee_opinions: int = 0
    # (fiscal year, project node id) → rating codes in owner order, published rounds only
    ratings: dict[tuple[int, int], list[str | None]] = field(default_factory=dict)


def build_history(rng: random.Random, structure: DemoStructure, *, current_fiscal_year: int) -> DemoHistory:
    """Store rounds from the plan's first year to ``current_fiscal_year`` and everything in them."""
    years = range(PLAN_FIRST_YEAR, current_fiscal_year + 1)
    rounds = Round.objects.bulk_create(_round(structure, year, year == current_fiscal_year) for year in years)
    history = DemoHistory(rounds=rounds)
    done, drafting = _current_progress(rng, structure.departments)
    history.entries = _write_entries(rng, structure, history, done=done, drafting=drafting)
    history.node_evaluations = _write_node_evaluations(rng, structure, history)
    history.indicator_values = _write_indicator_values(rng, structure, rounds, done=done)
    history.committee_opinions = _write_committee_opinions(rng, structure, rounds)
    return history


def _round(structure: DemoStructure, year: int, current: bool) -> Round:
    # Results of a fiscal year are collected the following spring and published in the autumn.
    deadline = date(year + 1, 5, 31)
    round_ = Round(plan=structure.plan, fiscal_year=year, deadline=deadline)
    if current:
        round_.state = Round.State.COLLECTING
        # The demo's years are fixed, but a round whose deadline passed long ago would show every
        # department as overdue: the collection closes a month after the demo is generated.
        round_.deadline = max(deadline, datetime.now(JST).date() + timedelta(days=DEADLINE_DAYS_AHEAD))
    else:
        round_.state = Round.State.PUBLISHED
        round_.published_at = datetime(year + 1, 9, 30, 10, 0, tzinfo=JST)
    return round_


def _current_progress(rng: random.Random, departments: list[Department]) -> tuple[set[int], set[int]]:
    """Ids of the departments that are done with the current round, and of those drafting."""
    shuffled = rng.sample(departments, k=len(departments))
    done_count = round(len(shuffled) * DONE_SHARE)
    drafting_count = round(len(shuffled) * DRAFTING_SHARE)
    done = {department.pk for department in shuffled[:done_count]}
    drafting = {department.pk for department in shuffled[done_count : done_count + drafting_count]}
    return done, drafting


def _write_entries(
    rng: random.Random, structure: DemoStructure, history: DemoHistory, *, done: set[int], drafting: set[int]
) -> int:
    """One entry per active project, owner and round; year_target is last year's next_year_goal."""
    tracks: dict[tuple[int, int], _Track] = {}
    entries: list[Entry] = []
    for round_ in history.rounds:
        year, published = round_.fiscal_year, round_.is_published
        for project in structure.projects:
            if not project.is_active(year):
                continue
            codes: list[str | None] = []
            for department in project.owners:
                key = (project.node.pk, department.pk)
                track = tracks.get(key)
                if track is None:
                    track = tracks[key] = _start_track(rng, project)
                else:
                    track.level = _drift(rng, track.level)
                entry = Entry(
                    round=round_,
                    project=project.node,
                    department=department,
                    final_target=track.final_target,
                    year_target=track.next_year_goal or track.final_target,
                )
                code: str | None = None
                if published or department.pk in done:
                    code = _fill_entry(rng, entry, project, track, year)
                    entry.rating = structure.ratings[code] if code is not None else None
                    entry.status = _finished_status(rng, published)
                elif department.pk in drafting and rng.random() < 0.5:
                    entry.progress = writing.draft_progress(rng, kw=project.theme.keyword)
                codes.append(code)
                entries.append(entry)
            if published:
                history.ratings[(year, project.node.pk)] = codes
    Entry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def _finished_status(rng: random.Random, published: bool) -> str:
    """Published entries were approved; in the current round the 事務局 has approved about half of
    what the finished departments submitted, so the review board has work to show."""
    if published or rng.random() < 0.5:
        return Entry.Status.APPROVED
    return Entry.Status.SUBMITTED


def _start_track(rng: random.Random, project: DemoProject) -> _Track:
    level = rng.choices(range(len(ABC.ratings)), weights=FIRST_RATING_WEIGHTS)[0]
    target = writing.final_target(
        rng, name=project.node.title, kw=project.theme.keyword, indicator=project.indicator_target
    )
    return _Track(level=level, final_target=target)


def _drift(rng: random.Random, level: int) -> int:
    roll = rng.random()
    if roll < RISE_CHANCE:
        return max(level - 1, 0)
    if roll < RISE_CHANCE + FALL_CHANCE:
        return min(level + 1, len(ABC.ratings) - 1)
    return level


def _fill_entry(
    rng: random.Random, entry: Entry, project: DemoProject, track: _Track, year: int
) -> str | None:
    """Write a submitted entry, remember its 次年度の目標 as next year's target and return its
    rating code (None when the department left it unrated)."""
    roll = rng.random()
    code: str | None
    if roll < UNRATED_SHARE:
        code = None
    elif roll < UNRATED_SHARE + NOT_APPLICABLE_SHARE:
        code = NON_RATING_CODE
    else:
        code = ABC.ratings[track.level]
    keyword = project.theme.keyword
    entry.progress = (
        writing.suspended_progress() if code == NON_RATING_CODE else writing.progress(rng, kw=keyword)
    )
    entry.reason = writing.reason(rng, code)
    if year == project.last_year:
        entry.next_year_goal = writing.ending_goal(year)
    else:
        entry.next_year_goal = writing.next_year_goal(rng, name=project.node.title, kw=keyword)
    track.next_year_goal = entry.next_year_goal
    return code


def _write_node_evaluations(rng: random.Random, structure: DemoStructure, history: DemoHistory) -> int:
    """Every multi-owner project (by the plan's rule, 最も低い評価) and every 施策 (rule manual: the
    secretariat's rating, usually the most common of its projects' ratings) in every published round."""
    rule = ConsolidationRule(structure.plan.multi_department_rule)
    evaluations: list[NodeEvaluation] = []
    for round_ in history.rounds:
        if not round_.is_published:
            continue
        by_policy: dict[int, list[str | None]] = defaultdict(list)
        for project in structure.projects:
            codes = history.ratings.get((round_.fiscal_year, project.node.pk))
            if codes is None:
                continue
            if len(codes) == 1:
                by_policy[id(project.policy)].append(codes[0] if codes[0] in ABC.ratings else None)
                continue
            suggestion = consolidate(ABC, codes, rule)
            by_policy[id(project.policy)].append(suggestion.rating)
            evaluations.append(_evaluation(structure, round_, project.node, suggestion.rating, rule, ""))
        for policy in structure.policies:
            computed = consolidate(ABC, by_policy[id(policy)], ConsolidationRule.MOST_COMMON).rating
            rating = _nudge(rng, computed)
            comment = writing.secretariat_comment(rng, rating)
            evaluations.append(
                _evaluation(structure, round_, policy, rating, ConsolidationRule.MANUAL, comment)
            )
    NodeEvaluation.objects.bulk_create(evaluations, batch_size=1000)
    return len(evaluations)


def _evaluation(
    structure: DemoStructure,
    round_: Round,
    node: PlanNode,
    code: str | None,
    rule: ConsolidationRule,
    comment: str,
) -> NodeEvaluation:
    rating = structure.ratings[code] if code is not None else None
    return NodeEvaluation(round=round_, node=node, rating=rating, rule=rule.value, comment=comment)


def _nudge(rng: random.Random, code: str | None) -> str | None:
    """The secretariat sometimes rates a 施策 one step away from the computed rating."""
    if code is None or rng.random() >= NUDGE_CHANCE:
        return code
    rank = ABC.ratings.index(code)
    step = rng.choice((-1, 1))
    return ABC.ratings[min(max(rank + step, 0), len(ABC.ratings) - 1)]


def _write_indicator_values(
    rng: random.Random, structure: DemoStructure, rounds: list[Round], *, done: set[int]
) -> int:
    """Yearly actuals moving from the baseline towards the target at the indicator's own pace,
    for published rounds and, in the current round, for the projects whose lead is done."""
    values: list[IndicatorValue] = []
    span = PLAN_LAST_YEAR - BASELINE_YEAR
    for project in structure.projects:
        indicator = project.indicator
        if indicator is None or indicator.baseline_value is None or indicator.target_value is None:
            continue
        baseline, target = float(indicator.baseline_value), float(indicator.target_value)
        pace = rng.uniform(0.4, 1.3)
        for round_ in rounds:
            year = round_.fiscal_year
            if not project.is_active(year) or not (round_.is_published or project.owners[0].pk in done):
                continue
            noise = rng.uniform(-0.08, 0.08) * abs(target - baseline)
            value = baseline + (target - baseline) * pace * (year - BASELINE_YEAR) / span + noise
            if indicator.unit == "%":
                value = min(value, 100.0)
            values.append(
                IndicatorValue(indicator=indicator, fiscal_year=year, value=quantise(value, indicator.unit))
            )
    IndicatorValue.objects.bulk_create(values, batch_size=1000)
    return len(values)


def _write_committee_opinions(rng: random.Random, structure: DemoStructure, rounds: list[Round]) -> int:
    opinions: list[CommitteeOpinion] = []
    count = max(2, round(len(structure.policies) * OPINION_SHARE))
    for round_ in rounds:
        if not round_.is_published:
            continue
        chosen = rng.sample(structure.policies, k=min(count, len(structure.policies)))
        for policy in sorted(chosen, key=structure.policies.index):
            pairs = writing.committee_opinions(rng, policy=policy.title, count=rng.randint(1, 2))
            opinions += [
                CommitteeOpinion(
                    round=round_, node=policy, position=position, opinion=opinion, response=response
                )
                for position, (opinion, response) in enumerate(pairs)
            ]
    CommitteeOpinion.objects.bulk_create(opinions, batch_size=1000)
    return len(opinions)
