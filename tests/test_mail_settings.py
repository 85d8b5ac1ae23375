"""Where mail goes: the city's relay from SHINCHOKU_SMTP_*, files under the data folder otherwise
and always in the demo. Each test evaluates the settings module afresh."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

import shinchoku.settings
from shinchoku.config import ConfigurationError

MAIL_VARIABLES = (
    "SHINCHOKU_SMTP_HOST",
    "SHINCHOKU_SMTP_PORT",
    "SHINCHOKU_SMTP_USER",
    "SHINCHOKU_SMTP_PASSWORD",
    "SHINCHOKU_SMTP_TLS",
    "SHINCHOKU_MAIL_FROM",
    "SHINCHOKU_DEMO",
    "SHINCHOKU_DEBUG",
)


def settings_with(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **environment: str) -> dict[str, Any]:
    for name in MAIL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SHINCHOKU_DATA_DIR", str(tmp_path))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(shinchoku.settings.__file__)


def test_without_a_relay_mail_is_written_to_files_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    values = settings_with(monkeypatch, tmp_path)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["EMAIL_FILE_PATH"] == str(tmp_path / "mail")


def test_the_relay_is_configured_from_the_environment_with_starttls(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    values = settings_with(
        monkeypatch,
        tmp_path,
        SHINCHOKU_SMTP_HOST="smtp.city.example.lg.jp",
        SHINCHOKU_SMTP_USER="shinchoku",
        SHINCHOKU_SMTP_PASSWORD="secret value",
        SHINCHOKU_SMTP_TLS="starttls",
        SHINCHOKU_MAIL_FROM="shinchoku@city.example.lg.jp",
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("smtp.city.example.lg.jp", 587)
    assert (values["EMAIL_USE_TLS"], values["EMAIL_USE_SSL"]) == (True, False)
    assert values["EMAIL_HOST_PASSWORD"] == "secret value"
    assert values["DEFAULT_FROM_EMAIL"] == "shinchoku@city.example.lg.jp"


def test_the_demo_never_sends_mail_out_even_with_a_relay_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    values = settings_with(
        monkeypatch, tmp_path, SHINCHOKU_SMTP_HOST="smtp.example.jp", SHINCHOKU_DEMO="true"
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"


@pytest.mark.parametrize(
    ("name", "value"),
    [("SHINCHOKU_SMTP_TLS", "tls1.2"), ("SHINCHOKU_SMTP_PORT", "smtp"), ("SHINCHOKU_MAIL_FROM", "shinchoku")],
)
def test_a_malformed_mail_setting_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    with pytest.raises(ConfigurationError, match=name):
        settings_with(monkeypatch, tmp_path, **{name: value})
