"""Caches of the PDF renderer: laid-out parts in memory, finished PDFs on disk.

Keys are content hashes, so a stale entry is never served: changed content has another key.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from pathlib import Path
from typing import Generic, TypeVar

from django.conf import settings

T = TypeVar("T")


class MemoryCache(Generic[T]):
    """A small least-recently-used map; ``limit`` bounds the number of entries (and memory)."""

    def __init__(self, limit: int) -> None:
        self._items: OrderedDict[str, T] = OrderedDict()
        self._limit = limit

    def get(self, key: str) -> T | None:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: str, item: T) -> None:
        self._items[key] = item
        self._items.move_to_end(key)
        while len(self._items) > self._limit:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


def cache_dir() -> Path:
    """``<data_dir>/cache/reports`` (``SHINCHOKU_REPORT_CACHE`` overrides it, for tests)."""
    override = os.environ.get("SHINCHOKU_REPORT_CACHE")
    return Path(override) if override else Path(settings.CONFIG.data_dir) / "cache" / "reports"


def pdf_path(*parts: str) -> Path:
    key = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return cache_dir() / f"{key}.pdf"


def read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


KEEP_FILES = 64


def write(path: Path, data: bytes) -> None:
    """Write atomically (a concurrent reader never sees half a file), keeping the newest
    :data:`KEEP_FILES` PDFs only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    files = sorted(path.parent.glob("*.pdf"), key=lambda file: file.stat().st_mtime, reverse=True)
    for stale in files[KEEP_FILES:]:
        stale.unlink(missing_ok=True)
