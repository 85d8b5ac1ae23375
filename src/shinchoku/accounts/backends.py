"""Signing in with a password, within the limits of :mod:`shinchoku.accounts.throttle`.

The limits live in the authentication backend rather than in a ``user_login_failed`` signal
receiver: the backend is the one place that sees an attempt before its password is checked (a
signal comes too late to refuse it), and every sign-in path (the login page, ``Client.login``,
anything calling ``authenticate``) goes through it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from shinchoku.accounts import services, throttle
from shinchoku.accounts.addresses import client_address
from shinchoku.accounts.models import User


class LockoutBackend(ModelBackend):
    """:class:`ModelBackend` that checks a password only after the throttle has counted the attempt.

    Unknown login IDs, wrong passwords, limited attempts and inactive accounts all end the same
    way (None), and take about the same time (a password is hashed in each case), so that neither
    the answer nor its delay tells which login IDs exist.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        address = client_address(request)
        allowed = throttle.reserve_attempt(username, address)
        user = User._default_manager.filter(username=username).first() if allowed else None
        if user is None:
            User().set_password(password)  # the time a real check would take
            return None
        if not user.check_password(password):
            services.record_failed_login(user, address)
            return None
        if not self.user_can_authenticate(user):
            return None
        throttle.record_success(username, address)
        return services.record_successful_login(user, address)
