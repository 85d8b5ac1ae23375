"""The client address the sign-in limits count by: REMOTE_ADDR, or X-Forwarded-For behind the
configured number of trusted proxies only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from pytest_django import Settings as SettingsWrapper

from shinchoku.accounts.addresses import client_address

FORGED = "203.0.113.9"


def request(forwarded: str = "") -> object:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **extra)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings: SettingsWrapper) -> None:
    settings.SHINCHOKU_TRUSTED_PROXY_COUNT = 0

    assert client_address(request(FORGED)) == "10.0.0.2"  # type: ignore[arg-type]


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings: SettingsWrapper) -> None:
    settings.SHINCHOKU_TRUSTED_PROXY_COUNT = 1

    assert client_address(request(f"{FORGED}, 192.0.2.5")) == "192.0.2.5"  # type: ignore[arg-type]


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings: SettingsWrapper) -> None:
    settings.SHINCHOKU_TRUSTED_PROXY_COUNT = 2

    address = client_address(request(f"{FORGED}, 192.0.2.5, 10.0.0.1"))  # type: ignore[arg-type]

    assert address == "192.0.2.5"


@pytest.mark.parametrize("forwarded", ["", "not-an-address"])
def test_a_missing_or_broken_header_falls_back_to_the_proxy(
    settings: SettingsWrapper, forwarded: str
) -> None:
    settings.SHINCHOKU_TRUSTED_PROXY_COUNT = 1

    assert client_address(request(forwarded)) == "10.0.0.2"  # type: ignore[arg-type]


def test_a_sign_in_without_a_request_has_no_address() -> None:
    assert client_address(None) == ""


@pytest.mark.parametrize("value", ["-1", "one", "１"])
def test_a_proxy_count_that_is_not_a_whole_number_is_refused_in_japanese(
    settings: SettingsWrapper, value: str
) -> None:
    settings.SHINCHOKU_TRUSTED_PROXY_COUNT = value

    with pytest.raises(ImproperlyConfigured, match="0以上の整数"):
        client_address(request())  # type: ignore[arg-type]
