"""Values are stored pickled, big ones compressed, and read back as they were, in Redis as in each
process's memory; whole numbers stay numbers in Redis so that ``incr`` works there."""

from __future__ import annotations

import pickle

import pytest
import redis
from django.core.cache import caches

from shinchoku.web.cache_values import COMPRESS_FROM, CompressingRedisSerializer, dump, load

PAGE = "<li>見守り活動の推進</li>\n" * 5_000


@pytest.mark.parametrize("value", ["短い", b"\x78\x9c", 7, None, ("版", 3, (b"<p>", b"</p>")), PAGE])
def test_every_value_reads_back_as_it_was_written(value: object) -> None:
    assert load(dump(value)) == value


def test_a_small_value_is_stored_as_its_pickle_and_a_big_one_compressed() -> None:
    assert dump("短い") == pickle.dumps("短い", pickle.HIGHEST_PROTOCOL)
    assert len(pickle.dumps(PAGE)) > COMPRESS_FROM
    assert len(dump(PAGE)) < len(pickle.dumps(PAGE)) / 10


def test_the_redis_serializer_keeps_whole_numbers_as_numbers() -> None:
    serializer = CompressingRedisSerializer()
    assert serializer.dumps(41) == 41
    assert serializer.loads(b"41") == 41
    assert serializer.loads(serializer.dumps(PAGE)) == PAGE
    assert serializer.loads(serializer.dumps(True)) is True


def test_a_page_is_stored_compressed_in_redis_and_counters_still_count(redis_pages: str) -> None:
    cache = caches["pages"]
    cache.set("page", PAGE)
    cache.set("count", 1)
    cache.incr("count", 2)

    stored = redis.Redis.from_url(redis_pages).get("shinchoku-pages:1:page")
    assert stored is not None
    assert len(stored) < len(PAGE.encode()) / 10
    assert cache.get("page") == PAGE
    assert cache.get("count") == 3
