"""Rendered read pages kept in Django's cache, tied to the version of the data they show.

A page is stored with the :func:`~shinchoku.web.data_version.data_version` of its scope (the part of
the audit log it depends on, :mod:`shinchoku.web.page_scopes`) read before it was rendered,
under a key of (audience, URL with its query string) and, on the staff site, the user and a digest of
their role and departments, which decide what a staff page shows: a page stored before the user's
rights changed is never served to them again. A stored page of the current version is served as it is.

Right after a change, the stored pages are of an older version. Rendering the biggest pages takes a
few hundred milliseconds, and the visitors who arrive meanwhile would wait for it, so a stored page
of an older version is still served while it is rendered again in the background (*stale while
revalidate*), on two conditions that bound what such a page may lack:

* the first change of its scope it lacks was recorded at most ``settings.PAGE_STALE_WINDOW`` seconds ago;
* none of the changes it lacks was made by the visitor: whoever saves something sees it at once.

Otherwise the page is rendered for the request. Either way a page is rendered once per process at a
time (see :mod:`shinchoku.web.page_renders`): requests asking for a page being rendered wait for that
render and read its result. The ``X-Page-Cache`` header of a response tells which way it was served:
``hit`` (the stored page, current), ``stale`` (the stored page of an older version, being rendered
again), ``miss`` (rendered for this request, or read from the render it waited for) or ``bypass``
(not served from the cache: a flash message waiting, or nothing recorded yet).

The one part of a page that differs per visitor on any site is the account menu in the header
(login link, or the user's name and a logout form carrying the CSRF token). It is left out of what is
stored: ``{% account_menu %}`` writes a placeholder while a page is rendered for the cache, and the
menu is rendered afresh for every response. So no CSRF token or name is ever stored, public pages
are shared by every visitor, and the token always matches the visitor's cookie.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, overload

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.web.audience import Audience
from shinchoku.web.data_version import DataVersion, Scope, data_version, missed_since
from shinchoku.web.page_renders import refresh_in_background, rendering_once
from shinchoku.web.page_scopes import ScopeResolver, every_city

CACHE_ALIAS = "pages"
# The parts of a page that differ per visitor, each by its template: the page is stored with a
# slot in their place and every response gets the visitor's own. An HTML comment cannot come from
# the data: every text of a page is escaped.
VISITOR_PARTS: dict[str, str] = {
    "account-menu": "web/includes/account_menu.html",
    "unread-notices": "web/includes/unread_notices.html",
}
_SLOT_PATTERN = re.compile(rb"<!--shinchoku:([a-z-]+)-->")
_DEFERS_VISITOR_PARTS = "_shinchoku_defers_visitor_parts"


def visitor_slot(part: str) -> str:
    """The placeholder a page stored in the cache holds where ``part`` goes."""
    if part not in VISITOR_PARTS:
        raise ValueError(f"unknown visitor part {part!r}")
    return f"<!--shinchoku:{part}-->"


ACCOUNT_MENU_SLOT = visitor_slot("account-menu")

PageView = Callable[..., HttpResponse]
Served = Literal["hit", "stale", "miss", "bypass"]


@dataclass(frozen=True)
class StoredPage:
    """A rendered page and the version of the data it shows (``seen``, and as text ``version``).
    The page is kept cut at its visitor parts (``pieces`` around ``parts``, see
    :data:`VISITOR_PARTS`), so that serving it copies it once and searches nothing."""

    version: str
    seen: DataVersion
    pieces: tuple[bytes, ...]
    parts: tuple[str, ...]
    content_type: str

    @classmethod
    def of(cls, version: DataVersion, response: HttpResponse) -> StoredPage:
        split = _SLOT_PATTERN.split(response.content)
        pieces, parts = tuple(split[0::2]), tuple(part.decode() for part in split[1::2])
        return cls(str(version), version, pieces, parts, response["Content-Type"])

    def response(self, audience: Audience, request: HttpRequest) -> HttpResponse:
        """The page with the visitor parts of ``request``'s visitor."""
        content = [self.pieces[0]]
        for part, piece in zip(self.parts, self.pieces[1:], strict=True):
            content += (_visitor_part(part, audience, request), piece)
        return HttpResponse(b"".join(content), content_type=self.content_type)


def page_key(audience: Audience, request: HttpRequest) -> str:
    """The cache key of the page ``request`` asks for; staff pages are kept per user and per what
    the user may read (see :func:`_rights`)."""
    reader = f"user{request.user.pk}-{_rights(request.user)}" if audience.is_staff else "everyone"
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{audience.namespace}:{reader}:{address}"


def _rights(user: User | AnonymousUser) -> str:
    """A digest of what decides what ``user`` may read: role, municipality, superuser and
    departments (:mod:`shinchoku.accounts.permissions`). A page stored before any of them changed
    is then never served again, not even as a stale page while it is rendered anew: it may show
    the draft of a department the user has left."""
    if not isinstance(user, User):
        return "anonymous"
    departments = ",".join(str(pk) for pk in sorted(permissions.department_ids(user)))
    rights = f"{user.role}:{user.municipality_id}:{user.is_superuser}:{user.is_active}:{departments}"
    return hashlib.sha256(rights.encode()).hexdigest()[:16]


def defers_visitor_parts(request: HttpRequest | None) -> bool:
    """True while ``request``'s page is rendered for the cache (see ``{% visitor_part %}``)."""
    return bool(getattr(request, _DEFERS_VISITOR_PARTS, False))


@overload
def cached_page(view: PageView, /) -> PageView: ...


@overload
def cached_page(*, scope: ScopeResolver = every_city) -> Callable[[PageView], PageView]: ...


def cached_page(
    view: PageView | None = None, /, *, scope: ScopeResolver = every_city
) -> PageView | Callable[[PageView], PageView]:
    """Serve ``view``, a read page taking its ``audience`` as a keyword, from the page cache:
    ``@cached_page`` for a page spanning every municipality, ``@cached_page(scope=…)`` for one that
    depends on less (:mod:`shinchoku.web.page_scopes`; e.g. ``plan_city`` for a plan's pages).

    Only GET requests answered 200 are stored, and only when rendering them used no CSRF token, set
    no cookie and showed no flash message; a visitor with a flash message waiting gets the page
    rendered afresh. A stored page of an older version may be served while it is rendered again (see
    the module's docstring). Every response gets the visitor's own account menu, ``Vary: Cookie``,
    ``X-Page-Cache`` and ``Cache-Control: no-cache`` (browsers check back: the data may change any
    time), ``private`` for the staff site and for signed-in visitors, ``public`` otherwise.
    """
    if view is None:
        return functools.partial(_cached, scope=scope)
    return _cached(view, scope=scope)


def _cached(view: PageView, scope: ScopeResolver) -> PageView:
    @functools.wraps(view)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        audience: Audience = kwargs["audience"]
        lanes = scope(audience, request, kwargs)
        # Read before the page: a change committed meanwhile leaves the page newer than its version.
        version = data_version(lanes) if _cacheable(request) else None
        if version is None:
            return _for_visitor(view(request, *args, **kwargs), audience, request, "bypass")
        key = page_key(audience, request)
        stored = _stored_page(key)
        if stored is not None and stored.version == str(version):
            return _with_headers(stored.response(audience, request), audience, request, "hit")
        if stored is not None and _may_serve_stale(stored, request):
            refresh_in_background(key, _rendering_later(key, lanes, view, request, *args, **kwargs))
            return _with_headers(stored.response(audience, request), audience, request, "stale")
        with rendering_once(key) as waited:
            if waited:  # most likely for the render that stored the page meanwhile
                stored, version = _stored_page(key), data_version(lanes)
                if stored is not None and version is not None and stored.version == str(version):
                    return _with_headers(stored.response(audience, request), audience, request, "miss")
            response = _render_and_store(key, version, view, request, *args, **kwargs)
        return _for_visitor(response, audience, request, "miss")

    return serve


def _stored_page(key: str) -> StoredPage | None:
    stored: StoredPage | None = caches[CACHE_ALIAS].get(key)
    return stored


def _may_serve_stale(stored: StoredPage, request: HttpRequest) -> bool:
    """True when the changes ``stored`` lacks began at most ``PAGE_STALE_WINDOW`` seconds ago and
    none of them is the visitor's. A page whose version differs without any change after its newest
    one (a late commit of an earlier id, a restored database) is never served stale."""
    reader = request.user.pk if request.user.is_authenticated else None
    missed = missed_since(stored.seen, reader)
    if missed.since is None or missed.by_reader:
        return False
    return (timezone.now() - missed.since).total_seconds() <= settings.PAGE_STALE_WINDOW


def _render_and_store(
    key: str, version: DataVersion | None, view: PageView, request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Render ``view`` without the account menu, and store the page under ``key`` as showing
    ``version`` (read before rendering) when it may be stored (see :func:`_storable`)."""
    setattr(request, _DEFERS_VISITOR_PARTS, True)
    try:
        response = view(request, *args, **kwargs)
    finally:
        setattr(request, _DEFERS_VISITOR_PARTS, False)
    if version is not None and _storable(request, response):
        stored = _stored_page(key)
        # A render that began earlier and ended later must not replace a newer page.
        if stored is None or not version.is_older_than(stored.seen):
            caches[CACHE_ALIAS].set(key, StoredPage.of(version, response))
    return response


def _rendering_later(
    key: str, lanes: Scope, view: PageView, request: HttpRequest, *args: Any, **kwargs: Any
) -> Callable[[], None]:
    """The render of ``request``'s page, to be run on another thread once the request is answered."""
    detached = _detached(request)
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()

    def render() -> None:
        # The request's language was activated for its thread only.
        with translation.override(language):
            _render_and_store(key, data_version(lanes), view, detached, *args, **kwargs)

    return render


def _detached(request: HttpRequest) -> HttpRequest:
    """A copy of ``request`` for another thread: the same address, headers and visitor, but nothing
    that the request's own handling goes on changing (its session, its flash messages, the CSRF
    state of its cookie), and no body."""
    if not isinstance(request, WSGIRequest):
        raise TypeError("a page is rendered again in the background from a WSGI request only")
    environ = {name: value for name, value in request.environ.items() if not name.startswith("CSRF_COOKIE")}
    detached = WSGIRequest(environ | {"wsgi.input": io.BytesIO(b""), "CONTENT_LENGTH": "0"})
    user = request.user
    detached.user = user if user.is_authenticated else AnonymousUser()
    return detached


def _cacheable(request: HttpRequest) -> bool:
    """A GET with no flash message waiting (a stored page would leave the message unshown), while
    the page cache is on (the benchmark switches it off with Django's dummy cache)."""
    return (
        request.method == "GET"
        and not isinstance(caches[CACHE_ALIAS], DummyCache)
        and not messages.get_messages(request)
    )


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


def _for_visitor(
    response: HttpResponse, audience: Audience, request: HttpRequest, served: Served
) -> HttpResponse:
    """A page rendered for this request, with this visitor's parts in their slots and the
    caching headers."""
    if not response.streaming and b"<!--shinchoku:" in response.content:
        response.content = _SLOT_PATTERN.sub(
            lambda slot: _visitor_part(slot.group(1).decode(), audience, request), response.content
        )
    return _with_headers(response, audience, request, served)


def _visitor_part(part: str, audience: Audience, request: HttpRequest) -> bytes:
    return render_to_string(VISITOR_PARTS[part], {"audience": audience}, request=request).encode()


def _with_headers(
    response: HttpResponse, audience: Audience, request: HttpRequest, served: Served
) -> HttpResponse:
    """``response`` with the caching headers (see :func:`cached_page`)."""
    personal = audience.is_staff or request.user.is_authenticated
    patch_vary_headers(response, ["Cookie"])
    options: dict[str, Any] = {"no_cache": True, "private" if personal else "public": True}
    patch_cache_control(response, **options)
    response["X-Page-Cache"] = served
    return response
