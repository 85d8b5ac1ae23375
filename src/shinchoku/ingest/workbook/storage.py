"""Keeping an uploaded workbook between its preview and its commit.

The file is written under ``<data_dir>/uploads/workbook/`` named by its SHA-256, which the preview
page posts back as the token. The commit reads the file again and checks everything again (the
entries may have changed meanwhile), so the token grants nothing by itself. Files are removed
after their commit and, unused, after :data:`KEEP_FOR`.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings

from shinchoku.evaluations.services import WorkflowError

KEEP_FOR = timedelta(days=2)
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


class UploadExpiredError(WorkflowError):
    def __init__(self) -> None:
        super().__init__(
            "確認したファイルが見つかりません(時間がたって削除されたか、すでに反映済みです)。"
            "もう一度ファイルをアップロードしてください。"
        )


def upload_dir() -> Path:
    return Path(settings.CONFIG.data_dir) / "uploads" / "workbook"


def _path(token: str) -> Path:
    if not _TOKEN.match(token):
        raise UploadExpiredError()
    return upload_dir() / f"{token}.xlsx"


def store_upload(data: bytes) -> str:
    """Keep ``data``; return its token. Also removes the uploads older than :data:`KEEP_FOR`."""
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_FOR.total_seconds()
    for old in directory.glob("*.xlsx"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        except FileNotFoundError:  # removed meanwhile by a concurrent upload or commit
            continue
    token = hashlib.sha256(data).hexdigest()
    path = _path(token)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)  # atomic: a concurrent commit never reads half a file
    return token


def load_upload(token: str) -> bytes:
    """The kept file of ``token``; raises :class:`UploadExpiredError` when there is none."""
    try:
        return _path(token).read_bytes()
    except FileNotFoundError as error:
        raise UploadExpiredError() from error


def discard_upload(token: str) -> None:
    _path(token).unlink(missing_ok=True)
