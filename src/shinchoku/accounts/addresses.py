"""The address of the client behind a request, which sign-in limits are counted by.

Without a reverse proxy the client is ``REMOTE_ADDR``. Behind one, ``REMOTE_ADDR`` is the proxy,
and the client's address is in the ``X-Forwarded-For`` header the proxy appends to. That header is
trusted only when ``SHINCHOKU_TRUSTED_PROXY_COUNT`` says how many proxies of our own stand in front
of the server: the client is then the address that many entries from the right. Anything to the
left of it was written by the client itself and may be forged, so it is never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

TRUSTED_PROXY_COUNT_SETTING = "SHINCHOKU_TRUSTED_PROXY_COUNT"


def trusted_proxy_count() -> int:
    """How many reverse proxies of our own forward requests (0: none, the default).

    Read from the Django setting of that name (set from the environment by shinchoku.config);
    anything but a whole number from 0 is refused in Japanese."""
    text = str(getattr(settings, TRUSTED_PROXY_COUNT_SETTING, 0)).strip() or "0"
    if not (text.isascii() and text.isdigit()):
        raise ImproperlyConfigured(
            f"{TRUSTED_PROXY_COUNT_SETTING} には、サーバーの前に置いたリバースプロキシの数を"
            f"0以上の整数で指定してください(指定: {text!r})。プロキシがなければ 0 です。"
        )
    return int(text)


def client_address(request: HttpRequest | None) -> str:
    """The client's IP address, or '' when there is no request (a sign-in from code or a test)."""
    if request is None:
        return ""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = trusted_proxy_count()
    if proxies == 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # The proxies did not all append: nothing in the header can be trusted.
        return remote
    return _valid(forwarded[-proxies]) or remote


def _valid(text: str) -> str:
    """``text`` as a normalised IP address, or '' when it is not one."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return ""
