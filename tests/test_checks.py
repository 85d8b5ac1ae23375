import dataclasses
import io

import pytest
from django.conf import settings
from pytest_django import Settings as SettingsWrapper

from shinchoku.checks import check_deployment_settings, check_production_settings, run_startup_checks
from shinchoku.config import INSECURE_DEMO_SECRET, MailConfig, parse_public_url


def with_config(django_settings: SettingsWrapper, **changes: object) -> None:
    django_settings.CONFIG = dataclasses.replace(settings.CONFIG, **changes)


def test_production_with_the_demo_key_is_refused_as_e001(settings: SettingsWrapper) -> None:
    with_config(settings, secret_key=INSECURE_DEMO_SECRET, debug=False, demo=False)
    assert [error.id for error in check_production_settings(None)] == ["shinchoku.E001"]


def test_production_with_any_host_allowed_is_refused_as_e002(settings: SettingsWrapper) -> None:
    with_config(settings, secret_key="x" * 40, allowed_hosts=("*",), debug=False, demo=False)
    assert [error.id for error in check_production_settings(None)] == ["shinchoku.E002"]


@pytest.mark.parametrize("mode", [{"demo": True}, {"debug": True}])
def test_demo_and_debug_modes_accept_the_demo_key(settings: SettingsWrapper, mode: dict[str, bool]) -> None:
    with_config(settings, secret_key=INSECURE_DEMO_SECRET, **({"debug": False, "demo": False} | mode))
    assert check_production_settings(None) == []


def test_production_with_a_real_key_passes(settings: SettingsWrapper) -> None:
    with_config(
        settings,
        secret_key="k" * 40,
        allowed_hosts=("shinchoku.city.example.lg.jp",),
        debug=False,
        demo=False,
    )
    assert check_production_settings(None) == []


STRONG_KEY = "a-strong-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG"


def deployment_ids(django_settings: SettingsWrapper, **changes: object) -> list[str]:
    defaults = {
        "secret_key": STRONG_KEY,
        "debug": False,
        "demo": False,
        "trusted_proxy_count": 1,
        "mail": MailConfig(smtp_host="smtp.city.example.lg.jp"),
    }
    with_config(django_settings, **(defaults | changes))
    return [message.id or "" for message in check_deployment_settings(None)]


def test_production_without_a_public_url_warns_as_w001(settings: SettingsWrapper) -> None:
    assert deployment_ids(settings, public_url=None) == ["shinchoku.W001"]


def test_production_with_an_http_public_url_warns_as_w002(settings: SettingsWrapper) -> None:
    assert deployment_ids(settings, public_url=parse_public_url("X", "http://shinchoku.example.lg.jp")) == [
        "shinchoku.W002"
    ]


def test_production_with_hsts_turned_off_warns_as_w003(settings: SettingsWrapper) -> None:
    public_url = parse_public_url("X", "https://shinchoku.example.lg.jp")
    assert deployment_ids(settings, public_url=public_url, hsts_seconds=0) == ["shinchoku.W003"]


@pytest.mark.parametrize("key", ["k" * 60, "short-but-varied-key-0123456789abcdef"])
def test_production_with_a_guessable_key_warns_as_w004(settings: SettingsWrapper, key: str) -> None:
    public_url = parse_public_url("X", "https://shinchoku.example.lg.jp")
    assert deployment_ids(settings, public_url=public_url, secret_key=key) == ["shinchoku.W004"]


def test_production_behind_a_proxy_whose_client_addresses_are_not_trusted_warns_as_w005(
    settings: SettingsWrapper,
) -> None:
    public_url = parse_public_url("X", "https://shinchoku.example.lg.jp")
    assert deployment_ids(settings, public_url=public_url, trusted_proxy_count=0) == ["shinchoku.W005"]


def test_production_without_an_smtp_relay_warns_as_w006_that_reminders_stay_in_the_app(
    settings: SettingsWrapper,
) -> None:
    public_url = parse_public_url("X", "https://shinchoku.example.lg.jp")
    assert deployment_ids(settings, public_url=public_url, mail=MailConfig()) == ["shinchoku.W006"]
    warning = check_deployment_settings(None)[0]
    assert "SHINCHOKU_SMTP_HOST" in warning.msg
    assert "お知らせ" in warning.msg


def test_production_behind_https_with_a_strong_key_has_no_deployment_warning(
    settings: SettingsWrapper,
) -> None:
    public_url = parse_public_url("X", "https://shinchoku.example.lg.jp")
    assert deployment_ids(settings, public_url=public_url) == []


def test_the_demo_has_no_deployment_warning(settings: SettingsWrapper) -> None:
    assert deployment_ids(settings, public_url=None, demo=True) == []


def test_every_deployment_warning_is_in_japanese_with_a_hint(settings: SettingsWrapper) -> None:
    with_config(settings, secret_key="k" * 60, public_url=None, debug=False, demo=False, mail=MailConfig())
    messages = check_deployment_settings(None)
    assert len(messages) == 3
    for message in messages:
        assert "SHINCHOKU_" in message.msg
        assert message.hint
        assert "ください" in message.hint


def test_the_deployment_checks_of_the_test_settings_show_only_shinchoku_messages(
    settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Django's English security warnings that ours replace are silenced: none of them is left."""
    # Set by the browser fixtures for Playwright's event loop; a real deployment never has it.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with_config(settings, secret_key=STRONG_KEY, public_url=None, debug=False, demo=False)
    stream = io.StringIO()
    passed = run_startup_checks(deploy=True, stream=stream)
    shown = stream.getvalue()
    assert passed, shown
    assert "警告 (shinchoku.W001)" in shown
    assert "security.W" not in shown


def test_an_error_stops_the_startup_checks(settings: SettingsWrapper) -> None:
    with_config(settings, secret_key=INSECURE_DEMO_SECRET, debug=False, demo=False)
    stream = io.StringIO()
    assert not run_startup_checks(deploy=True, stream=stream)
    assert "エラー (shinchoku.E001)" in stream.getvalue()
