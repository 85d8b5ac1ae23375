"""The demo's entries trip every quality check, as real data does, the same way for a seed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from shinchoku.core.quality import CHECKS
from shinchoku.demo.generator import DemoSummary, generate_demo
from shinchoku.demo.second_city import generate_second_demo
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.selectors.quality import round_findings
from tests.demo.helpers import generate_then_roll_back

pytestmark = pytest.mark.django_db


def fired(summary: DemoSummary) -> Counter[str]:
    counts: Counter[str] = Counter()
    for round_ in Round.objects.filter(plan=summary.plan):
        counts.update(shown.finding.check for item in round_findings(round_) for shown in item.findings)
    return counts


def findings_of(summary: DemoSummary) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            item.entry.project.code,
            item.entry.department.name,
            shown.finding.check,
            shown.finding.field,
            shown.finding.excerpt,
        )
        for round_ in Round.objects.filter(plan=summary.plan).order_by("fiscal_year")
        for item in round_findings(round_)
        for shown in item.findings
    ]


@pytest.mark.parametrize("generate", [generate_demo, generate_second_demo], ids=["midori", "aoba"])
def test_each_check_fires_at_least_once_on_each_demo_city(generate: Callable[[], DemoSummary]) -> None:
    counts = fired(generate())
    assert {check.id for check in CHECKS} <= set(counts), counts


def test_the_current_round_shows_the_department_a_blank_numeral_before_it_submits() -> None:
    summary = generate_demo()
    current = Round.objects.get(plan=summary.plan, state=Round.State.COLLECTING)
    assert any(
        shown.finding.check == "blank_number" for item in round_findings(current) for shown in item.findings
    )


def test_the_same_seed_writes_the_same_lapses_and_another_seed_others() -> None:
    first = generate_then_roll_back(findings_of, seed=7)
    assert generate_then_roll_back(findings_of, seed=7) == first
    assert generate_then_roll_back(findings_of, seed=8) != first
