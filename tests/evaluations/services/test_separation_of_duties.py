"""Separation of duties: nobody approves an entry they wrote or submitted (the audit trail tells
who did), as 事務局 or as 所属長; another member approves, and the writer may still return it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import (
    EntryDraft,
    approve_entry,
    approve_entry_for_department,
    return_entry,
    save_entry,
    submit_entry,
)
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, make_user

COMPLETE = EntryDraft(progress="実施した。", rating="B", reason="", next_year_goal="続ける。")


def _fresh(entry: Entry) -> Entry:
    return Entry.objects.select_related("round__plan").get(pk=entry.pk)


def test_a_secretariat_member_cannot_approve_an_entry_they_wrote(people: People, draft_entry: Entry) -> None:
    saved = save_entry(people.secretariat, draft_entry.pk, version=draft_entry.version, draft=COMPLETE)
    submitted = submit_entry(people.editor, saved.pk, version=saved.version)

    with pytest.raises(PermissionDenied) as refused:
        approve_entry(people.secretariat, submitted.pk, version=submitted.version)

    assert "あなたが入力または提出したため" in str(refused.value)
    assert _fresh(draft_entry).status == Entry.Status.SUBMITTED
    assert not AuditEntry.objects.filter(action="approve_entry").exists()


def test_a_secretariat_member_cannot_approve_an_entry_they_submitted(
    people: People, draft_entry: Entry
) -> None:
    submitted = submit_entry(people.secretariat, draft_entry.pk, version=draft_entry.version, draft=COMPLETE)

    with pytest.raises(PermissionDenied):
        approve_entry(people.secretariat, submitted.pk, version=submitted.version)


def test_another_secretariat_member_approves_it(people: People, tiny: TinyPlan, draft_entry: Entry) -> None:
    colleague = make_user("jimu2", tiny.municipality, role=User.Role.SECRETARIAT)
    submitted = submit_entry(people.secretariat, draft_entry.pk, version=draft_entry.version, draft=COMPLETE)

    approved = approve_entry(colleague, submitted.pk, version=submitted.version)

    assert approved.status == Entry.Status.APPROVED


def test_the_writer_may_still_return_the_entry(people: People, draft_entry: Entry) -> None:
    submitted = submit_entry(people.secretariat, draft_entry.pk, version=draft_entry.version, draft=COMPLETE)

    returned = return_entry(people.secretariat, submitted.pk, version=submitted.version, comment="書き直し")

    assert returned.status == Entry.Status.RETURNED


def test_a_department_head_who_wrote_the_entry_cannot_approve_it_as_such(
    people: People, tiny: TinyPlan, draft_entry: Entry
) -> None:
    tiny.plan.requires_department_approval = True
    tiny.plan.save()
    writer = people.editor
    submitted = submit_entry(writer, draft_entry.pk, version=draft_entry.version, draft=COMPLETE)
    User.objects.filter(pk=writer.pk).update(role=User.Role.APPROVER)  # promoted since
    writer = User.objects.get(pk=writer.pk)

    with pytest.raises(PermissionDenied) as refused:
        approve_entry_for_department(writer, submitted.pk, version=submitted.version)

    assert "職務の分離" in str(refused.value)
    approved = approve_entry_for_department(people.approver, submitted.pk, version=submitted.version)
    assert approved.status == Entry.Status.DEPARTMENT_APPROVED


def test_the_pages_are_told_why_no_approval_is_offered(people: People, draft_entry: Entry) -> None:
    submitted = submit_entry(people.secretariat, draft_entry.pk, version=draft_entry.version, draft=COMPLETE)
    entry = _fresh(submitted)

    assert not permissions.can_approve_entry(people.secretariat, entry)
    assert permissions.approval_needs_someone_else(people.secretariat, entry)
    assert permissions.can_return_entry(people.secretariat, entry)
