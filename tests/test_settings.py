"""What SHINCHOKU_PUBLIC_URL turns on: each test evaluates the settings module afresh."""

from __future__ import annotations

import runpy
from typing import Any

import pytest

import shinchoku.settings


def settings_with(monkeypatch: pytest.MonkeyPatch, **environment: str) -> dict[str, Any]:
    for name in ("SHINCHOKU_PUBLIC_URL", "SHINCHOKU_HSTS_SECONDS", "SHINCHOKU_DEBUG", "SHINCHOKU_DEMO"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(shinchoku.settings.__file__)


def test_an_https_public_url_trusts_its_origin_and_the_proxys_header_and_secures_cookies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = settings_with(monkeypatch, SHINCHOKU_PUBLIC_URL="https://shinchoku.example.lg.jp")
    assert "shinchoku.example.lg.jp" in values["ALLOWED_HOSTS"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://shinchoku.example.lg.jp"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["SESSION_COOKIE_SECURE"]
    assert values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["CSRF_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert not values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert not values["SECURE_HSTS_PRELOAD"]


def test_the_hsts_duration_can_be_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    values = settings_with(
        monkeypatch, SHINCHOKU_PUBLIC_URL="https://shinchoku.example.lg.jp", SHINCHOKU_HSTS_SECONDS="600"
    )
    assert values["SECURE_HSTS_SECONDS"] == 600


def test_an_http_public_url_trusts_its_origin_but_sends_no_secure_cookie_or_hsts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = settings_with(monkeypatch, SHINCHOKU_PUBLIC_URL="http://10.0.0.5:8080")
    assert values["CSRF_TRUSTED_ORIGINS"] == ["http://10.0.0.5:8080"]
    assert "10.0.0.5" in values["ALLOWED_HOSTS"]
    for name in (
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
    ):
        assert name not in values


def test_the_demo_without_a_public_url_stays_plain_http_on_the_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = settings_with(monkeypatch, SHINCHOKU_DEMO="true")
    assert "CSRF_TRUSTED_ORIGINS" not in values
    assert "SECURE_SSL_REDIRECT" not in values
    assert "SESSION_COOKIE_SECURE" not in values
    assert {"127.0.0.1", "localhost"} <= set(values["ALLOWED_HOSTS"])


def test_only_django_warnings_that_a_shinchoku_check_replaces_are_silenced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = settings_with(monkeypatch)
    assert set(values["SILENCED_SYSTEM_CHECKS"]) == {
        "security.W004",
        "security.W005",
        "security.W008",
        "security.W009",
        "security.W012",
        "security.W016",
        "security.W021",
    }
