"""A page missing from the cache is rendered once for all the requests asking for it at the same
time; a failed or unstorable render leaves nobody waiting, and requests for other pages never wait.
Each test runs on the embedded in-process cache and on Redis."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from pytest_django import Settings as SettingsWrapper

from shinchoku.web import page_cache, page_renders
from shinchoku.web.audience import PUBLIC, Audience
from shinchoku.web.data_version import PUBLIC as PUBLIC_LANE
from shinchoku.web.data_version import DataVersion, LaneVersion

CROWD = 6
# Seconds after which a thread of these tests is taken as stuck: a bound, never reached when all is well.
STUCK = 30.0

pytestmark = pytest.mark.usefixtures("page_cache_backend")


@pytest.fixture
def version(monkeypatch: pytest.MonkeyPatch) -> DataVersion:
    """A data version of the test's own, told without the database (the threads have none)."""
    value = DataVersion((PUBLIC_LANE,), (LaneVersion(newest_id=1, count=1, at=timezone.now()),))
    monkeypatch.setattr(page_cache, "data_version", lambda scope: value)
    return value


class Waiting:
    """Counts the requests that wait for another one's render of their page."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    def until(self, count: int) -> bool:
        """Block until ``count`` requests wait; False if they never do."""
        with self.changed:
            return self.changed.wait_for(lambda: self.count >= count, timeout=STUCK)


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch, version: DataVersion) -> Waiting:
    """Waiting requests, counted; their wait only ends with the render (no time limit short of a stuck
    test), so a request that is never told the render ended shows as stuck."""
    waiting = Waiting()
    wait = page_renders._Render.wait

    def counted_wait(render: page_renders._Render) -> None:
        with waiting.changed:
            waiting.count += 1
            waiting.changed.notify_all()
        wait(render)

    monkeypatch.setattr(page_renders._Render, "wait", counted_wait)
    monkeypatch.setattr(page_renders, "RENDER_WAIT", 10 * STUCK)
    return waiting


def visit(page: page_cache.PageView, path: str = "/page/") -> HttpResponse:
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return page(request, audience=PUBLIC)


def at_once(*visits: Callable[[], HttpResponse]) -> list[HttpResponse | Exception]:
    """Run each visit in a thread of its own, all at once; their responses, or what they raised."""
    results: list[HttpResponse | Exception] = [RuntimeError("not run")] * len(visits)

    def run(index: int, visit: Callable[[], HttpResponse]) -> None:
        try:
            results[index] = visit()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in enumerate(visits)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK)
    assert not [thread for thread in threads if thread.is_alive()], "a request is stuck"
    return results


def contents(results: list[HttpResponse | Exception]) -> list[bytes]:
    return [result.content for result in results if isinstance(result, HttpResponse)]


def test_requests_arriving_together_for_a_page_missing_from_the_cache_get_it_rendered_once(
    waiting: Waiting,
) -> None:
    renders: list[int] = []

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        renders.append(1)
        waiting.until(CROWD - 1)  # every other request is waiting for this render
        return HttpResponse(f"描画 {len(renders)}")

    results = at_once(*[lambda: visit(page)] * CROWD)

    assert len(renders) == 1
    assert waiting.count == CROWD - 1
    assert contents(results) == ["描画 1".encode()] * CROWD
    assert contents([visit(page)]) == ["描画 1".encode()]


def test_when_the_render_fails_the_waiting_requests_render_the_page_themselves(waiting: Waiting) -> None:
    renders: list[int] = []

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        renders.append(1)
        if len(renders) == 1:
            waiting.until(CROWD - 1)
            raise RuntimeError("描画に失敗しました")
        return HttpResponse("ページ")

    results = at_once(*[lambda: visit(page)] * CROWD)

    assert waiting.count == CROWD - 1
    assert [str(result) for result in results if isinstance(result, RuntimeError)] == ["描画に失敗しました"]
    assert contents(results) == ["ページ".encode()] * (CROWD - 1)
    assert page_renders._renders == {}


def test_when_the_page_may_not_be_stored_the_waiting_requests_render_it_themselves(waiting: Waiting) -> None:
    renders: list[int] = []

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        renders.append(1)
        if len(renders) == 1:
            waiting.until(CROWD - 1)
        response = HttpResponse("ページ")
        response.set_cookie("visited", "1")  # a page of this one request: never stored
        return response

    results = at_once(*[lambda: visit(page)] * CROWD)

    assert waiting.count == CROWD - 1
    assert len(renders) == CROWD
    assert contents(results) == ["ページ".encode()] * CROWD


def test_requests_for_different_pages_do_not_wait_for_one_another(waiting: Waiting) -> None:
    other_page_rendered = threading.Event()

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        if request.path == "/slow/":
            return HttpResponse("後" if other_page_rendered.wait(STUCK) else "待たされた")
        other_page_rendered.set()
        return HttpResponse("先")

    results = at_once(lambda: visit(page, "/slow/"), lambda: visit(page, "/fast/"))

    assert contents(results) == ["後".encode(), "先".encode()]
    assert waiting.count == 0


def test_with_the_page_cache_switched_off_requests_for_the_same_page_do_not_wait(
    waiting: Waiting, settings: SettingsWrapper
) -> None:
    settings.CACHES = settings.CACHES | {
        page_cache.CACHE_ALIAS: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    second_rendered = threading.Event()
    renders: list[int] = []

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        renders.append(1)
        if len(renders) == 1:
            return HttpResponse("1" if second_rendered.wait(STUCK) else "待たせた")
        second_rendered.set()
        return HttpResponse("2")

    results = at_once(lambda: visit(page), lambda: visit(page))

    assert sorted(contents(results)) == [b"1", b"2"]
    assert waiting.count == 0
