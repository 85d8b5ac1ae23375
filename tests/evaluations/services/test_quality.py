"""Dismissing a quality finding: who may, what is recorded, how it then shows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, QualityDismissal, Round
from shinchoku.evaluations.selectors.quality import entry_findings
from shinchoku.evaluations.services import EntryDraft, EntryValidationError, submit_entry
from shinchoku.evaluations.services.quality import dismiss_finding
from tests.evaluations.services.personas import People

SHORT = "未実施"  # too short a reason for the lowest rating: a missing_reason finding


def test_the_draft_shows_its_findings_open(draft_entry: Entry) -> None:
    checks = [shown.finding.check for shown in entry_findings(draft_entry).open]
    assert "missing_reason" in checks


def test_an_editor_dismisses_a_finding_before_submitting_and_it_shows_dismissed_with_its_reason(
    people: People, draft_entry: Entry
) -> None:
    dismiss_finding(
        people.editor, draft_entry.pk, "missing_reason", "reason", "  中止のため記載事項なし \x00"
    )
    [shown] = [s for s in entry_findings(draft_entry).findings if s.finding.check == "missing_reason"]
    assert not shown.is_open
    assert shown.dismissal is not None
    assert shown.dismissal.reason == "中止のため記載事項なし"
    assert shown.dismissal.dismissed_by == people.editor
    audit = AuditEntry.objects.get(action="dismiss_finding", object_id=str(draft_entry.pk))
    assert audit.actor == people.editor
    assert audit.changes["quality_dismissal"] == {"before": "", "after": "中止のため記載事項なし"}


def test_dismissing_again_replaces_the_reason_and_both_are_audited(
    people: People, draft_entry: Entry
) -> None:
    dismiss_finding(people.editor, draft_entry.pk, "missing_reason", "reason", "一つ目")
    dismiss_finding(people.secretariat, draft_entry.pk, "missing_reason", "reason", "二つ目")
    assert QualityDismissal.objects.get().reason == "二つ目"
    assert AuditEntry.objects.filter(action="dismiss_finding").count() == 2


def test_it_refuses_an_empty_reason_and_an_unknown_check(people: People, draft_entry: Entry) -> None:
    with pytest.raises(EntryValidationError) as empty:
        dismiss_finding(people.editor, draft_entry.pk, "missing_reason", "reason", " \u3000")
    assert "理由を書いてください" in empty.value.errors["reason"]
    with pytest.raises(EntryValidationError):
        dismiss_finding(people.editor, draft_entry.pk, "no_such_check", "reason", "理由")
    assert not QualityDismissal.objects.exists()


def test_it_refuses_people_outside_the_entry(people: People, draft_entry: Entry) -> None:
    for outsider in (people.other_editor, people.committee, people.viewer, people.stranger):
        with pytest.raises(PermissionDenied):
            dismiss_finding(outsider, draft_entry.pk, "missing_reason", "reason", "理由")
    assert not QualityDismissal.objects.exists()


def test_after_submission_the_editor_may_not_but_the_department_head_and_secretariat_may(
    people: People, draft_entry: Entry
) -> None:
    submit_entry(
        people.editor, draft_entry.pk, version=1, draft=EntryDraft("進捗を書いた。", "C", SHORT, "続ける。")
    )
    with pytest.raises(PermissionDenied):
        dismiss_finding(people.editor, draft_entry.pk, "missing_reason", "reason", "理由")
    dismiss_finding(people.approver, draft_entry.pk, "missing_reason", "reason", "所属長が確認")
    dismiss_finding(people.secretariat, draft_entry.pk, "missing_reason", "reason", "事務局が確認")


def test_nobody_dismisses_in_a_published_round(people: People, draft_entry: Entry) -> None:
    Round.objects.filter(pk=draft_entry.round_id).update(state=Round.State.PUBLISHED)
    with pytest.raises(PermissionDenied):
        dismiss_finding(people.secretariat, draft_entry.pk, "missing_reason", "reason", "理由")
