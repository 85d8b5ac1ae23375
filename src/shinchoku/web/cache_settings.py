"""The ``CACHES`` setting: where rendered pages are kept (:mod:`shinchoku.web.page_cache`).

Embedded (no ``SHINCHOKU_CACHE_URL``), pages are kept in each process's memory: a hit costs no I/O,
and as every page is stored with the version of the data it shows, the processes of ``shinchoku
serve`` need no shared invalidation, each filling its own copy, at most ``SHINCHOKU_PAGE_CACHE_MB``
megabytes of pages each (:mod:`shinchoku.web.bounded_cache`). With ``SHINCHOKU_CACHE_URL=redis://…``
every process of every server shares one Redis: a page rendered by one is a hit on all, and a page
is rendered once for all of them (:mod:`shinchoku.web.page_renders`); Redis then bounds the memory
itself (``maxmemory`` with ``maxmemory-policy allkeys-lru``). Sessions stay in the database either
way. The pages' timeout only bounds how long a change made behind the services' back (a manual
database edit records no audit entry) can go unseen.
"""

from __future__ import annotations

from typing import Any

PAGE_TIMEOUT = 600
REDIS_BACKEND = "shinchoku.web.redis_cache.ResilientRedisCache"
# Short socket timeouts: a Redis that hangs must fail a request, not hold every thread for good.
# Big values (pages) are stored compressed, as in each process's memory (shinchoku.web.cache_values).
REDIS_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "serializer": "shinchoku.web.cache_values.CompressingRedisSerializer",
}
# The bytes bound the memory; the count only the bookkeeping of very many small pages.
MAX_ENTRIES = 20_000


def cache_settings(cache_url: str, page_cache_mb: int) -> dict[str, dict[str, Any]]:
    """``CACHES`` for Redis at ``cache_url``, or, when it is empty, for each process's memory with at
    most ``page_cache_mb`` megabytes of pages."""
    if cache_url:
        # Two prefixes: the pages are never mistaken for anything else kept in the same database.
        return {
            "default": {
                "BACKEND": REDIS_BACKEND,
                "LOCATION": cache_url,
                "KEY_PREFIX": "shinchoku",
                "OPTIONS": REDIS_OPTIONS,
            },
            "pages": {
                "BACKEND": REDIS_BACKEND,
                "LOCATION": cache_url,
                "KEY_PREFIX": "shinchoku-pages",
                "TIMEOUT": PAGE_TIMEOUT,
                "OPTIONS": REDIS_OPTIONS,
            },
        }
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "shinchoku.web.bounded_cache.BoundedLocMemCache",
            "LOCATION": "shinchoku-pages",
            "TIMEOUT": PAGE_TIMEOUT,
            "OPTIONS": {"MAX_BYTES": page_cache_mb * 1024 * 1024, "MAX_ENTRIES": MAX_ENTRIES},
        },
    }
