"""Storing an uploaded workbook: every changed row, or none.

The kept file is read and previewed again inside the transaction (entries may have changed since
the person looked at the preview), then each row goes through the entry services (save_entry or
submit_entry at the row's version), which check the permission, refuse a stale version and write
the audit record. The first refusal rolls the whole upload back.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.services import (
    StaleRecordError,
    WorkflowError,
    record_indicator_value,
    save_entry,
    submit_entry,
)
from shinchoku.ingest.models import ImportRun
from shinchoku.ingest.workbook.actuals import ACTUAL_BY_KEY, ACTUALS_SHEET
from shinchoku.ingest.workbook.layout import ENTRIES_SHEET
from shinchoku.ingest.workbook.preview import (
    ActualChange,
    RowChange,
    RowConflict,
    WorkbookPreview,
    preview_workbook,
)
from shinchoku.ingest.workbook.problems import Problem
from shinchoku.ingest.workbook.storage import discard_upload, load_upload
from shinchoku.ingest.workbook.upload import REFUSAL
from shinchoku.plans.models import Department

WORKBOOK_FORMAT = "workbook"


class WorkbookRejectedError(WorkflowError):
    """Nothing was stored; ``preview`` lists the problems and conflicts that stopped it."""

    def __init__(self, preview: WorkbookPreview) -> None:
        self.preview = preview
        super().__init__("ファイルに直すべき点があるため、どの行も保存していません。")


def _apply(actor: User, change: RowChange, preview: WorkbookPreview) -> None:
    """Store one row; turn a service's refusal into a rejection of the whole upload."""
    try:
        if change.submit:
            submit_entry(actor, change.entry.pk, version=change.version, draft=change.draft)
        else:
            save_entry(actor, change.entry.pk, version=change.version, draft=change.draft)
    except StaleRecordError as error:
        conflict = RowConflict(change.row, change.entry, error.saves)
        raise WorkbookRejectedError(replace(preview, conflicts=[conflict])) from error
    except (WorkflowError, PermissionDenied) as error:
        problem = Problem(str(error), ENTRIES_SHEET, change.row)
        raise WorkbookRejectedError(replace(preview, problems=[problem])) from error


def _record(actor: User, round_: Round, actual: ActualChange, preview: WorkbookPreview) -> None:
    """Record one indicator's actual; a refusal rejects the whole upload."""
    try:
        record_indicator_value(actor, actual.indicator.pk, round_.pk, value=actual.value, note=actual.note)
    except (WorkflowError, PermissionDenied) as error:
        problem = Problem(str(error), ACTUALS_SHEET, actual.row, ACTUAL_BY_KEY["actual"])
        raise WorkbookRejectedError(replace(preview, problems=[problem])) from error


def commit_workbook(
    actor: User, round_: Round, department: Department, *, token: str, file_name: str
) -> ImportRun:
    """Store the workbook kept under ``token`` (see :func:`.upload.receive_workbook`).

    Raises PermissionDenied, :class:`~.storage.UploadExpiredError`, or :class:`WorkbookRejectedError`
    when any row cannot be stored; then nothing is.
    """
    if not permissions.can_use_workbook(actor, round_, department):
        raise PermissionDenied(REFUSAL)
    data = load_upload(token)
    with transaction.atomic():
        preview = preview_workbook(actor, round_, department, data=data, file_name=file_name)
        if not preview.can_commit:
            raise WorkbookRejectedError(preview)
        # Actuals first: an entry submitted in the same upload is then read with its figures.
        for actual in preview.actual_changes:
            _record(actor, round_, actual, preview)
        for change in preview.changes:
            _apply(actor, change, preview)
        run = ImportRun.objects.create(
            actor=actor,
            round=round_,
            source_format=WORKBOOK_FORMAT,
            file_name=file_name[:255],
            sha256=token,
            counts={
                "department": department.name,
                "saved": len(preview.changes) - preview.submitted,
                "submitted": preview.submitted,
                "unchanged": preview.unchanged,
                "actuals": len(preview.actual_changes),
            },
        )
    discard_upload(token)
    return run
