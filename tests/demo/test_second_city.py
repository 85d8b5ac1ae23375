"""The demo's second municipality, あおば市: another plan shape, another scale, its non-rating
codes in use, and numbers that add up on the pages that count them."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.core.indicators import Direction
from shinchoku.core.local_government_code import normalise_code
from shinchoku.demo import health_plan
from shinchoku.demo.accounts import create_city_accounts
from shinchoku.demo.generator import DemoAlreadyExistsError, DemoSummary, generate_demo
from shinchoku.demo.second_city import CITY_CODE, describe_shape, generate_second_demo
from shinchoku.demo.second_city_history import project_code
from shinchoku.evaluations.models import CommitteeOpinion, Entry, IndicatorValue, NodeEvaluation, Round
from shinchoku.evaluations.selectors import plan_tree
from shinchoku.plans.models import Department, Indicator, IndicatorTarget, PlanNode, ProjectOwner

NON_RATING = (health_plan.NOT_STARTED, health_plan.HARD_TO_RATE)


@pytest.fixture
def aoba(db: None) -> DemoSummary:
    return generate_second_demo()


def _projects(aoba: DemoSummary) -> list[PlanNode]:
    return list(
        PlanNode.objects.filter(plan=aoba.plan, level=aoba.plan.project_level, listing_of__isnull=True)
    )


def _evaluated_rounds(aoba: DemoSummary) -> list[Round]:
    return list(aoba.plan.rounds.filter(state__in=["published", "closed"]).order_by("fiscal_year"))


def _lead_codes(round_: Round) -> dict[int, list[str | None]]:
    """Each project's codes in owner order (lead first) in ``round_``."""
    rank = {(o.project_id, o.department_id): o.position for o in ProjectOwner.objects.all()}
    codes: dict[int, list[tuple[int, str | None]]] = {}
    for entry in Entry.objects.filter(round=round_).select_related("rating"):
        code = entry.rating.code if entry.rating else None
        codes.setdefault(entry.project_id, []).append((rank[(entry.project_id, entry.department_id)], code))
    return {project: [code for _, code in sorted(pairs)] for project, pairs in codes.items()}


def test_it_is_a_three_level_plan_evaluated_at_its_second_level_with_a_valid_code(aoba: DemoSummary) -> None:
    plan = aoba.plan

    assert plan.level_labels == ["基本方針", "施策", "事業"]
    assert plan.evaluation_level == 1
    assert normalise_code(aoba.municipality.code) == aoba.municipality.code == CITY_CODE
    levels = Counter(PlanNode.objects.filter(plan=plan).values_list("level", flat=True))
    assert set(levels) == {0, 1, 2}
    for node in PlanNode.objects.filter(plan=plan).select_related("parent"):
        assert (node.parent.level if node.parent else -1) == node.level - 1, node.code
    assert aoba.counts.projects == len(_projects(aoba)) >= 20


def test_its_scale_rates_s_to_c_and_keeps_not_started_and_hard_to_rate_apart(aoba: DemoSummary) -> None:
    codes = list(aoba.plan.rating_scale.codes.order_by("position").values_list("code", "is_rating"))

    assert codes == [
        ("S", True),
        ("A", True),
        ("B", True),
        ("C", True),
        ("未着手", False),
        ("評価困難", False),
    ]


def test_it_rates_shared_projects_by_the_lead_department_and_achievement_as_a_ratio(
    aoba: DemoSummary,
) -> None:
    assert (aoba.plan.multi_department_rule, aoba.plan.achievement_formula) == ("lead_department", "ratio")


def test_outside_bodies_own_projects_and_several_projects_have_more_than_one_owner(aoba: DemoSummary) -> None:
    owners = ProjectOwner.objects.filter(project__plan=aoba.plan)
    outside = owners.filter(department__kind=Department.Kind.EXTERNAL)

    assert outside.values("department").distinct().count() >= 3
    per_project = Counter(owners.values_list("project_id", flat=True))
    assert sum(1 for count in per_project.values() if count > 1) == aoba.counts.multi_owner_projects >= 8
    assert not Department.objects.filter(municipality=aoba.municipality, ownerships__isnull=True).exists()


def test_a_shared_projects_target_is_the_projects_and_a_single_departments_is_its_entry(
    aoba: DemoSummary,
) -> None:
    for project in _projects(aoba):
        entries = Entry.objects.filter(project=project)
        if project.ownerships.count() > 1:
            assert project.final_target
            assert set(entries.values_list("final_target", flat=True)) == {""}
        else:
            assert not project.final_target
            assert "" not in set(entries.values_list("final_target", flat=True))


def test_a_cross_listing_shows_a_project_again_under_another_measure_without_entries(
    aoba: DemoSummary,
) -> None:
    (listing,) = PlanNode.objects.filter(plan=aoba.plan, listing_of__isnull=False).select_related(
        "listing_of"
    )

    assert listing.level == listing.listing_of.level
    assert listing.parent_id != listing.listing_of.parent_id
    assert not Entry.objects.filter(project=listing).exists()


def test_indicators_rise_fall_and_hold_each_with_an_interim_target(aoba: DemoSummary) -> None:
    indicators = Indicator.objects.filter(node__plan=aoba.plan)

    assert set(indicators.values_list("direction", flat=True)) == set(Direction)
    assert indicators.count() == aoba.counts.indicators
    assert IndicatorTarget.objects.filter(indicator__in=indicators).count() == indicators.count()
    for indicator in indicators.filter(direction=Direction.DOWN):
        assert indicator.baseline_value is not None
        assert indicator.target_value is not None
        assert indicator.target_value < indicator.baseline_value
    assert IndicatorValue.objects.filter(indicator__in=indicators).count() == aoba.counts.indicator_values


def test_its_rounds_are_published_closed_and_collecting(aoba: DemoSummary) -> None:
    states = dict(aoba.plan.rounds.values_list("fiscal_year", "state"))

    assert states == {2021: "published", 2022: "published", 2023: "closed", 2024: "collecting"}
    published = aoba.plan.rounds.filter(state="published")
    assert all(round_.published_at is not None for round_ in published)
    collecting = Entry.objects.filter(round__plan=aoba.plan, round__state="collecting")
    assert collecting.filter(rating__isnull=False).exists()
    assert collecting.filter(rating__isnull=True).exists()
    evaluated = Entry.objects.filter(round__state__in=["published", "closed"], round__plan=aoba.plan)
    assert not evaluated.filter(rating__isnull=True).exists()
    assert set(evaluated.values_list("status", flat=True)) == {"approved"}


def test_entries_of_published_years_use_both_non_rating_codes(aoba: DemoSummary) -> None:
    used = Entry.objects.filter(round__plan=aoba.plan, round__state="published", rating__is_rating=False)

    assert set(used.values_list("rating__code", flat=True)) == set(NON_RATING)
    for entry in used.filter(rating__code=health_plan.NOT_STARTED):
        assert "準備" in entry.reason


def test_every_shared_project_is_rated_by_its_lead_and_records_the_rule(aoba: DemoSummary) -> None:
    for round_ in _evaluated_rounds(aoba):
        codes = _lead_codes(round_)
        shared = {project: found for project, found in codes.items() if len(found) > 1}
        evaluations = NodeEvaluation.objects.filter(round=round_, node_id__in=shared).select_related("rating")
        assert evaluations.count() == len(shared)
        for evaluation in evaluations:
            assert evaluation.rule == "lead_department"
            assert evaluation.rating is not None
            assert evaluation.rating.code == shared[evaluation.node_id][0]


def test_the_lead_departments_non_rating_code_is_the_projects_code() -> None:
    assert project_code(["未着手", "未着手"]) == "未着手"
    assert project_code(["評価困難", "A"]) == "評価困難"
    assert project_code(["B", "S"]) == "B"


def test_every_measure_is_evaluated_in_every_published_and_closed_round(aoba: DemoSummary) -> None:
    measures = PlanNode.objects.filter(plan=aoba.plan, level=aoba.plan.evaluation_level)
    for round_ in _evaluated_rounds(aoba):
        evaluations = NodeEvaluation.objects.filter(round=round_, node__in=measures)
        assert evaluations.count() == measures.count()
        assert set(evaluations.values_list("rule", flat=True)) == {"manual"}
    opinions = CommitteeOpinion.objects.filter(round__plan=aoba.plan)
    assert opinions.count() == aoba.counts.committee_opinions > 0
    assert set(opinions.values_list("round__state", flat=True)) == {"published"}
    assert set(opinions.values_list("node__level", flat=True)) == {aoba.plan.evaluation_level}


def test_the_plans_tallies_count_every_project_once_with_its_lead_code(aoba: DemoSummary) -> None:
    for round_ in _evaluated_rounds(aoba):
        expected = Counter(found[0] for found in _lead_codes(round_).values())
        tally = plan_tree(aoba.plan, round_).tally

        assert tally.total == aoba.counts.projects
        assert tally.unrated == 0
        assert {**tally.counts, **tally.others} == {
            code: expected[code] for code in [*tally.counts, *tally.others]
        }
        assert tally.rated + tally.not_rated == sum(expected.values())
    first = plan_tree(aoba.plan, _evaluated_rounds(aoba)[0]).tally
    assert first.others[health_plan.NOT_STARTED] == 2
    assert first.others[health_plan.HARD_TO_RATE] == 1


def test_the_counts_it_reports_are_the_rows_it_wrote(aoba: DemoSummary) -> None:
    plan = aoba.plan
    counts = aoba.counts

    assert counts.departments == Department.objects.filter(municipality=aoba.municipality).count()
    assert counts.nodes == PlanNode.objects.filter(plan=plan).count()
    assert counts.owners == ProjectOwner.objects.filter(project__plan=plan).count()
    assert counts.entries == Entry.objects.filter(round__plan=plan).count() == counts.owners * counts.rounds
    assert counts.node_evaluations == NodeEvaluation.objects.filter(round__plan=plan).count()
    assert counts.cross_listings == 1
    generated = AuditEntry.objects.get(action="generate_demo", municipality=aoba.municipality)
    assert generated.changes["entries"] == {"before": 0, "after": counts.entries}


def _snapshot() -> list[tuple[Any, ...]]:
    return list(
        Entry.objects.order_by("round__fiscal_year", "project__code", "department__name").values_list(
            "round__fiscal_year", "project__code", "department__name", "rating__code", "progress", "reason"
        )
    )


def test_the_same_seed_gives_the_same_city_and_another_seed_another(db: None) -> None:
    runs = []
    for seed in (7, 7, 8):
        with transaction.atomic():
            generate_second_demo(seed=seed)
            runs.append(_snapshot())
            transaction.set_rollback(True)

    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_it_refuses_to_generate_the_city_twice(aoba: DemoSummary) -> None:
    with pytest.raises(DemoAlreadyExistsError, match="あおば市"):
        generate_second_demo()


def test_its_accounts_belong_to_it_and_its_editors_have_work_to_do(aoba: DemoSummary) -> None:
    accounts = create_city_accounts(municipality_code=CITY_CODE, secretariat="aoba", password="demo-password")

    users = [User.objects.get(username=account.username) for account in accounts]
    assert [user.username for user in users][:2] == ["aoba", "aoba-tanto1"]
    assert {user.municipality_id for user in users} == {aoba.municipality.pk}
    assert {user.role for user in users} == set(User.Role)
    (department,) = users[1].departments.all()
    assert Entry.objects.filter(department=department, round__state="collecting").exclude(status="approved")


def test_both_cities_plans_are_on_the_public_home_page_and_the_shape_is_read_from_the_plan(
    aoba: DemoSummary, client: Client
) -> None:
    first = generate_demo()

    html = client.get(reverse("public:home")).content.decode()

    assert first.plan.title in html
    assert aoba.plan.title in html
    assert describe_shape() == (
        "あおば市「第3次あおば市健康増進計画」(基本方針 → 施策 → 事業、評価 S・A・B・C・未着手・評価困難)"
    )


def test_the_public_dashboard_of_a_published_year_shows_the_non_rating_codes_apart(
    aoba: DemoSummary, client: Client
) -> None:
    html = client.get(reverse("public:dashboard", args=[aoba.plan.pk]) + "?year=2021").content.decode()

    assert "未着手" in html
    assert "評価困難" in html
    assert "基本目標" not in html  # みどり市's levels, which this plan lacks
    assert "取組" not in html


def test_a_falling_indicators_rate_is_target_over_actual_as_its_page_states(
    aoba: DemoSummary, client: Client
) -> None:
    indicator = Indicator.objects.get(node__plan=aoba.plan, label="成人の喫煙率")
    value = indicator.values.get(fiscal_year=2022)
    assert indicator.target_value is not None

    html = client.get(reverse("public:project", args=[aoba.plan.pk, indicator.node_id])).content.decode()

    assert "達成率 = 実績値 ÷ 目標値" in html
    assert f"達成率 {indicator.target_value / value.value * 100:.0f}%" in html
