"""Telling a member whose session ended why they are asked to sign in again.

A session ends when it stays idle longer than ``SESSION_COOKIE_AGE`` (renewed on every request),
when the browser closes, or when the password changes. In the first and last cases the browser
still sends the session cookie, but the session behind it is gone. This middleware notices that on
the first request afterwards (usually a staff page that will redirect to the login page) and leaves
a note in a fresh session that the login page reads with :func:`pop_session_ended`.
A signed-out member is not affected: signing out deletes the cookie.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

SESSION_ENDED_KEY = "shinchoku_session_ended"


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


def pop_session_ended(request: HttpRequest) -> bool:
    """True (once) when the request follows the end of the visitor's session."""
    return bool(request.session.pop(SESSION_ENDED_KEY, False))
