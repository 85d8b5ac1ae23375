"""Rendered read pages kept in Django's cache, invalidated by the version of the data.

Every change to the data goes through a service that records an :class:`~shinchoku.audit.models.AuditEntry`
in the same transaction (the demo generator and the importer included), so the state of the audit
log is a version of everything a page shows: a page cached under one version is never served once
a change is recorded. Keys are (data version, audience, URL with its query string) and, on the staff
site, the user, whose role and departments decide what a staff page shows.

The one part of a page that differs per visitor on any site is the account menu in the header
(login link, or the user's name and a logout form carrying the CSRF token). It is left out of what is
stored: ``{% account_menu %}`` writes a placeholder while a page is rendered for the cache, and the
menu is rendered afresh for every response. So no CSRF token or name is ever stored, public pages
are shared by every visitor, and the token always matches the visitor's cookie.

A page missing from the cache is rendered once per process, not once per visitor. Right after a
change every stored page is stale, and the visitors of a popular page arrive together: each rendering
it would put all those renders at once on the CPUs (waitress runs several threads per process), so
each would take as long as all of them. Instead the first request for a key renders it while the
later ones for the same key wait (at most ``RENDER_WAIT`` seconds) and then read it from the cache.
The requests in flight are kept in a small dictionary, guarded by a lock, from which the renderer
removes its key when it is done, successful or not. Should the page not have been stored (the render
failed, or the page holds something of its own request) or the wait run out, a waiting request
renders the page itself, as it would have without waiting. Requests for other keys never wait.
Processes do not wait for one another: each renders the page once for its own cache. With the page
cache switched off (Django's dummy cache, as the benchmark's ``BENCH_PAGE_CACHE=off`` does) nothing
could be read back, so nobody waits.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers

from shinchoku.audit.models import AuditEntry
from shinchoku.web.audience import Audience

CACHE_ALIAS = "pages"
ACCOUNT_MENU_TEMPLATE = "web/includes/account_menu.html"
# An HTML comment cannot come from the data: every text of a page is escaped.
ACCOUNT_MENU_SLOT = "<!--shinchoku:account-menu-->"
_DEFERS_ACCOUNT_MENU = "_shinchoku_defers_account_menu"
# How far back the version counts recorded changes; see data_version().
RECENT_IDS = 1000
# Seconds a request waits for another one rendering the same page before rendering it itself: far
# longer than a render, even the biggest page's under load, but a bound should one ever hang.
RENDER_WAIT = 15.0

PageView = Callable[..., HttpResponse]


def data_version() -> str | None:
    """The version of the data: the newest audit entry, and how many of the last ``RECENT_IDS`` ids
    are recorded; None while nothing has been recorded (the data's origin is then unknown, so
    nothing is cached).

    The newest id alone would miss a transaction that took an id before another one but committed
    after it (possible on PostgreSQL); the count over the recent ids still changes when it commits.
    The newest entry's time tells apart two databases that reach the same ids (a restored backup).
    The whole log is used rather than one municipality's: the home page and the search span every
    municipality, changes recorded without a municipality count too, and the query stays one short
    index range whatever the size of the log. It is written in SQL because every page served from
    the cache runs it: the ORM would spend more time building it than the database running it.
    """
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(id), COUNT(*), MAX(at) FROM {table} WHERE id > (SELECT MAX(id) FROM {table}) - %s",
            [RECENT_IDS],
        )
        newest, count, at = cursor.fetchone()
    if newest is None:
        return None
    return f"{newest}-{count}-{str(at).replace(' ', 'T')}"


def page_key(version: str, audience: Audience, request: HttpRequest) -> str:
    """The cache key of the page ``request`` asks for; staff pages are kept per user."""
    reader = f"user{request.user.pk}" if audience.is_staff else "everyone"
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{version}:{audience.namespace}:{reader}:{address}"


def defers_account_menu(request: HttpRequest | None) -> bool:
    """True while ``request``'s page is rendered for the cache (see ``{% account_menu %}``)."""
    return bool(getattr(request, _DEFERS_ACCOUNT_MENU, False))


def cached_page(view: PageView) -> PageView:
    """Serve ``view``, a read page taking its ``audience`` as a keyword, from the page cache.

    Only GET requests answered 200 are stored, and only when rendering them used no CSRF token, set
    no cookie and showed no flash message; a visitor with a flash message waiting gets the page
    rendered afresh. A page missing from the cache is rendered by one request of the process while
    the others asking for it wait for it (see the module's docstring). Every response gets the
    visitor's own account menu, ``Vary: Cookie`` and ``Cache-Control: no-cache`` (browsers check
    back: the data may change any time), ``private`` for the staff site and for signed-in visitors,
    ``public`` otherwise.
    """

    @functools.wraps(view)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        audience: Audience = kwargs["audience"]
        # Read before the page: a change committed meanwhile leaves the page newer than its key.
        version = data_version() if _cacheable(request) else None
        if version is None:
            return _for_visitor(view(request, *args, **kwargs), audience, request)
        key = page_key(version, audience, request)
        response = _stored_page(key)
        if response is None:
            with _single_flight(key):
                # Most likely stored meanwhile by the request this one waited for.
                response = _stored_page(key)
                if response is None:
                    response = _render_and_store(key, view, request, *args, **kwargs)
        return _for_visitor(response, audience, request)

    return serve


def _stored_page(key: str) -> HttpResponse | None:
    stored: tuple[bytes, str] | None = caches[CACHE_ALIAS].get(key)
    return None if stored is None else HttpResponse(stored[0], content_type=stored[1])


def _render_and_store(
    key: str, view: PageView, request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Render ``view`` without the account menu, and store the page under ``key`` when it may be."""
    setattr(request, _DEFERS_ACCOUNT_MENU, True)
    try:
        response = view(request, *args, **kwargs)
    finally:
        setattr(request, _DEFERS_ACCOUNT_MENU, False)
    if _storable(request, response):
        caches[CACHE_ALIAS].set(key, (response.content, response["Content-Type"]))
    return response


class _Render:
    """A page being rendered for the cache by one request, which other requests for it wait for."""

    def __init__(self) -> None:
        self._done = threading.Event()

    def wait(self) -> None:
        """Return once the render is done, successful or not, or after ``RENDER_WAIT`` seconds."""
        self._done.wait(RENDER_WAIT)

    def finish(self) -> None:
        self._done.set()


# The renders under way in this process, by page key; see the module's docstring.
_renders: dict[str, _Render] = {}
_renders_lock = threading.Lock()


@contextmanager
def _single_flight(key: str) -> Iterator[None]:
    """Run the block at once when no other request of this process is rendering ``key``, and let
    the requests waiting for it go on when the block ends, however it ends. Otherwise run the block
    once that render is done (or after ``RENDER_WAIT`` seconds)."""
    if isinstance(caches[CACHE_ALIAS], DummyCache):
        yield
        return
    with _renders_lock:
        render = _renders.get(key)
        renders_here = render is None
        if render is None:
            render = _renders[key] = _Render()
    if not renders_here:
        render.wait()
        yield
        return
    try:
        yield
    finally:
        with _renders_lock:
            del _renders[key]
        render.finish()


def _cacheable(request: HttpRequest) -> bool:
    """A GET with no flash message waiting: a stored page would leave the message unshown."""
    return request.method == "GET" and not messages.get_messages(request)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """True for a page that holds nothing of this one request: no CSRF token (its use flags the
    cookie for update), no cookie, no flash message shown."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(messages.get_messages(request), "used", False)
    )


def _for_visitor(response: HttpResponse, audience: Audience, request: HttpRequest) -> HttpResponse:
    """``response`` with this visitor's account menu in its slot and the caching headers."""
    slot = ACCOUNT_MENU_SLOT.encode()
    if not response.streaming and slot in response.content:
        menu = render_to_string(ACCOUNT_MENU_TEMPLATE, {"audience": audience}, request=request)
        response.content = response.content.replace(slot, menu.encode(), 1)
    personal = audience.is_staff or request.user.is_authenticated
    patch_vary_headers(response, ["Cookie"])
    options: dict[str, Any] = {"no_cache": True, "private" if personal else "public": True}
    patch_cache_control(response, **options)
    return response
