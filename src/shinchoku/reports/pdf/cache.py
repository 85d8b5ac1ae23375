"""The PDF renderer's disk cache: finished reports, named by the hash of what decides them.

A name is the hash of everything that decides the file, so a stale file is never served: changed
content has another name. Files are written atomically (a concurrent reader never sees half a
file), touched when read, and each folder keeps its most recently used files only (:func:`prune`).
The cache lives in ``<data_dir>/cache/reports`` and can be deleted at any time.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

KEEP_REPORTS = 32  # about 0.5 MB each


def cache_dir() -> Path:
    """``<data_dir>/cache/reports`` (``SHINCHOKU_REPORT_CACHE`` overrides it, for tests)."""
    override = os.environ.get("SHINCHOKU_REPORT_CACHE")
    return Path(override) if override else Path(settings.CONFIG.data_dir) / "cache" / "reports"


def report_path(key: str) -> Path:
    return cache_dir() / f"{key}.pdf"


def read(path: Path) -> bytes | None:
    """The file's bytes, or None when it is not cached; a hit counts as a use for :func:`prune`."""
    try:
        data = path.read_bytes()
        os.utime(path)
    except FileNotFoundError:
        return None
    return data


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently used files of ``folder`` matching ``pattern``."""
    files = []
    for file in folder.glob(pattern):
        try:
            files.append((file.stat().st_mtime, file))
        except FileNotFoundError:  # pruned meanwhile by another process
            continue
    for _, stale in sorted(files, reverse=True)[keep:]:
        stale.unlink(missing_ok=True)
