"""The in-process page cache is bounded by the bytes it holds: the least recently used entries go
first, a value bigger than the bound is not kept, and the count stays right through every change.
The pages of these tests are random bytes, which compress to nothing less than their size."""

from __future__ import annotations

import random
import threading
import uuid
from typing import Any

from django.core.cache import caches
from pytest_django import Settings as SettingsWrapper

from shinchoku.web.bounded_cache import BoundedLocMemCache
from shinchoku.web.cache_values import dump

PAGE = 1_000  # bytes of a page of these tests


def bounded(max_bytes: int, **options: Any) -> BoundedLocMemCache:
    """A cache of its own (a fresh location), empty."""
    params = {"OPTIONS": {"MAX_BYTES": max_bytes, **options}, "TIMEOUT": 600}
    return BoundedLocMemCache(f"test-{uuid.uuid4().hex}", params)


def page(mark: str, size: int = PAGE) -> bytes:
    """Bytes that do not compress, the same for the same ``mark``."""
    return random.Random(mark).randbytes(size)


def held(cache: BoundedLocMemCache, key: str, value: object) -> int:
    """The bytes an entry counts for: its key as stored and its value as stored."""
    return len(cache.make_key(key)) + len(dump(value))


def test_the_least_recently_used_pages_are_dropped_to_stay_under_the_bound_in_bytes() -> None:
    one = held(bounded(1), "a", page("a"))
    cache = bounded(3 * one + one // 2)  # room for three pages, not four
    for key in "abc":
        cache.set(key, page(key))
    assert cache.get("a") == page("a")  # now used more recently than b and c

    cache.set("d", page("d"))

    assert [key for key in "abcd" if cache.get(key) is not None] == ["a", "c", "d"]
    assert cache.bytes_held() == 3 * one


def test_one_big_page_drops_as_many_small_ones_as_its_size_needs() -> None:
    small = held(bounded(1), "s0", page("s", 100))
    cache = bounded(10 * small)
    for index in range(10):
        cache.set(f"s{index}", page("s", 100))

    cache.set("big", page("big", 4 * small))

    assert cache.get("big") is not None
    assert [index for index in range(10) if cache.get(f"s{index}") is not None] == [5, 6, 7, 8, 9]
    assert cache.bytes_held() <= 10 * small


def test_a_page_bigger_than_the_whole_bound_is_not_kept_and_drops_nothing() -> None:
    cache = bounded(3 * PAGE)
    cache.set("a", page("a"))

    cache.set("huge", page("huge", 4 * PAGE))

    assert cache.get("huge") is None
    assert cache.get("a") == page("a")
    assert cache.bytes_held() == held(cache, "a", page("a"))


def test_the_bytes_held_follow_replacements_deletions_counters_and_clearing() -> None:
    cache = bounded(100 * PAGE)
    cache.set("a", page("a"))
    cache.set("a", b"short")
    assert cache.bytes_held() == held(cache, "a", b"short")
    cache.add("n", 1)
    cache.incr("n", 10**30)
    assert cache.bytes_held() == held(cache, "a", b"short") + held(cache, "n", 10**30 + 1)
    cache.delete("a")
    assert cache.bytes_held() == held(cache, "n", 10**30 + 1)
    cache.clear()
    assert cache.bytes_held() == 0
    cache.set("b", page("b"), timeout=-1)  # expired at once: dropped when next read
    assert cache.get("b") is None
    assert cache.bytes_held() == 0


def test_the_count_of_entries_still_bounds_the_cache() -> None:
    cache = bounded(100 * PAGE, MAX_ENTRIES=2)
    for key in "abc":
        cache.set(key, key)
    assert [key for key in "abc" if cache.get(key) is not None] == ["b", "c"]


def test_the_instances_of_every_thread_share_the_pages_and_their_bound() -> None:
    location = f"test-{uuid.uuid4().hex}"
    params = {"OPTIONS": {"MAX_BYTES": 10 * PAGE}}
    mine = BoundedLocMemCache(location, params)

    def fill() -> None:
        theirs = BoundedLocMemCache(location, params)
        for index in range(30):
            theirs.set(f"p{index}", page("p"))

    thread = threading.Thread(target=fill)
    thread.start()
    thread.join()

    assert mine.get("p29") == page("p")
    assert mine.get("p0") is None
    assert 0 < mine.bytes_held() <= 10 * PAGE


def test_the_embedded_page_cache_is_bounded_by_the_configured_megabytes(settings: SettingsWrapper) -> None:
    cache = caches["pages"]
    assert isinstance(cache, BoundedLocMemCache)
    assert settings.CACHES["pages"]["OPTIONS"]["MAX_BYTES"] == settings.CONFIG.page_cache_mb * 1024 * 1024


def test_a_big_page_is_held_compressed_and_read_back_as_it_was() -> None:
    cache = bounded(100 * PAGE)
    html = "<tr><td>見守り活動の推進</td><td>A</td></tr>\n" * 2_000  # about 100 KB, as a page

    cache.set("page", html)

    assert cache.get("page") == html
    assert cache.bytes_held() < len(html.encode()) / 10
