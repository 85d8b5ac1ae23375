"""Receiving an uploaded workbook: keep the file and show what storing it would change.

The preview is never kept: each page of it is computed again from the kept file (see
:func:`review_kept_workbook`), so that a large preview costs no memory between requests.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Round
from shinchoku.ingest.workbook.preview import WorkbookPreview, preview_workbook
from shinchoku.ingest.workbook.storage import load_upload, store_upload
from shinchoku.plans.models import Department

REFUSAL = "この担当課の評価入力用ファイルを扱う権限がありません。"


@dataclass(frozen=True)
class ReceivedWorkbook:
    token: str  # for :func:`review_kept_workbook` and :func:`.commit.commit_workbook`; "" if not kept
    preview: WorkbookPreview


def receive_workbook(
    actor: User, round_: Round, department: Department, *, data: bytes, file_name: str
) -> ReceivedWorkbook:
    """Keep ``data`` and preview it for ``actor``; nothing in the database changes.

    Raises PermissionDenied unless ``actor`` may use ``department``'s workbook of ``round_``.
    """
    if not permissions.can_use_workbook(actor, round_, department):
        raise PermissionDenied(REFUSAL)
    preview = preview_workbook(actor, round_, department, data=data, file_name=file_name)
    return ReceivedWorkbook(store_upload(data) if preview.readable else "", preview)


def review_kept_workbook(
    actor: User, round_: Round, department: Department, *, token: str, file_name: str
) -> WorkbookPreview:
    """The preview of the file kept under ``token``, computed again for ``actor`` (entries may
    have changed since). Raises PermissionDenied, or :class:`~.storage.UploadExpiredError`."""
    if not permissions.can_use_workbook(actor, round_, department):
        raise PermissionDenied(REFUSAL)
    return preview_workbook(actor, round_, department, data=load_upload(token), file_name=file_name)
