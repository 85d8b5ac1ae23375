from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from shinchoku.evaluations.services import (
    EntryDraft,
    EntryValidationError,
    IndicatorActual,
    StaleRecordError,
    approve_entry,
    approve_entry_for_department,
    reopen_entry,
    return_entry,
    save_entry,
    save_entry_with_actuals,
    submit_entry,
)
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

COMPLETE = EntryDraft(
    progress="市内全校で福祉体験を行った。",
    rating="B",
    reason="参加校が増えた。",
    next_year_goal="体験の内容を広げる。",
)


def test_an_editor_saves_a_draft_and_the_change_is_audited(people: People, draft_entry: Entry) -> None:
    saved = save_entry(people.editor, draft_entry.pk, version=draft_entry.version, draft=COMPLETE)

    saved.refresh_from_db()
    assert (saved.progress, saved.rating.code if saved.rating else None) == (COMPLETE.progress, "B")
    assert saved.status == Entry.Status.DRAFT
    assert saved.version == draft_entry.version + 1
    audit = AuditEntry.objects.get(action="save_entry", object_id=str(draft_entry.pk))
    assert audit.actor == people.editor
    assert audit.changes["rating"] == {"before": "C", "after": "B"}
    assert audit.changes["version"] == {"before": 1, "after": 2}


def test_it_refuses_another_departments_entry(people: People, draft_entry: Entry) -> None:
    for outsider in (people.other_editor, people.approver, people.committee, people.viewer, people.stranger):
        with pytest.raises(PermissionDenied):
            save_entry(outsider, draft_entry.pk, version=draft_entry.version, draft=COMPLETE)
    draft_entry.refresh_from_db()
    assert draft_entry.progress == "令和6年度の下書きの進捗"
    assert not AuditEntry.objects.filter(action="save_entry").exists()


def test_a_stale_save_is_refused_with_what_the_other_person_changed(
    people: People, draft_entry: Entry
) -> None:
    loaded_version = draft_entry.version
    save_entry(people.secretariat, draft_entry.pk, version=loaded_version, draft=COMPLETE)

    mine = EntryDraft(progress="私の進捗", rating="A", reason="", next_year_goal="")
    with pytest.raises(StaleRecordError) as refused:
        save_entry(people.editor, draft_entry.pk, version=loaded_version, draft=mine)

    (other,) = refused.value.saves
    assert other.by == "事務局 一郎"
    changed = {change.label: (change.before, change.after) for change in other.changes}
    assert changed["進捗状況"] == ("令和6年度の下書きの進捗", COMPLETE.progress)
    assert "事務局 一郎さん" in str(refused.value)
    draft_entry.refresh_from_db()
    assert draft_entry.progress == COMPLETE.progress  # the first save is kept whole


def test_submitting_names_every_missing_field_and_stores_nothing(people: People, draft_entry: Entry) -> None:
    empty = EntryDraft(progress="", rating="", reason="", next_year_goal="")
    with pytest.raises(EntryValidationError) as refused:
        submit_entry(people.editor, draft_entry.pk, version=draft_entry.version, draft=empty)

    assert set(refused.value.errors) == {"progress", "rating", "next_year_goal"}
    draft_entry.refresh_from_db()
    assert (draft_entry.status, draft_entry.version, draft_entry.progress) == (
        Entry.Status.DRAFT,
        1,
        "令和6年度の下書きの進捗",
    )


def test_the_lowest_rating_needs_a_reason(people: People, draft_entry: Entry) -> None:
    lowest = EntryDraft(progress="進まなかった。", rating="C", reason=" ", next_year_goal="再開する。")
    with pytest.raises(EntryValidationError) as refused:
        submit_entry(people.editor, draft_entry.pk, version=1, draft=lowest)
    assert list(refused.value.errors) == ["reason"]
    assert "最も低い評価" in refused.value.errors["reason"]


def test_an_unknown_rating_code_is_refused(people: People, draft_entry: Entry) -> None:
    with pytest.raises(EntryValidationError) as refused:
        save_entry(people.editor, draft_entry.pk, version=1, draft=EntryDraft("進捗", "D", "", ""))
    assert "「D」" in refused.value.errors["rating"]


def test_a_submitted_entry_is_locked_until_it_is_returned(people: People, draft_entry: Entry) -> None:
    submitted = submit_entry(people.editor, draft_entry.pk, version=1, draft=COMPLETE)
    assert submitted.status == Entry.Status.SUBMITTED
    assert submitted.submitted_at is not None
    with pytest.raises(PermissionDenied):
        save_entry(people.editor, draft_entry.pk, version=submitted.version, draft=COMPLETE)

    with pytest.raises(EntryValidationError):
        return_entry(people.secretariat, draft_entry.pk, version=submitted.version, comment="  ")
    returned = return_entry(
        people.secretariat, draft_entry.pk, version=submitted.version, comment="数値を書いてください。"
    )
    assert (returned.status, returned.review_comment) == (Entry.Status.RETURNED, "数値を書いてください。")

    again = submit_entry(people.editor, draft_entry.pk, version=returned.version, draft=COMPLETE)
    approved = approve_entry(people.secretariat, draft_entry.pk, version=again.version)
    assert (approved.status, approved.review_comment) == (Entry.Status.APPROVED, "")
    actions = list(
        AuditEntry.objects.filter(object_id=str(draft_entry.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["submit_entry", "return_entry", "submit_entry", "approve_entry"]


def test_with_the_department_step_the_secretariat_waits_for_the_department_head(
    tiny: TinyPlan, people: People, draft_entry: Entry
) -> None:
    tiny.plan.requires_department_approval = True
    tiny.plan.save()
    submitted = submit_entry(people.editor, draft_entry.pk, version=1, draft=COMPLETE)
    with pytest.raises(PermissionDenied):
        approve_entry(people.secretariat, draft_entry.pk, version=submitted.version)
    with pytest.raises(PermissionDenied):
        approve_entry_for_department(people.editor, draft_entry.pk, version=submitted.version)

    checked = approve_entry_for_department(people.approver, draft_entry.pk, version=submitted.version)
    assert checked.status == Entry.Status.DEPARTMENT_APPROVED
    assert approve_entry(people.secretariat, draft_entry.pk, version=checked.version).status == "approved"


def test_a_department_head_can_return_but_not_approve_for_the_secretariat(
    tiny: TinyPlan, people: People, draft_entry: Entry
) -> None:
    submitted = submit_entry(people.editor, draft_entry.pk, version=1, draft=COMPLETE)
    # Without the department step the plan sends submissions straight to the 事務局.
    with pytest.raises(PermissionDenied):
        return_entry(people.approver, draft_entry.pk, version=submitted.version, comment="直して")
    tiny.plan.requires_department_approval = True
    tiny.plan.save()
    returned = return_entry(people.approver, draft_entry.pk, version=submitted.version, comment="直して")
    assert returned.status == Entry.Status.RETURNED


def test_an_approved_entry_is_edited_only_after_an_audited_reopening(
    people: People, draft_entry: Entry
) -> None:
    submitted = submit_entry(people.editor, draft_entry.pk, version=1, draft=COMPLETE)
    approved = approve_entry(people.secretariat, draft_entry.pk, version=submitted.version)
    with pytest.raises(PermissionDenied):
        save_entry(people.editor, draft_entry.pk, version=approved.version, draft=COMPLETE)
    with pytest.raises(PermissionDenied):
        reopen_entry(people.editor, draft_entry.pk, version=approved.version, reason="直したい")

    reopened = reopen_entry(people.secretariat, draft_entry.pk, version=approved.version, reason="数値の誤り")
    assert (reopened.status, reopened.review_comment) == (Entry.Status.RETURNED, "数値の誤り")
    audit = AuditEntry.objects.get(action="reopen_entry")
    assert audit.changes["status"] == {"before": "承認済", "after": "差戻し"}
    save_entry(people.editor, draft_entry.pk, version=reopened.version, draft=COMPLETE)


def test_entries_of_a_published_round_cannot_be_changed(tiny: TinyPlan, people: People) -> None:
    published = Entry.objects.filter(round__state=Round.State.PUBLISHED).first()
    assert published is not None
    for actor in (people.secretariat, people.editor, people.other_editor):
        with pytest.raises(PermissionDenied):
            save_entry(actor, published.pk, version=published.version, draft=COMPLETE)
        with pytest.raises(PermissionDenied):
            reopen_entry(actor, published.pk, version=published.version, reason="変更")


def test_the_entry_and_its_indicator_actuals_are_saved_together(
    tiny: TinyPlan, people: People, draft_entry: Entry
) -> None:
    actual = IndicatorActual(tiny.indicator.pk, Decimal("12"), "速報値")
    saved = save_entry_with_actuals(
        people.editor, draft_entry.pk, version=draft_entry.version, draft=COMPLETE, actuals=[actual]
    )
    assert saved.progress == COMPLETE.progress
    stored = IndicatorValue.objects.get(indicator=tiny.indicator, fiscal_year=tiny.collecting.fiscal_year)
    assert (stored.value, stored.note) == (Decimal("12"), "速報値")
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["save_entry", "record_indicator_value"]


def test_a_refused_submission_stores_none_of_the_actuals_typed_with_it(
    tiny: TinyPlan, people: People, draft_entry: Entry
) -> None:
    empty = EntryDraft(progress="", rating="", reason="", next_year_goal="")
    actual = IndicatorActual(tiny.indicator.pk, Decimal("12"))
    with pytest.raises(EntryValidationError):
        save_entry_with_actuals(
            people.editor,
            draft_entry.pk,
            version=draft_entry.version,
            draft=empty,
            actuals=[actual],
            submit=True,
        )
    stored = IndicatorValue.objects.get(indicator=tiny.indicator, fiscal_year=tiny.collecting.fiscal_year)
    assert stored.value == Decimal("9")
    assert not AuditEntry.objects.filter(action="record_indicator_value").exists()
