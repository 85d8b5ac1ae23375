"""A Redis that stops answering does not take the site down: pages are rendered without the cache,
the failure is logged, and Redis is left alone for a few seconds before it is tried again."""

from __future__ import annotations

import logging
import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from pytest_django import Settings as SettingsWrapper

from shinchoku.audit.services import record
from shinchoku.web import redis_cache
from shinchoku.web.cache_settings import cache_settings
from tests.evaluations.tiny_plan import TinyPlan
from tests.serving import free_port


@pytest.fixture
def dead_redis(settings: SettingsWrapper) -> str:
    """The caches on a Redis address where nothing answers."""
    url = f"redis://127.0.0.1:{free_port()}/0"
    settings.CACHES = cache_settings(url, settings.CONFIG.page_cache_mb)
    return url


def test_with_redis_not_answering_pages_are_rendered_without_the_cache_and_the_failure_logged(
    tiny: TinyPlan, dead_redis: str, caplog: pytest.LogCaptureFixture
) -> None:
    record(actor=None, action="test_change", target=tiny.plan, summary="作成", municipality=tiny.municipality)
    url = reverse("public:plan", args=[tiny.plan.pk])

    with caplog.at_level(logging.ERROR, logger=redis_cache.__name__):
        responses = [Client().get(url) for _ in range(3)]

    assert [response.status_code for response in responses] == [200] * 3
    assert [response["X-Page-Cache"] for response in responses] == ["miss"] * 3
    failures = [entry.getMessage() for entry in caplog.records]
    assert len(failures) == 1  # then left alone for the pause
    assert "キャッシュの Redis サーバーが応答しません" in failures[0]


def test_redis_is_asked_again_after_the_pause(
    redis_url: str, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CACHES = cache_settings(redis_url, settings.CONFIG.page_cache_mb)
    cache = caches["pages"]
    monkeypatch.setitem(redis_cache._failed_until, redis_url, time.monotonic() + 60)

    cache.set("page", "保存しない")
    assert cache.get("page") is None
    assert cache.add("claim", "token")  # granted: nothing to coordinate with

    monkeypatch.setitem(redis_cache._failed_until, redis_url, time.monotonic() - 1)
    cache.set("page", "保存する")
    assert cache.get("page") == "保存する"
    assert not cache.add("page", "二度目")
    assert cache.delete("page")
