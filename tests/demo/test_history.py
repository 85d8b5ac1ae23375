"""The demo's evaluation history: rounds, entries, consolidated evaluations, indicators, opinions."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from statistics import mean
from zoneinfo import ZoneInfo

import pytest

from shinchoku.core.indicators import Direction, achievement_rate
from shinchoku.core.ratings import ABC, ConsolidationRule, consolidate
from shinchoku.demo.generator import DemoSummary, generate_demo
from shinchoku.evaluations.models import CommitteeOpinion, Entry, IndicatorValue, NodeEvaluation, Round
from shinchoku.plans.models import Indicator, PlanNode


def published_entries() -> list[Entry]:
    return list(
        Entry.objects.filter(round__state=Round.State.PUBLISHED).select_related("round", "rating", "project")
    )


def entries_by_round_and_project() -> dict[tuple[int, int], dict[int, Entry]]:
    """(fiscal year, project id) → department id → entry, for published rounds."""
    found: dict[tuple[int, int], dict[int, Entry]] = defaultdict(dict)
    for entry in published_entries():
        found[(entry.round.fiscal_year, entry.project_id)][entry.department_id] = entry
    return found


def test_rounds_run_from_the_plans_first_year_to_the_current_one(demo: DemoSummary) -> None:
    rounds = Round.objects.filter(plan=demo.plan).order_by("fiscal_year")

    assert [(round_.fiscal_year, round_.state) for round_ in rounds] == [
        (2021, "published"),
        (2022, "published"),
        (2023, "published"),
        (2024, "collecting"),
    ]
    assert all(round_.published_at is not None and round_.deadline for round_ in rounds[:3])
    assert rounds[3].published_at is None
    assert rounds[3].deadline is not None


@pytest.mark.django_db
def test_the_current_fiscal_year_can_be_chosen() -> None:
    generate_demo(current_fiscal_year=2023)

    assert list(Round.objects.order_by("fiscal_year").values_list("fiscal_year", "state")) == [
        (2021, "published"),
        (2022, "published"),
        (2023, "collecting"),
    ]


def test_every_published_round_has_entries_for_every_owner_of_every_active_project(
    demo: DemoSummary,
) -> None:
    found = entries_by_round_and_project()
    owners = {
        project.pk: {department.pk for department in project.owners.all()}
        for project in PlanNode.objects.filter(level=3, listing_of__isnull=True).prefetch_related("owners")
    }

    for year in (2021, 2022, 2023):
        active = [pk for pk in owners if (year, pk) in found]
        assert len(active) >= 0.9 * len(owners)
        for pk in active:
            assert set(found[(year, pk)]) == owners[pk]
    assert {project_id for _, project_id in found} <= set(owners)


def test_some_projects_start_late_and_some_end_early(demo: DemoSummary) -> None:
    years_by_project: dict[int, set[int]] = defaultdict(set)
    for year, project_id in Entry.objects.values_list("round__fiscal_year", "project_id"):
        years_by_project[project_id].add(year)

    started_late = [years for years in years_by_project.values() if min(years) == 2022]
    ended_early = [years for years in years_by_project.values() if max(years) == 2022]

    assert started_late
    assert ended_early
    assert all(years == set(range(min(years), max(years) + 1)) for years in years_by_project.values())
    assert all(max(years) == 2024 for years in started_late)


def test_year_targets_carry_last_years_next_year_goal(demo: DemoSummary) -> None:
    entries = {
        (entry.round.fiscal_year, entry.project_id, entry.department_id): entry
        for entry in Entry.objects.select_related("round")
    }

    carried = 0
    for (year, project_id, department_id), entry in entries.items():
        previous = entries.get((year - 1, project_id, department_id))
        if previous is None:
            assert entry.year_target == entry.final_target
        else:
            assert entry.year_target == previous.next_year_goal != ""
            carried += 1
    assert carried > 300


def test_entries_carry_numbers_and_reasons(demo: DemoSummary) -> None:
    for entry in published_entries():
        assert entry.final_target
        assert entry.progress.startswith("○")
        assert entry.reason.startswith("○")
        assert entry.next_year_goal.startswith("○")
    assert mean(any(ch.isdigit() for ch in entry.progress) for entry in published_entries()) > 0.6


def test_unrated_entries_exist_and_are_null(demo: DemoSummary) -> None:
    entries = published_entries()
    unrated = [entry for entry in entries if entry.rating is None]

    assert 0.02 <= len(unrated) / len(entries) <= 0.1
    assert all(entry.rating_id is None and entry.progress for entry in unrated)
    assert all(
        entry.rating is None or entry.rating.scale_id == demo.plan.rating_scale_id for entry in entries
    )


def test_ratings_are_mostly_a_and_b_and_drift_between_years(demo: DemoSummary) -> None:
    codes = [entry.rating.code for entry in published_entries() if entry.rating is not None]
    share = {code: codes.count(code) / len(codes) for code in ("A", "B", "C", "−")}

    assert share["A"] + share["B"] >= 0.75
    assert share["C"] >= 0.04
    assert share["−"] < 0.03

    rank = {"A": 0, "B": 1, "C": 2}
    by_owner: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for entry in published_entries():
        if entry.rating is not None and entry.rating.code in rank:
            by_owner[(entry.project_id, entry.department_id)][entry.round.fiscal_year] = rank[
                entry.rating.code
            ]
    moves = [years[2023] - years[2022] for years in by_owner.values() if {2022, 2023} <= set(years)]
    assert any(move < 0 for move in moves), "some projects rise"
    assert any(move > 0 for move in moves), "some projects fall"


def test_c_ratings_come_with_longer_reasons(demo: DemoSummary) -> None:
    reasons: dict[str, list[int]] = defaultdict(list)
    for entry in published_entries():
        if entry.rating is not None:
            reasons[entry.rating.code].append(len(entry.reason))

    assert mean(reasons["C"]) > 1.5 * mean(reasons["A"])


def test_multi_owner_projects_are_consolidated_by_the_lowest_rating(demo: DemoSummary) -> None:
    found = entries_by_round_and_project()
    evaluations = {
        (evaluation.round.fiscal_year, evaluation.node_id): evaluation
        for evaluation in NodeEvaluation.objects.filter(node__level=3).select_related("round", "rating")
    }

    checked = 0
    for project in PlanNode.objects.filter(level=3, listing_of__isnull=True).prefetch_related("ownerships"):
        owners = [ownership.department_id for ownership in project.ownerships.all()]
        for year in (2021, 2022, 2023):
            entries = found.get((year, project.pk))
            evaluation = evaluations.get((year, project.pk))
            if entries is None or len(owners) == 1:
                assert evaluation is None
                continue
            assert evaluation is not None
            ratings = [entries[owner].rating for owner in owners]
            codes = [rating.code if rating is not None else None for rating in ratings]
            expected = consolidate(ABC, codes, ConsolidationRule.LOWEST).rating
            assert evaluation.rule == "lowest"
            assert (evaluation.rating.code if evaluation.rating else None) == expected
            checked += 1
    assert checked > 30


def test_every_policy_has_a_manual_evaluation_with_a_comment_in_every_published_round(
    demo: DemoSummary,
) -> None:
    policies = PlanNode.objects.filter(plan=demo.plan, level=1)

    for round_ in Round.objects.filter(plan=demo.plan):
        evaluations = NodeEvaluation.objects.filter(round=round_, node__level=1)
        if not round_.is_published:
            assert not NodeEvaluation.objects.filter(round=round_).exists()
            continue
        assert evaluations.count() == policies.count()
        assert not evaluations.exclude(rule="manual").exists()
        assert not evaluations.filter(comment="").exists()
        assert evaluations.filter(rating__isnull=False).count() == evaluations.count()
    assert not NodeEvaluation.objects.filter(node__level__in=(0, 2)).exists()


def test_the_current_round_is_collecting_and_partly_filled(demo: DemoSummary) -> None:
    current = Round.objects.get(plan=demo.plan, fiscal_year=2024)
    entries = Entry.objects.filter(round=current)
    by_department: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_department[entry.department_id].append(entry)

    done = [rows for rows in by_department.values() if all(row.next_year_goal for row in rows)]
    blank = [rows for rows in by_department.values() if not any(row.progress for row in rows)]
    assert current.state == Round.State.COLLECTING
    assert done
    assert blank
    assert 0.2 <= entries.exclude(progress="").count() / entries.count() <= 0.8
    assert all(entry.year_target for entry in entries), "targets are filled in when the round opens"


def test_indicators_cover_about_a_third_of_projects(demo: DemoSummary) -> None:
    indicators = Indicator.objects.filter(node__plan=demo.plan)
    projects = PlanNode.objects.filter(level=3, listing_of__isnull=True).count()

    assert 0.25 <= indicators.count() / projects <= 0.35
    assert set(indicators.values_list("unit", flat=True)) <= {"人", "回", "箇所", "件", "%"}
    assert set(indicators.values_list("baseline_year", "target_year")) == {(2020, 2026)}
    assert indicators.filter(direction=Direction.DOWN).exists()
    assert indicators.filter(direction=Direction.UP).count() > indicators.count() / 2


def test_indicator_values_move_towards_their_targets(demo: DemoSummary) -> None:
    rates = []
    for indicator in Indicator.objects.prefetch_related("values"):
        values = {value.fiscal_year: value.value for value in indicator.values.all()}
        assert values, f"{indicator} has no values"
        assert indicator.target_value is not None
        assert indicator.baseline_value is not None
        if 2023 in values:
            rate = achievement_rate(
                actual=values[2023],
                target=indicator.target_value,
                direction=Direction(indicator.direction),
                formula=demo.plan.achievement_formula,
                baseline=indicator.baseline_value,
            )
            assert rate is not None
            assert 0 <= rate < 1.3
            rates.append(rate)
    assert len(rates) > 20
    assert mean(rates) > 0.2
    assert not IndicatorValue.objects.filter(value__lt=0).exists()


def test_committee_opinions_come_with_the_citys_response(demo: DemoSummary) -> None:
    for round_ in Round.objects.filter(plan=demo.plan):
        opinions = CommitteeOpinion.objects.filter(round=round_)
        if round_.is_published:
            assert opinions.count() >= 2
            assert not opinions.filter(response="").exists()
            assert set(opinions.values_list("node__level", flat=True)) == {1}
        else:
            assert not opinions.exists()


def test_the_collecting_round_is_not_overdue_when_the_demo_is_generated(demo: DemoSummary) -> None:
    collecting = Round.objects.get(plan=demo.plan, state="collecting")
    assert collecting.deadline is not None
    assert collecting.deadline > datetime.now(ZoneInfo("Asia/Tokyo")).date()


def test_shared_projects_are_rated_by_the_rule_the_plan_states_and_its_rates_by_its_formula(
    demo: DemoSummary,
) -> None:
    projects = NodeEvaluation.objects.filter(round__plan=demo.plan, node__level=demo.plan.project_level)

    assert (demo.plan.multi_department_rule, demo.plan.achievement_formula) == ("lowest", "progress")
    assert set(projects.values_list("rule", flat=True)) == {demo.plan.multi_department_rule}
