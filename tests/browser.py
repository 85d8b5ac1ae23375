"""Playwright fixtures driving Debian's chromium against the live test server.

Every request the page makes is recorded; :func:`page` fails the test when one leaves 127.0.0.1
(municipal networks have no internet, so nothing may be fetched from outside). Without
``/usr/bin/chromium`` the browser tests are skipped, except under ``CI=true`` where they must run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required under CI=true (install the Debian package chromium)")
        pytest.skip("chromium is not installed (Debian package chromium)")
    # Django refuses ORM calls from a thread running an event loop; Playwright's sync API runs one.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh Japanese-locale page; fails the test if any request left the machine."""
    context = chromium.new_context(locale="ja-JP", viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    context.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlsplit(request.url).hostname not in LOCAL_HOSTS
            and not request.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    page = context.new_page()
    yield page
    context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside}"
