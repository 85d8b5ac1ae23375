"""Settings of the server the web latency benchmark starts: the production settings, plus the
bench-only URLs of :mod:`bench.urls` (a floor page, and recording a change).

Only :mod:`bench.web_latency` uses them (``DJANGO_SETTINGS_MODULE=bench.settings``); the site itself
never loads them. ``BENCH_PAGE_CACHE=off`` replaces the page cache with Django's dummy cache, so that
every request renders its page afresh: the cost of rendering, with nothing shared between requests.
"""

import os

from shinchoku.settings import *  # noqa: F403
from shinchoku.settings import CACHES

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_PAGE_CACHE") == "off":
    CACHES = CACHES | {"pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
