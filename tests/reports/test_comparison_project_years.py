"""The report's year-over-year comparison follows the project years (中間見直し): a project begun
this year is new and one ended last year is ended, rated or not, and the kind says why."""

from __future__ import annotations

from shinchoku.reports.content import build_report_content
from tests.evaluations.revision import revise_tiny_plan
from tests.evaluations.tiny_plan import TinyPlan


def test_the_report_counts_an_ended_project_as_ended_even_when_it_was_never_rated(tiny: TinyPlan) -> None:
    revise_tiny_plan(tiny)

    comparison = build_report_content(tiny.collecting, "staff").summary.comparison

    assert comparison is not None
    labels = {change.project.code: (change.kind, change.kind_label) for change in comparison.changes}
    assert labels["1-1-2-1"] == ("ended", "終了(令和5年度まで)")
    assert labels["1-1-2-3"] == ("new", "令和6年度から開始")
    assert labels["1-1-1-2"] == ("ended", "今年度は評価なし")
    assert dict(comparison.counts)["ended"] == 2
