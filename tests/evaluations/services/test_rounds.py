from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.services import (
    WorkflowError,
    close_round,
    open_round,
    publish_round,
    reopen_round,
    start_collecting,
    start_review,
)
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def test_opening_a_year_carries_last_years_goal_over_as_this_years_target(
    tiny: TinyPlan, people: People
) -> None:
    Entry.objects.filter(round=tiny.collecting, project=tiny.single).update(
        final_target="全校で実施", next_year_goal="体験先を増やす"
    )

    opened = open_round(people.secretariat, tiny.plan.pk, 2025)

    assert opened.state == Round.State.PREPARING
    entries = {
        (e.project.code, e.department.name): e for e in opened.entries.select_related("project", "department")
    }
    # One entry per project and owner; the cross-listing (再掲) 1-1-2-2 is evaluated through its original.
    assert set(entries) == {
        ("1-1-1-1", "生涯学習課"),
        ("1-1-1-2", "共生福祉課"),
        ("1-1-1-2", "社協"),
        ("1-1-2-1", "社協"),
    }
    carried = entries["1-1-1-1", "生涯学習課"]
    assert (carried.final_target, carried.year_target) == ("全校で実施", "体験先を増やす")
    assert (carried.progress, carried.rating, carried.status) == ("", None, Entry.Status.DRAFT)
    audit = AuditEntry.objects.get(action="open_round")
    assert "令和7年度(2025年度)" in audit.summary
    assert "令和6年度(2024年度)から引き継ぎ" in audit.summary


def test_it_refuses_a_year_outside_the_plan_or_one_that_exists(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(WorkflowError, match="計画期間"):
        open_round(people.secretariat, tiny.plan.pk, 2027)
    with pytest.raises(WorkflowError, match="すでにあります"):
        open_round(people.secretariat, tiny.plan.pk, 2024)
    for other in (people.editor, people.committee, people.viewer, people.stranger):
        with pytest.raises(PermissionDenied):
            open_round(other, tiny.plan.pk, 2025)
    assert not Round.objects.filter(fiscal_year=2025).exists()


def test_a_round_moves_through_its_states_one_audited_step_at_a_time(tiny: TinyPlan, people: People) -> None:
    round_ = open_round(people.secretariat, tiny.plan.pk, 2025)
    with pytest.raises(WorkflowError, match="公表済"):
        publish_round(people.secretariat, round_.pk)

    start_collecting(people.secretariat, round_.pk, deadline=date(2026, 5, 31))
    start_review(people.secretariat, round_.pk)
    with pytest.raises(WorkflowError, match="承認されていない評価が 4 件"):
        close_round(people.secretariat, round_.pk)
    round_.entries.update(status=Entry.Status.APPROVED)
    close_round(people.secretariat, round_.pk)
    published = publish_round(people.secretariat, round_.pk)

    assert published.state == Round.State.PUBLISHED
    assert published.published_at is not None
    actions = list(
        AuditEntry.objects.filter(object_type="evaluations.Round", object_id=str(round_.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "open_round",
        "set_deadline",
        "start_collecting",
        "start_review",
        "close_round",
        "publish_round",
    ]


def test_reopening_goes_back_one_step_with_a_recorded_reason(tiny: TinyPlan, people: People) -> None:
    tiny.collecting.entries.update(status=Entry.Status.APPROVED)
    start_review(people.secretariat, tiny.collecting.pk)
    close_round(people.secretariat, tiny.collecting.pk)
    publish_round(people.secretariat, tiny.collecting.pk)

    with pytest.raises(WorkflowError, match="理由"):
        reopen_round(people.secretariat, tiny.collecting.pk, reason=" ")
    with pytest.raises(PermissionDenied):
        reopen_round(people.editor, tiny.collecting.pk, reason="誤り")
    reopened = reopen_round(people.secretariat, tiny.collecting.pk, reason="誤字の訂正")

    assert (reopened.state, reopened.published_at) == (Round.State.CLOSED, None)
    audit = AuditEntry.objects.filter(action="reopen_round").get()
    assert audit.changes["reason"]["after"] == "誤字の訂正"
    assert audit.changes["state"] == {"before": "公表済", "after": "締切済"}
