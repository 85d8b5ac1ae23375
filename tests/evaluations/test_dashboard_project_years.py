"""The dashboard's new and ended projects follow the project years (中間見直し): a project begun
this year is new, one ended last year is ended, and each says why."""

from __future__ import annotations

from shinchoku.evaluations import selectors
from tests.evaluations.revision import revise_tiny_plan
from tests.evaluations.tiny_plan import TinyPlan


def test_the_dashboard_lists_a_project_begun_this_year_as_new_and_one_ended_as_ended_with_why(
    tiny: TinyPlan,
) -> None:
    revise_tiny_plan(tiny)

    changes = selectors.dashboard(tiny.plan, tiny.collecting, tiny.published).changes

    assert changes is not None
    assert [(c.project.code, c.reason) for c in changes.new] == [("1-1-2-3", "令和6年度から開始")]
    # 1-1-1-2 has no entry yet this year: ended for the dashboard, but not by its years.
    assert [(c.project.code, c.reason) for c in changes.ended] == [
        ("1-1-1-2", ""),
        ("1-1-2-1", "終了(令和5年度まで)"),
    ]


def test_before_any_revision_no_change_gives_a_reason(tiny: TinyPlan) -> None:
    changes = selectors.dashboard(tiny.plan, tiny.collecting, tiny.published).changes

    assert changes is not None
    assert all(change.reason == "" for change in [*changes.new, *changes.ended])
