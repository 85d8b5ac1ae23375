"""The renders of cached pages under way: at most one per page at a time, across the threads of a
process and across processes and machines sharing one cache, run by a request (which the other
requests for the page wait for) or in the background.

Right after a change every stored page is stale, and the visitors of a popular page arrive together:
each rendering it would put all those renders at once on the CPUs (waitress runs several threads per
process, and several servers share one Redis), so each would take as long as all of them.

Within a process, the renders under way are kept in a small dictionary by page key, guarded by a
lock, from which a render removes its key when it is done, successful or not; the requests of the
process waiting for it are woken by an event. The one render of a process then also claims the page
in the page cache itself, shared by every process when it is Redis (``SHINCHOKU_CACHE_URL``):
``cache.add`` stores a claim only if none is there, atomically on Redis as on the in-process memory
cache, so one implementation serves both. The claim holds a token of its own and expires after
``RENDER_WAIT`` seconds (a process killed while rendering leaves no page claimed for good); its owner
deletes it when done, if it is still its own. A process finding the page claimed by another polls the
claim until it is gone (the page then most likely stored) or ``RENDER_WAIT`` seconds have passed.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.cache import caches
from django.db import connections

logger = logging.getLogger(__name__)

# Seconds a request waits for another one rendering the same page before rendering it itself: far
# longer than a render, even the biggest page's under load, but a bound should one ever hang.
RENDER_WAIT = 15.0
# The cache the claims are kept in: the page cache (shinchoku.web.page_cache.CACHE_ALIAS), the one
# cache every process serving the pages shares when any is shared.
CLAIMS_CACHE = "pages"
# Seconds between two looks at another process's claim: short at first (most renders take tens of
# milliseconds), then longer, so that a crowd of waiters does not flood the cache with reads.
FIRST_POLL, LAST_POLL = 0.01, 0.05

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


class _Claim:
    """The claim of one render of a page in the shared cache, under a token of its own."""

    def __init__(self, key: str) -> None:
        self.key = f"rendering:{key}"
        self._token = uuid.uuid4().hex

    def take(self) -> bool:
        """Claim the render; False if another process holds a claim on it."""
        taken: bool = caches[CLAIMS_CACHE].add(self.key, self._token, timeout=math.ceil(RENDER_WAIT))
        return taken

    def release(self) -> None:
        """Delete the claim if it is still this one's. Reading and deleting are two steps: a render
        outliving its claim (``RENDER_WAIT``) may delete another's taken meanwhile, at worst letting
        one more process render the page."""
        cache = caches[CLAIMS_CACHE]
        if cache.get(self.key) == self._token:
            cache.delete(self.key)

    def wait(self) -> None:
        """Return once no process holds a claim on the render, or after ``RENDER_WAIT`` seconds."""
        cache = caches[CLAIMS_CACHE]
        deadline, pause = time.monotonic() + RENDER_WAIT, FIRST_POLL
        while cache.get(self.key) is not None and time.monotonic() < deadline:
            time.sleep(pause)
            pause = min(2 * pause, LAST_POLL)


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
    """Run the block at once when no render of ``key`` is under way in this process or another one
    sharing the cache, and let the requests waiting for it go on when the block ends, however it
    ends. Otherwise run the block once that render is done (or after ``RENDER_WAIT`` seconds): the
    block then most likely finds the page stored, and renders it itself when not. The block is given
    True when it waited."""
    render, mine = _claim(key)
    if not mine:
        render.wait()
        yield True
        return
    try:
        claim = _Claim(key)
        if not claim.take():
            claim.wait()
            yield True
            return
        try:
            yield False
        finally:
            claim.release()
    finally:
        _release(key, render)


def refresh_in_background(key: str, work: Work) -> bool:
    """Run ``work``, a render of ``key``, on a background thread unless a render of ``key`` is under
    way here or in another process (requests for it wait for it meanwhile, as for one run by a
    request); True if started. An error in ``work`` is logged: nobody waits for its outcome."""
    render, mine = _claim(key)
    if not mine:
        return False
    claim = _Claim(key)
    if not claim.take():
        _release(key, render)
        return False

    def refresh() -> None:
        try:
            work()
        except Exception:
            logger.exception("ページ %s の再描画に失敗しました。", key)
        finally:
            claim.release()
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
