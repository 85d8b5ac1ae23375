"""The findings of a round: per entry, with last year's texts, the indicators and the dismissals,
in a number of queries that does not grow with the round."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from shinchoku.evaluations.selectors.quality import counts_by_department, open_counts, round_findings
from shinchoku.plans.models import Indicator, IndicatorTarget
from tests.evaluations.tiny_plan import TinyPlan, add_projects


def _queries(round_: Round) -> int:
    with CaptureQueriesContext(connection) as captured:
        round_findings(round_)
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_the_round(tiny: TinyPlan) -> None:
    small = _queries(tiny.published)
    add_projects(tiny, 20)
    assert Entry.objects.filter(round=tiny.published).count() > 20
    assert _queries(tiny.published) == small


def test_text_copied_from_the_same_departments_entry_last_year_is_found(tiny: TinyPlan) -> None:
    last = Entry.objects.get(round=tiny.published, project=tiny.single)
    Entry.objects.filter(round=tiny.collecting, project=tiny.single).update(progress=last.progress + " ")
    [item] = round_findings(tiny.collecting, Q(project=tiny.single))
    assert ("copied_from_last_year", "progress") in [
        (s.finding.check, s.finding.field) for s in item.findings
    ]


def test_the_indicator_is_read_against_the_years_interim_target(tiny: TinyPlan) -> None:
    # The tiny plan's indicator belongs to a project; rated A with an actual of 40 % of the year's
    # interim target contradicts the rating, whatever the final target says.
    indicator: Indicator = tiny.indicator
    project = indicator.node
    entry = Entry.objects.filter(round=tiny.collecting, project=project).first()
    assert entry is not None
    Entry.objects.filter(pk=entry.pk).update(
        rating=tiny.codes["A"], reason="十分な成果があった。関係機関と連携した。"
    )
    Indicator.objects.filter(pk=indicator.pk).update(target_value=Decimal(10), baseline_value=None)
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2024, value=Decimal(100))
    IndicatorValue.objects.update_or_create(
        indicator=indicator, fiscal_year=2024, defaults={"value": Decimal(40)}
    )
    [item] = round_findings(tiny.collecting, Q(pk=entry.pk))
    assert [s.finding.excerpt for s in item.findings if s.finding.check == "rating_vs_indicator"] == [
        f"評価 A/{indicator.label} 達成率 40%"
    ]


def test_counts_are_per_department_and_per_entry(tiny: TinyPlan) -> None:
    findings = round_findings(tiny.collecting)
    counts = open_counts(tiny.collecting)
    assert counts.total == sum(item.open_count for item in findings)
    for row in counts_by_department(findings):
        assert row.total == counts.by_department[row.department.pk]
        assert all(item.open_count == counts.by_entry[item.entry.pk] for item in row.entries)
