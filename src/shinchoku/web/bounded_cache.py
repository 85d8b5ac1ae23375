"""Django's in-process memory cache (``LocMemCache``), bounded by the bytes it holds as well as by
its number of entries, and holding big values compressed (:mod:`shinchoku.web.cache_values`).

Rendered pages differ in size by three orders of magnitude (a project page of a few kilobytes, the
national search page of several hundred), so a bound by count alone says nothing about memory: 1,000
search pages are about 400 MB per process. This backend keeps the pickled values and their keys under
``OPTIONS["MAX_BYTES"]`` by dropping the least recently used entries (LocMemCache keeps its entries
in order of use, the most recent first). A value bigger than the whole bound is not kept at all. The
bytes counted are those held: compressed, for a big value.

The entries and their total are shared by every instance of the same ``LOCATION`` in the process
(Django creates one instance per thread), under LocMemCache's lock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

from shinchoku.web.cache_values import dump, load

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class _Usage:
    """The bytes held by one named cache."""

    def __init__(self) -> None:
        self.bytes = 0


_usages: dict[str, _Usage] = {}


class BoundedLocMemCache(LocMemCache):
    """A LocMemCache holding at most ``MAX_BYTES`` bytes of keys and pickled values (and, as
    LocMemCache, at most ``MAX_ENTRIES`` entries), dropping the least recently used first."""

    # LocMemCache's own, which django-stubs leaves out.
    _cache: OrderedDict[str, bytes]
    _expire_info: dict[str, float | None]
    _lock: threading.Lock
    _has_expired: Callable[[str], bool]

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", DEFAULT_MAX_BYTES))
        self._usage = _usages.setdefault(name, _Usage())

    def add(
        self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        cache_key = self.make_and_validate_key(key, version=version)
        stored = dump(value)
        with self._lock:
            if self._has_expired(cache_key):
                self._set(cache_key, stored, timeout)
                return True
            return False

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        cache_key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(cache_key):
                self._delete(cache_key)
                return default
            stored = self._cache[cache_key]
            self._cache.move_to_end(cache_key, last=False)
        return load(stored)

    def set(
        self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        cache_key = self.make_and_validate_key(key, version=version)
        stored = dump(value)
        with self._lock:
            self._set(cache_key, stored, timeout)

    def bytes_held(self) -> int:
        """The bytes of the keys and pickled values held now."""
        with self._lock:
            return self._usage.bytes

    def _set(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        # Called under the lock with ``value`` as stored (bytes).
        self._delete(key)
        size = _size(key, value)
        if size > self._max_bytes:
            return
        while self._cache and (
            len(self._cache) >= self._max_entries or self._usage.bytes + size > self._max_bytes
        ):
            self._delete(next(reversed(self._cache)))  # the least recently used
        self._cache[key] = value
        self._cache.move_to_end(key, last=False)
        self._expire_info[key] = self.get_backend_timeout(timeout)
        self._usage.bytes += size

    def _delete(self, key: str) -> bool:
        value = self._cache.pop(key, None)
        self._expire_info.pop(key, None)
        if value is None:
            return False
        self._usage.bytes -= _size(key, value)
        return True

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        """As LocMemCache's, keeping the count of bytes (its own writes the value in place)."""
        cache_key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(cache_key):
                self._delete(cache_key)
                raise ValueError(f"Key '{cache_key}' not found")
            old = self._cache[cache_key]
            new_value: int = load(old) + delta
            stored = dump(new_value)
            self._cache[cache_key] = stored
            self._cache.move_to_end(cache_key, last=False)
            self._usage.bytes += len(stored) - len(old)
        return new_value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._usage.bytes = 0


def _size(key: str, stored: bytes) -> int:
    return len(key) + len(stored)
