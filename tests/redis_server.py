"""A throw-away Redis server for the tests that share the page cache between processes.

The session fixture :func:`redis_url` starts Debian's ``redis-server`` on a free loopback port, with
no persistence, and stops it at the end of the run; without ``/usr/bin/redis-server`` the tests using
it are skipped, except under ``CI=true`` where they must run. :func:`redis_pages` points the "pages"
and "default" caches of the test process at that server (emptied) for one test, as
``SHINCHOKU_CACHE_URL`` does in production; :func:`page_cache_backend` runs a test once on the
embedded in-process cache and once on Redis.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from pytest_django import Settings as SettingsWrapper

from shinchoku.web.cache_settings import cache_settings
from tests.serving import free_port

REDIS_SERVER = Path("/usr/bin/redis-server")
# Seconds the server gets to answer after its start: far longer than it needs.
START_WAIT = 30.0


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The address (``redis://127.0.0.1:PORT/0``) of a Redis server running for the test session."""
    if not REDIS_SERVER.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is required under CI=true (install the Debian package redis-server)")
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    folder, port = Path(tempfile.mkdtemp(prefix="shinchoku-redis-")), free_port()
    arguments = ["--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    arguments += ["--save", "", "--appendonly", "no"]  # nothing written to disk
    with (folder / "server.log").open("wb") as log:
        server = subprocess.Popen([str(REDIS_SERVER), *arguments], stdout=log, stderr=log)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + START_WAIT
        while not _answers(client):
            assert server.poll() is None, (folder / "server.log").read_text()
            assert time.monotonic() < deadline, "redis-server did not answer"
            time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


@pytest.fixture
def redis_pages(redis_url: str, settings: SettingsWrapper) -> str:
    """The caches of this test on the session's Redis server, emptied; its address."""
    settings.CACHES = cache_settings(redis_url, settings.CONFIG.page_cache_mb)
    caches["pages"].clear()
    return redis_url


@pytest.fixture(params=["locmem", "redis"])
def page_cache_backend(request: pytest.FixtureRequest) -> str:
    """Run the test on the embedded in-process page cache, then on Redis; the backend's name."""
    if request.param == "redis":
        request.getfixturevalue("redis_pages")
    return str(request.param)
