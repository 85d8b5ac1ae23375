"""A page is rendered once across processes sharing the cache: the one render claims the page in
the cache itself, the other processes wait for that claim to go, and only its owner releases it.
Each test runs on the embedded in-process cache and on Redis (one implementation serves both)."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import caches

from shinchoku.web import page_renders

KEY = "page:public:everyone:0123"
# Seconds after which a thread of these tests is taken as stuck: a bound, never reached when all is well.
STUCK = 30.0

pytestmark = pytest.mark.usefixtures("page_cache_backend")


def claim_held() -> bool:
    return caches[page_renders.CLAIMS_CACHE].get(f"rendering:{KEY}") is not None


@pytest.fixture
def polling(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Set once a request starts waiting for another process's claim."""
    started = threading.Event()
    wait = page_renders._Claim.wait

    def signalled_wait(claim: page_renders._Claim) -> None:
        started.set()
        wait(claim)

    monkeypatch.setattr(page_renders._Claim, "wait", signalled_wait)
    monkeypatch.setattr(page_renders, "RENDER_WAIT", STUCK)
    return started


def test_a_render_holds_a_claim_in_the_shared_cache_while_it_runs_and_releases_it_after() -> None:
    with page_renders.rendering_once(KEY) as waited:
        assert not waited
        assert claim_held()
    assert not claim_held()


def test_the_claim_is_released_when_the_render_fails() -> None:
    with pytest.raises(RuntimeError), page_renders.rendering_once(KEY):
        raise RuntimeError("描画に失敗しました")
    assert not claim_held()
    assert page_renders._renders == {}


def test_a_request_waits_while_another_process_renders_the_page_and_goes_on_when_it_is_done(
    polling: threading.Event,
) -> None:
    other_process = page_renders._Claim(KEY)
    assert other_process.take()
    entered: list[bool] = []

    def request() -> None:
        with page_renders.rendering_once(KEY) as waited:
            entered.append(waited)

    thread = threading.Thread(target=request, daemon=True)
    thread.start()
    assert polling.wait(STUCK)
    assert entered == []  # still waiting: it does not render the page beside the other process

    other_process.release()
    thread.join(STUCK)

    assert entered == [True]
    assert page_renders._renders == {}


def test_a_request_waits_for_another_process_at_most_the_render_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_renders, "RENDER_WAIT", 0.2)
    assert page_renders._Claim(KEY).take()  # a process killed while rendering

    with page_renders.rendering_once(KEY) as waited:
        assert waited


def test_a_background_render_is_not_started_while_another_process_renders_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(page_renders, "run_in_background", lambda work: work())
    other_process = page_renders._Claim(KEY)
    assert other_process.take()
    runs: list[bool] = []

    assert not page_renders.refresh_in_background(KEY, lambda: runs.append(False))
    other_process.release()
    assert page_renders.refresh_in_background(KEY, lambda: runs.append(claim_held()))

    assert runs == [True]  # run once, holding the claim
    assert not claim_held()
    assert page_renders._renders == {}


def test_a_render_that_outlived_its_claim_does_not_release_the_claim_taken_since() -> None:
    late = page_renders._Claim(KEY)
    assert late.take()
    caches[page_renders.CLAIMS_CACHE].delete(f"rendering:{KEY}")  # as when it expires
    current = page_renders._Claim(KEY)
    assert current.take()

    late.release()

    assert claim_held()
    current.release()
    assert not claim_held()
