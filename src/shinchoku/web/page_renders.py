"""The renders of cached pages under way in this process: at most one per page at a time, run by a
request (which the other requests for the page wait for) or in the background.

Right after a change every stored page is stale, and the visitors of a popular page arrive together:
each rendering it would put all those renders at once on the CPUs (waitress runs several threads per
process), so each would take as long as all of them. So the renders under way are kept in a small
dictionary by page key, guarded by a lock, from which a render removes its key when it is done,
successful or not. Processes do not coordinate: each renders a page once for its own cache.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connections

logger = logging.getLogger(__name__)

# Seconds a request waits for another one rendering the same page before rendering it itself: far
# longer than a render, even the biggest page's under load, but a bound should one ever hang.
RENDER_WAIT = 15.0

Work = Callable[[], None]


class _Render:
    """A page being rendered, which requests for the same page wait for."""

    def __init__(self) -> None:
        self._done = threading.Event()

    def wait(self) -> None:
        """Return once the render is done, successful or not, or after ``RENDER_WAIT`` seconds."""
        self._done.wait(RENDER_WAIT)

    def finish(self) -> None:
        self._done.set()


_renders: dict[str, _Render] = {}
_renders_lock = threading.Lock()


def _claim(key: str) -> tuple[_Render, bool]:
    """The render of ``key`` under way, and False; or a new one, registered, and True."""
    with _renders_lock:
        render = _renders.get(key)
        if render is not None:
            return render, False
        render = _renders[key] = _Render()
        return render, True


def _release(key: str, render: _Render) -> None:
    with _renders_lock:
        del _renders[key]
    render.finish()


@contextmanager
def rendering_once(key: str) -> Iterator[bool]:
    """Run the block at once when no render of ``key`` is under way in this process, and let the
    requests waiting for it go on when the block ends, however it ends. Otherwise run the block once
    that render is done (or after ``RENDER_WAIT`` seconds): the block then most likely finds the page
    stored, and renders it itself when not. The block is given True when it waited."""
    render, mine = _claim(key)
    if not mine:
        render.wait()
        yield True
        return
    try:
        yield False
    finally:
        _release(key, render)


def refresh_in_background(key: str, work: Work) -> bool:
    """Run ``work``, a render of ``key``, on a background thread unless a render of ``key`` is under
    way (requests for it wait for it meanwhile, as for one run by a request); True if started. An
    error in ``work`` is logged: nobody waits for its outcome."""
    render, mine = _claim(key)
    if not mine:
        return False

    def refresh() -> None:
        try:
            work()
        except Exception:
            logger.exception("ページ %s の再描画に失敗しました。", key)
        finally:
            _release(key, render)

    run_in_background(refresh)
    return True


def _on_thread(work: Work) -> None:
    """Run ``work`` on a daemon thread of its own, which closes its database connections at the end
    (Django opens one per thread, and a request's are closed by the request's end only)."""

    def run() -> None:
        try:
            work()
        finally:
            connections.close_all()

    threading.Thread(target=run, name="shinchoku-page-refresh", daemon=True).start()


# How background work is started; the tests run it in the calling thread, inside their transaction.
run_in_background: Callable[[Work], None] = _on_thread
