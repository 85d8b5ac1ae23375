"""Which caches SHINCHOKU_CACHE_URL and SHINCHOKU_PAGE_CACHE_MB choose: each test evaluates the
settings module afresh. Embedded, pages stay in each process's memory, bounded in bytes; with a
Redis address, every cache but the sessions (kept in the database) is in Redis."""

from __future__ import annotations

import runpy
from typing import Any

import pytest

import shinchoku.settings

REDIS = "shinchoku.web.redis_cache.ResilientRedisCache"


def settings_with(monkeypatch: pytest.MonkeyPatch, **environment: str) -> dict[str, Any]:
    for name in ("SHINCHOKU_CACHE_URL", "SHINCHOKU_PAGE_CACHE_MB"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(shinchoku.settings.__file__)


def test_the_embedded_default_keeps_pages_in_process_memory_bounded_to_64_megabytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caches = settings_with(monkeypatch)["CACHES"]
    assert caches["pages"]["BACKEND"] == "shinchoku.web.bounded_cache.BoundedLocMemCache"
    assert caches["pages"]["OPTIONS"]["MAX_BYTES"] == 64 * 1024 * 1024
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_the_page_cache_bound_is_set_in_megabytes(monkeypatch: pytest.MonkeyPatch) -> None:
    caches = settings_with(monkeypatch, SHINCHOKU_PAGE_CACHE_MB="8")["CACHES"]
    assert caches["pages"]["OPTIONS"]["MAX_BYTES"] == 8 * 1024 * 1024


def test_a_cache_url_puts_the_pages_and_the_default_cache_in_redis_but_not_the_sessions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = settings_with(monkeypatch, SHINCHOKU_CACHE_URL="redis://10.0.0.7:6379/1")
    caches = values["CACHES"]
    assert {alias: cache["BACKEND"] for alias, cache in caches.items()} == {"default": REDIS, "pages": REDIS}
    assert {cache["LOCATION"] for cache in caches.values()} == {"redis://10.0.0.7:6379/1"}
    assert caches["pages"]["KEY_PREFIX"] != caches["default"]["KEY_PREFIX"]
    assert values.get("SESSION_ENGINE", "django.contrib.sessions.backends.db") == (
        "django.contrib.sessions.backends.db"
    )
