"""Assembling a round's report content from the selectors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.evaluations.models import CommitteeOpinion, Entry, Round
from shinchoku.reports.content import ReportContentError, build_report_content
from tests.evaluations.tiny_plan import TinyPlan

pytestmark = pytest.mark.django_db


def test_the_cover_names_the_municipality_plan_period_and_year_in_both_calendars(tiny: TinyPlan) -> None:
    content = build_report_content(tiny.published)
    assert content.municipality == "北本市"
    assert content.plan_title == "北本市地域福祉計画"
    assert content.year_label == "令和5年度(2023年度)"
    assert content.period_label == tiny.plan.period_label
    assert content.title == "北本市地域福祉計画 令和5年度 進捗状況報告書"


def test_a_policy_holds_its_header_legend_and_one_section_per_initiative(tiny: TinyPlan) -> None:
    (policy,) = build_report_content(tiny.published).policies
    assert policy.node.label == "1-1 福祉の心を育む学習機会の充実"
    assert policy.goal is not None
    assert policy.goal.code == "1"
    assert policy.rating == "B"
    assert [item.code for item in policy.legend if item.is_current] == ["B"]
    assert [section.initiative.code for section in policy.sections if section.initiative] == [
        "1-1-1",
        "1-1-2",
    ]
    assert policy.project_count == 4


def test_a_shared_project_keeps_each_departments_text_and_rating_lead_first(tiny: TinyPlan) -> None:
    (policy,) = build_report_content(tiny.published).policies
    shared = policy.sections[0].rows[1]
    assert shared.rating == "B"
    assert [(item.department, item.rating) for item in shared.department_ratings] == [
        ("共生福祉課", "B"),
        ("社協", "A"),
    ]
    assert [text.department for text in shared.progress] == ["共生福祉課", "社協"]


def test_a_cross_listing_points_at_its_original_without_texts_of_its_own(tiny: TinyPlan) -> None:
    (policy,) = build_report_content(tiny.published).policies
    relisted = policy.sections[1].rows[1]
    assert relisted.cross_listing_of is not None
    assert relisted.cross_listing_of.code == "1-1-1-2"
    assert relisted.progress == ()


def test_the_tallies_keep_the_unrated_apart_and_leave_cross_listings_out(tiny: TinyPlan) -> None:
    by_goal, by_policy, by_department = build_report_content(tiny.published).summary.tallies
    assert by_goal.codes == ("A", "B", "C")
    assert by_goal.total.counts == (1, 1, 0)
    assert by_goal.total.unrated == 1
    assert by_goal.total.total == 3
    assert by_policy.rows[0].label == "1-1 福祉の心を育む学習機会の充実"
    departments = {row.label: (row.counts, row.unrated) for row in by_department.rows}
    assert departments == {"生涯学習課": ((1, 0, 0), 0), "共生福祉課": ((0, 1, 0), 0), "社協": ((1, 0, 0), 1)}


def test_the_indicator_table_gives_baseline_target_actual_and_achievement(tiny: TinyPlan) -> None:
    (line,) = build_report_content(tiny.published).summary.indicators
    assert (line.baseline, line.target, line.actual) == (Decimal("3"), Decimal("12"), Decimal("7.5"))
    assert line.achievement == Decimal("0.5")
    assert line.target_year_label == "令和8年度"


def test_the_public_cannot_have_a_report_of_an_unpublished_round(tiny: TinyPlan) -> None:
    with pytest.raises(ReportContentError, match="公表されていない"):
        build_report_content(tiny.collecting, "public")


def test_staff_see_the_draft_with_a_notice_and_the_rule_behind_the_rating(tiny: TinyPlan) -> None:
    content = build_report_content(tiny.collecting, "staff")
    assert content.draft_notice is not None
    assert "照会中" in content.draft_notice
    assert content.policies[0].sections[0].rows[0].rating == "C"
    assert build_report_content(tiny.published, "staff").policies[0].evaluation_rule == "事務局が判断"
    assert build_report_content(tiny.published, "public").policies[0].evaluation_rule == ""


def test_the_comparison_reports_what_rose_fell_began_and_ended_since_the_previous_year(
    tiny: TinyPlan,
) -> None:
    comparison = build_report_content(tiny.collecting, "staff").summary.comparison
    assert comparison is not None
    assert comparison.previous_year_label == "令和5年度"
    kinds = {change.project.code: change.kind for change in comparison.changes}
    assert kinds == {"1-1-1-1": "fell", "1-1-1-2": "ended"}


def test_the_public_comparison_skips_unpublished_years(tiny: TinyPlan) -> None:
    Round.objects.create(plan=tiny.plan, fiscal_year=2025, state=Round.State.PUBLISHED)
    Round.objects.filter(pk=tiny.collecting.pk).update(state=Round.State.REVIEW)
    latest = Round.objects.get(fiscal_year=2025)
    comparison = build_report_content(latest, "public").summary.comparison
    assert comparison is not None
    assert comparison.previous_year_label == "令和5年度"


def test_committee_opinions_and_responses_go_under_their_policy(tiny: TinyPlan) -> None:
    CommitteeOpinion.objects.create(
        round=tiny.published, node=tiny.single, opinion="福祉教育を広げてほしい。", response="拡充します。"
    )
    (policy,) = build_report_content(tiny.published).policies
    assert [(o.subject.code, o.opinion, o.response) for o in policy.opinions] == [
        ("1-1-1-1", "福祉教育を広げてほしい。", "拡充します。")
    ]


def test_the_seed_report_keeps_every_project_and_rating(seed_round: Round) -> None:
    content = build_report_content(seed_round)
    rows = [row for policy in content.policies for section in policy.sections for row in section.rows]
    entries = Entry.objects.filter(round=seed_round)
    assert len(rows) >= entries.values("project").distinct().count()
    rated = {row.code: row.rating for row in rows if row.rating}
    assert rated
    assert content.summary.tallies[0].total.total == sum(1 for row in rows if row.cross_listing_of is None)
