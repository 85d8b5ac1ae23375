"""Storing an upload: every changed row through the entry services, or none at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, save_entry
from shinchoku.ingest.models import ImportRun
from shinchoku.ingest.workbook.commit import WorkbookRejectedError, commit_workbook
from shinchoku.ingest.workbook.storage import UploadExpiredError, upload_dir
from shinchoku.ingest.workbook.upload import ReceivedWorkbook, receive_workbook
from tests.ingest.conftest import snapshot_domain_tables
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, download, entries_sheet, fill, row_of

Status = Entry.Status


def _receive(shakyo: Shakyo, data: bytes) -> ReceivedWorkbook:
    return receive_workbook(
        shakyo.people.other_editor, shakyo.round, shakyo.department, data=data, file_name="社協.xlsx"
    )


def _commit(shakyo: Shakyo, token: str) -> ImportRun:
    return commit_workbook(
        shakyo.people.other_editor, shakyo.round, shakyo.department, token=token, file_name="社協.xlsx"
    )


def _filled(shakyo: Shakyo) -> bytes:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    fill(sheet, shakyo.shared, progress="支え合い通信を4回発行した。\n地域の会合で配布した。", rating="A")
    fill(
        sheet,
        shakyo.unrated,
        progress="市内12校を指定した。",
        rating="B",
        reason="指定校の活動に差がある。",
        next_year_goal="活動報告会を開く。",
        submit="提出する",
    )
    return as_bytes(book)


def test_the_round_trip_stores_exactly_the_changes_with_their_audit_records(shakyo: Shakyo) -> None:
    untouched = {entry.pk: entry.updated_at for entry in (shakyo.submitted, shakyo.other)}
    received = _receive(shakyo, _filled(shakyo))
    assert received.preview.can_commit

    run = _commit(shakyo, received.token)

    shared = Entry.objects.get(pk=shakyo.shared.pk)
    assert shared.progress == "支え合い通信を4回発行した。\n地域の会合で配布した。"
    assert shared.rating == shakyo.tiny.codes["A"]
    assert (shared.status, shared.version, shared.updated_by) == (Status.DRAFT, 2, shakyo.people.other_editor)
    unrated = Entry.objects.get(pk=shakyo.unrated.pk)
    assert (unrated.progress, unrated.rating, unrated.reason, unrated.next_year_goal) == (
        "市内12校を指定した。",
        shakyo.tiny.codes["B"],
        "指定校の活動に差がある。",
        "活動報告会を開く。",
    )
    assert {entry.pk: entry.updated_at for entry in Entry.objects.filter(pk__in=untouched)} == untouched
    actions = AuditEntry.objects.filter(object_type="evaluations.Entry").values_list("action", "object_id")
    assert sorted(actions) == [
        ("save_entry", str(shakyo.shared.pk)),
        ("submit_entry", str(shakyo.unrated.pk)),
    ]
    assert (run.source_format, run.file_name, run.sha256, run.actor) == (
        "workbook",
        "社協.xlsx",
        received.token,
        shakyo.people.other_editor,
    )
    assert run.counts == {"department": "社協", "saved": 1, "submitted": 1, "unchanged": 1, "actuals": 0}


def test_a_submitted_row_becomes_submitted(shakyo: Shakyo) -> None:
    received = _receive(shakyo, _filled(shakyo))

    _commit(shakyo, received.token)

    unrated = Entry.objects.get(pk=shakyo.unrated.pk)
    assert unrated.status == Status.SUBMITTED
    assert unrated.get_status_display() == "提出済"
    assert unrated.submitted_at is not None


def test_a_bad_rating_in_one_row_refuses_the_whole_file_and_changes_nothing(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    fill(sheet, shakyo.shared, progress="正しく書いた進捗")
    fill(sheet, shakyo.unrated, rating="D")
    before = snapshot_domain_tables()
    received = _receive(shakyo, as_bytes(book))

    with pytest.raises(WorkbookRejectedError) as rejected:
        _commit(shakyo, received.token)

    (problem,) = rejected.value.preview.problems
    assert str(problem).startswith(
        f"評価入力シート {row_of(sheet, shakyo.unrated)}行目 K列(評価): 「D」は評価基準にありません。"
    )
    assert snapshot_domain_tables() == before
    assert not ImportRun.objects.exists()


def test_an_entry_changed_between_preview_and_commit_stores_nothing_and_names_who(shakyo: Shakyo) -> None:
    received = _receive(shakyo, _filled(shakyo))
    draft = EntryDraft(progress="画面で先に書いた", rating="", reason="", next_year_goal="")
    save_entry(shakyo.people.secretariat, shakyo.unrated.pk, version=1, draft=draft)

    with pytest.raises(WorkbookRejectedError) as rejected:
        _commit(shakyo, received.token)

    (conflict,) = rejected.value.preview.conflicts
    assert (conflict.entry, conflict.names) == (shakyo.unrated, "事務局 一郎")
    assert Entry.objects.get(pk=shakyo.shared.pk).version == 1
    assert Entry.objects.get(pk=shakyo.unrated.pk).progress == "画面で先に書いた"


def test_uploading_the_same_file_again_changes_nothing(shakyo: Shakyo) -> None:
    data = _filled(shakyo)
    _commit(shakyo, _receive(shakyo, data).token)
    versions = dict(Entry.objects.values_list("pk", "version"))

    again = _receive(shakyo, data)

    assert (again.preview.changes, again.preview.conflicts, again.preview.problems) == ([], [], [])
    assert again.preview.unchanged == 3
    with pytest.raises(WorkbookRejectedError):
        _commit(shakyo, again.token)
    assert dict(Entry.objects.values_list("pk", "version")) == versions


def test_the_kept_file_is_removed_once_stored_and_cannot_be_stored_twice(
    shakyo: Shakyo, data_dir: Path
) -> None:
    received = _receive(shakyo, _filled(shakyo))
    assert (upload_dir() / f"{received.token}.xlsx").exists()
    assert upload_dir().is_relative_to(data_dir)

    _commit(shakyo, received.token)

    assert not (upload_dir() / f"{received.token}.xlsx").exists()
    with pytest.raises(UploadExpiredError):
        _commit(shakyo, received.token)


def test_a_token_that_is_not_a_kept_file_is_refused(shakyo: Shakyo) -> None:
    with pytest.raises(UploadExpiredError):
        _commit(shakyo, "../../etc/passwd")


def test_only_the_departments_editors_and_the_secretariat_may_upload(shakyo: Shakyo) -> None:
    data = _filled(shakyo)
    for outsider in (
        shakyo.people.editor,
        shakyo.people.viewer,
        shakyo.people.approver,
        shakyo.people.stranger,
    ):
        with pytest.raises(PermissionDenied):
            receive_workbook(outsider, shakyo.round, shakyo.department, data=data, file_name="社協.xlsx")
        with pytest.raises(PermissionDenied):
            commit_workbook(outsider, shakyo.round, shakyo.department, token="0" * 64, file_name="社協.xlsx")

    received = receive_workbook(
        shakyo.people.secretariat, shakyo.round, shakyo.department, data=data, file_name="社協.xlsx"
    )
    commit_workbook(
        shakyo.people.secretariat,
        shakyo.round,
        shakyo.department,
        token=received.token,
        file_name="社協.xlsx",
    )
    assert Entry.objects.get(pk=shakyo.unrated.pk).updated_by == shakyo.people.secretariat
