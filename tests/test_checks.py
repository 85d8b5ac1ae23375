import dataclasses

import pytest
from django.conf import settings
from pytest_django import Settings as SettingsWrapper

from shinchoku.checks import check_production_settings
from shinchoku.config import INSECURE_DEMO_SECRET


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
