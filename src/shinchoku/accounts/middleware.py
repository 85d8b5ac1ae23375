"""Ending idle sessions, and telling a member whose session ended why they are asked to sign in again.

A session ends when it stays idle longer than ``SESSION_COOKIE_AGE`` (two hours), when the browser
closes, or when the password changes. The idle timeout is the session's expiry in the database,
pushed back by :class:`SessionRenewalMiddleware` at most once every ``SESSION_RENEWAL_INTERVAL``
rather than on every request: a session therefore ends two hours after its last activity, to within
that interval, while most requests of a signed-in member write nothing.

When a session has ended by idling or by a password change, the browser still sends the session
cookie, but the session behind it is gone. :class:`SessionEndedMiddleware` notices that on the first
request afterwards (usually a staff page that will redirect to the login page) and leaves a note in a
fresh session that the login page reads with :func:`pop_session_ended`. A signed-out member is not
affected: signing out deletes the cookie.

:class:`PasswordChangeRequiredMiddleware` keeps a member with a one-time password on the password
change page until they choose their own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

SESSION_ENDED_KEY = "shinchoku_session_ended"
RENEWED_AT_KEY = "shinchoku_session_renewed_at"

SESSION_RENEWAL_INTERVAL = 60
"""Seconds a session's expiry may lag behind its last activity.

Renewing the expiry is a write to the session table. Done on every request
(``SESSION_SAVE_EVERY_REQUEST``), it made every staff page a write, and on SQLite the writes of
concurrent requests wait for one another: cached staff pages took several times longer than public
ones under load. A minute is nothing against a two-hour idle timeout, and it leaves at most one write
a minute per signed-in member.
"""


class SessionEndedMiddleware:
    """Marks the session when the browser presented a session that no longer signs anyone in.

    Must come after ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            and not request.user.is_authenticated
            and request.session.is_empty()
        ):
            request.session[SESSION_ENDED_KEY] = True
        return self.get_response(request)


class SessionRenewalMiddleware:
    """Pushes a signed-in session's end back to ``SESSION_COOKIE_AGE`` from now, at most once every
    ``SESSION_RENEWAL_INTERVAL`` (the idle timeout).

    The time of the last renewal is kept in the session. A response whose session is saved anyway
    (signing in, for one) records the time without an extra write. The check runs on the way out,
    so that it sees who is signed in after the view: nobody after signing out, the member after
    signing in. Must come after ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            renew_when_due(request.session)
        return response


def renew_when_due(session: SessionBase) -> None:
    """Mark ``session`` for saving (which sets its expiry afresh) when its last renewal is
    ``SESSION_RENEWAL_INTERVAL`` old, unknown, or in the future (the clock was set back)."""
    now = int(timezone.now().timestamp())
    renewed_at = session.get(RENEWED_AT_KEY)
    due = not isinstance(renewed_at, int) or not 0 <= now - renewed_at < SESSION_RENEWAL_INTERVAL
    if due or session.modified:
        session[RENEWED_AT_KEY] = now


def pop_session_ended(request: HttpRequest) -> bool:
    """True (once) when the request follows the end of the visitor's session."""
    return bool(request.session.pop(SESSION_ENDED_KEY, False))


class PasswordChangeRequiredMiddleware:
    """Sends a member whose password was handed out by someone else (``must_change_password``:
    a one-time password of the set-up or of a bulk registration) to the password change page from
    every page but that one, signing out and the static files, until they change it.

    The one-time password was seen by whoever printed or read it; until its owner chooses their
    own, the account must not be used for anything else. Must come after
    ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            change = reverse("web:password_change")
            allowed = (change, reverse("web:logout"), settings.STATIC_URL or "/static/")
            if not any(request.path_info.startswith(path) for path in allowed):
                return HttpResponseRedirect(change)
        return self.get_response(request)
