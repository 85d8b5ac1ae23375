"""Bulk review: each selected entry goes through the single-entry service, is audited on its own,
and the ones that cannot be approved are reported with the reason, never skipped silently."""

from __future__ import annotations

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, EntryValidationError, submit_entry
from shinchoku.evaluations.services.bulk_review import BulkAction, review_entries
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.rounds.many_entries import add_submitted_entries


def _versions(entries: list[Entry]) -> dict[int, int]:
    return {entry.pk: entry.version for entry in entries}


def test_it_approves_every_selected_entry_with_one_audit_record_each(tiny: TinyPlan, people: People) -> None:
    entries = add_submitted_entries(tiny, 5)

    outcomes = review_entries(
        people.secretariat, tiny.collecting.pk, action=BulkAction.APPROVE, versions=_versions(entries)
    )

    assert [outcome.done for outcome in outcomes] == [True] * 5
    assert set(Entry.objects.filter(pk__in=_versions(entries)).values_list("status", flat=True)) == {
        "approved"
    }
    audited = AuditEntry.objects.filter(action="approve_entry").values_list("object_id", flat=True)
    assert sorted(int(pk) for pk in audited) == sorted(entry.pk for entry in entries)


def test_it_returns_every_selected_entry_with_the_one_comment(tiny: TinyPlan, people: People) -> None:
    entries = add_submitted_entries(tiny, 3)

    review_entries(
        people.secretariat,
        tiny.collecting.pk,
        action=BulkAction.RETURN,
        versions=_versions(entries),
        comment="数値を補ってください",
    )

    returned = Entry.objects.filter(pk__in=_versions(entries))
    assert {(entry.status, entry.review_comment) for entry in returned} == {
        ("returned", "数値を補ってください")
    }
    assert AuditEntry.objects.filter(action="return_entry").count() == 3


def test_it_refuses_to_return_without_a_comment_before_touching_any_entry(
    tiny: TinyPlan, people: People
) -> None:
    entries = add_submitted_entries(tiny, 2)

    with pytest.raises(EntryValidationError, match="差戻しの理由"):
        review_entries(
            people.secretariat,
            tiny.collecting.pk,
            action=BulkAction.RETURN,
            versions=_versions(entries),
            comment="  ",
        )

    assert set(Entry.objects.filter(pk__in=_versions(entries)).values_list("status", flat=True)) == {
        "submitted"
    }


def test_it_reports_an_entry_the_reviewer_submitted_and_approves_the_others(
    tiny: TinyPlan, people: People, draft_entry: Entry
) -> None:
    entries = add_submitted_entries(tiny, 2)
    draft = EntryDraft(progress="実施した。", rating="B", reason="", next_year_goal="続ける。")
    own = submit_entry(people.secretariat, draft_entry.pk, version=draft_entry.version, draft=draft)

    outcomes = review_entries(
        people.secretariat, tiny.collecting.pk, action=BulkAction.APPROVE, versions=_versions([*entries, own])
    )

    refused = [outcome for outcome in outcomes if not outcome.done]
    assert [outcome.entry_id for outcome in refused] == [own.pk]
    assert "職務の分離" in refused[0].message
    assert "1-1-1-1 福祉教育" in refused[0].label
    assert Entry.objects.get(pk=own.pk).status == "submitted"
    assert AuditEntry.objects.filter(action="approve_entry").count() == 2


def test_it_reports_an_entry_changed_since_the_list_was_read(tiny: TinyPlan, people: People) -> None:
    first, second = add_submitted_entries(tiny, 2)

    outcomes = review_entries(
        people.secretariat,
        tiny.collecting.pk,
        action=BulkAction.APPROVE,
        versions={first.pk: first.version + 1, second.pk: second.version},
    )

    assert [(outcome.entry_id, outcome.done) for outcome in outcomes] == [
        (first.pk, False),
        (second.pk, True),
    ]
    assert "先に保存した" in outcomes[0].message


def test_it_reports_an_entry_of_another_round_instead_of_acting_on_it(tiny: TinyPlan, people: People) -> None:
    other = Entry.objects.filter(round=tiny.published).first()
    assert other is not None

    outcomes = review_entries(
        people.secretariat, tiny.collecting.pk, action=BulkAction.APPROVE, versions={other.pk: other.version}
    )

    assert outcomes[0].done is False
    assert "この年度にありません" in outcomes[0].message


def test_an_editor_is_refused_on_every_entry(tiny: TinyPlan, people: People) -> None:
    entries = add_submitted_entries(tiny, 2)

    outcomes = review_entries(
        people.editor, tiny.collecting.pk, action=BulkAction.APPROVE, versions=_versions(entries)
    )

    assert [outcome.done for outcome in outcomes] == [False, False]
    assert not AuditEntry.objects.filter(action="approve_entry").exists()
