"""With SHINCHOKU_CACHE_URL the page cache is Redis: a page stored for one visitor is in Redis, read
back as a hit for any other, through any process sharing it."""

from __future__ import annotations

import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse

from shinchoku.audit.services import record
from tests.evaluations.tiny_plan import TinyPlan


def test_a_page_stored_in_redis_for_one_visitor_is_served_from_it_to_another(
    tiny: TinyPlan, redis_pages: str
) -> None:
    record(actor=None, action="test_change", target=tiny.plan, summary="作成", municipality=tiny.municipality)
    url = reverse("public:plan", args=[tiny.plan.pk])

    first = Client().get(url)
    stored = redis.Redis.from_url(redis_pages).keys("shinchoku-pages:1:page:public:*")
    second = Client().get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert len(stored) == 1
    assert isinstance(caches["pages"], RedisCache)
