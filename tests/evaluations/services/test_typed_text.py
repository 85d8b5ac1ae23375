"""Every service that stores a typed text stores it cleaned (controls, noncharacters and bidi
overrides removed, soft line breaks as newlines), so that forms, the workbook and the importers,
which all call these services, store the same text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.core.ratings import ConsolidationRule
from shinchoku.core.typed_fields import clean_typed_block
from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from shinchoku.evaluations.services import (
    EntryDraft,
    EntryValidationError,
    WorkflowError,
    approve_entry,
    evaluate_node,
    record_indicator_value,
    reopen_round,
    respond_to_opinion,
    return_entry,
    save_entry,
    submit_entry,
    write_opinion,
)
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

# What Word, a terminal and a hostile copy put into a text: a soft line break, ESC, DEL, a
# noncharacter and a right-to-left override.
TYPED = "  一行目\x0b二行目\x1b[31m\x7f\ufffe \u202e1202\u202c  "
STORED = "一行目\n二行目[31m 1202"


def test_the_dirty_sample_cleans_to_the_stored_form() -> None:
    assert clean_typed_block(TYPED) == STORED


def test_an_entrys_texts_are_stored_cleaned(people: People, draft_entry: Entry) -> None:
    save_entry(people.editor, draft_entry.pk, version=1, draft=EntryDraft(TYPED, "B", TYPED, TYPED))
    draft_entry.refresh_from_db()
    assert (draft_entry.progress, draft_entry.reason, draft_entry.next_year_goal) == (STORED,) * 3


def test_a_return_reason_is_stored_cleaned_and_one_of_only_controls_is_refused(
    people: People, draft_entry: Entry
) -> None:
    submitted = submit_entry(
        people.editor, draft_entry.pk, version=1, draft=EntryDraft("進捗", "B", "", "目標")
    )
    with pytest.raises(EntryValidationError):
        return_entry(people.secretariat, draft_entry.pk, version=submitted.version, comment="\x00\u202e\x0b")
    returned = return_entry(people.secretariat, draft_entry.pk, version=submitted.version, comment=TYPED)
    assert returned.review_comment == STORED
    again = submit_entry(people.editor, draft_entry.pk, version=returned.version)
    approve_entry(people.secretariat, draft_entry.pk, version=again.version)


def test_opinions_and_responses_are_stored_cleaned(tiny: TinyPlan, people: People) -> None:
    Round.objects.filter(pk=tiny.collecting.pk).update(state=Round.State.REVIEW)
    opinion = write_opinion(people.committee, tiny.collecting.pk, tiny.policy.pk, opinion=TYPED)
    answered = respond_to_opinion(people.secretariat, opinion.pk, version=opinion.version, response=TYPED)
    answered.refresh_from_db()
    assert (answered.opinion, answered.response) == (STORED, STORED)


def test_a_node_evaluations_comment_is_stored_cleaned(tiny: TinyPlan, people: People) -> None:
    evaluation = evaluate_node(
        people.secretariat,
        tiny.collecting.pk,
        tiny.policy.pk,
        rating="B",
        comment=TYPED,
        rule=ConsolidationRule.LOWEST,
        version=None,
    )
    evaluation.refresh_from_db()
    assert evaluation.comment == STORED


def test_an_indicator_values_note_is_stored_cleaned(tiny: TinyPlan, people: People) -> None:
    record_indicator_value(
        people.editor, tiny.indicator.pk, tiny.collecting.pk, value=Decimal("8"), note=TYPED
    )
    stored = IndicatorValue.objects.get(indicator=tiny.indicator, fiscal_year=2024)
    assert stored.note == STORED


def test_a_reopen_reason_is_recorded_cleaned_and_one_of_only_controls_is_refused(
    tiny: TinyPlan, people: People
) -> None:
    with pytest.raises(WorkflowError):
        reopen_round(people.secretariat, tiny.published.pk, reason="\x1b\u202e")
    reopen_round(people.secretariat, tiny.published.pk, reason=TYPED)
    record = AuditEntry.objects.get(action="reopen_round")
    assert record.changes["reason"]["after"] == STORED
