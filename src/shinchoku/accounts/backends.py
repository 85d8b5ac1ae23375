"""Signing in with a password, with lock-out after repeated failures.

The counting lives in the authentication backend rather than in a ``user_login_failed`` signal
receiver: the backend is the one place that knows whether a known account gave a wrong password
(the signal also fires for unknown usernames and for refusals of a locked account), and every
sign-in path (the login page, ``Client.login``, anything calling ``authenticate``) goes through it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from shinchoku.accounts import services
from shinchoku.accounts.models import User


class LockoutBackend(ModelBackend):
    """:class:`ModelBackend` that refuses locked accounts and counts wrong passwords.

    A locked account is refused without its password being checked, so guessing goes on being
    useless until the lock ends; a refusal while locked is not counted again. A successful sign-in
    resets the count.
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
        if username is None or password is None:
            return None
        user = User._default_manager.filter(username=username).first()
        if user is None or services.locked_until(user):
            # Hash anyway, so that the time taken does not tell whether the username exists.
            User().set_password(password)
            return None
        if not user.check_password(password):
            services.record_failed_login(user)
            return None
        if not self.user_can_authenticate(user):
            return None
        return services.record_successful_login(user)
