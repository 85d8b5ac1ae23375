"""Receiving an uploaded workbook: keep the file and show what storing it would change."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Round
from shinchoku.ingest.workbook.preview import WorkbookPreview, preview_workbook
from shinchoku.ingest.workbook.storage import store_upload
from shinchoku.plans.models import Department

REFUSAL = "この担当課の評価入力用ファイルを扱う権限がありません。"


@dataclass(frozen=True)
class ReceivedWorkbook:
    token: str  # for :func:`shinchoku.ingest.workbook.commit.commit_workbook`
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
    return ReceivedWorkbook(store_upload(data), preview)
