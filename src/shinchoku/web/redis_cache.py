"""Django's Redis cache backend, which a Redis that stops answering does not take the site down with.

The caches only spare work: without them every page is still rendered, from the database. So when
Redis fails (restarted, full, unreachable), a read counts as a miss, a write is dropped and a render
claim (:mod:`shinchoku.web.page_renders`) is granted, as if each process had no cache; the error is
logged. For ``PAUSE`` seconds after a failure Redis is not asked at all, so that a Redis that does
not answer costs each request nothing instead of a connection timeout per cache operation; then it is
tried again. Every process decides for itself.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Seconds during which a Redis that failed is left alone.
PAUSE = 5.0

_failed_until: dict[str, float] = {}
_failed_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """RedisCache whose ``get``, ``set``, ``add`` and ``delete`` survive a Redis that fails (see the
    module's docstring); the other operations are Django's own."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._location = server

    def _available(self) -> bool:
        with _failed_lock:
            return _failed_until.get(self._location, 0.0) <= time.monotonic()

    def _failed(self, error: redis.RedisError) -> None:
        with _failed_lock:
            _failed_until[self._location] = time.monotonic() + PAUSE
        logger.error(
            "キャッシュの Redis サーバーが応答しません(%s)。"
            "%s 秒のあいだキャッシュを使わずにページを表示します。",
            error,
            PAUSE,
        )

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        if self._available():
            try:
                return super().get(key, default, version)
            except redis.RedisError as error:
                self._failed(error)
        return default

    def set(
        self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        if self._available():
            try:
                super().set(key, value, timeout, version)
            except redis.RedisError as error:
                self._failed(error)

    def add(
        self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        if self._available():
            try:
                added: bool = super().add(key, value, timeout, version)
                return added
            except redis.RedisError as error:
                self._failed(error)
        return True

    def delete(self, key: Any, version: int | None = None) -> bool:
        if self._available():
            try:
                deleted: bool = super().delete(key, version)
                return deleted
            except redis.RedisError as error:
                self._failed(error)
        return False
