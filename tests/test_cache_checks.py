"""A server configured with a Redis that does not answer refuses to start, saying so in Japanese
(shinchoku.E003); a malformed SHINCHOKU_CACHE_URL stops every command, naming the variable; a Redis
on another machine without a password is warned of in production (shinchoku.W007)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from django.conf import settings
from pytest_django import Settings as SettingsWrapper

from shinchoku import checks
from shinchoku.checks import check_shared_cache, run_startup_checks
from tests.serving import environment, free_port, run


def with_cache_url(django_settings: SettingsWrapper, url: str) -> None:
    django_settings.CONFIG = dataclasses.replace(settings.CONFIG, cache_url=url)


def test_a_redis_that_does_not_answer_is_an_error_naming_the_variable_and_not_the_password(
    settings: SettingsWrapper,
) -> None:
    port = free_port()  # nothing listens there
    with_cache_url(settings, f"redis://:himitsu-no-pasuwaado@127.0.0.1:{port}/3")

    stream = io.StringIO()
    assert not run_startup_checks(deploy=True, stream=stream)

    shown = stream.getvalue()
    address = f"redis://127.0.0.1:{port}/3"
    assert f"(shinchoku.E003): SHINCHOKU_CACHE_URL の Redis サーバー({address})に接続できません" in shown
    assert "エラー (shinchoku.E003)" in shown
    assert "対処: Redis が起動しているか" in shown
    assert "himitsu" not in shown


def test_a_redis_that_answers_passes(settings: SettingsWrapper, redis_url: str) -> None:
    with_cache_url(settings, redis_url)
    assert check_shared_cache(None) == []


def test_without_a_cache_url_nothing_is_checked(settings: SettingsWrapper) -> None:
    with_cache_url(settings, "")
    assert check_shared_cache(None) == []


def test_serve_refuses_to_start_when_its_redis_does_not_answer(tmp_path: Path) -> None:
    env = environment(tmp_path, SHINCHOKU_CACHE_URL=f"redis://127.0.0.1:{free_port()}/0")
    result = run(["serve", "--port", str(free_port())], env)
    assert result.returncode != 0
    assert "shinchoku.E003" in result.stderr


def test_every_command_refuses_a_malformed_cache_url_naming_the_variable(tmp_path: Path) -> None:
    env = environment(tmp_path, SHINCHOKU_CACHE_URL="memcached://127.0.0.1:11211")
    result = run(["manage", "check"], env)
    assert result.returncode != 0
    assert "環境変数 SHINCHOKU_CACHE_URL の値「memcached://127.0.0.1:11211」は redis://" in result.stderr


def production_with_cache_url(django_settings: SettingsWrapper, url: str) -> None:
    django_settings.CONFIG = dataclasses.replace(settings.CONFIG, cache_url=url, debug=False, demo=False)


def test_production_with_a_redis_on_another_machine_without_a_password_warns_as_w007(
    settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "_unreachable_cache", lambda url: [])  # as if it answered
    production_with_cache_url(settings, "redis://10.0.0.7:6379/0")

    [warning] = check_shared_cache(None)

    assert warning.id == "shinchoku.W007"
    assert "Redis サーバー(10.0.0.7)にパスワードがありません" in warning.msg
    assert "requirepass" in str(warning.hint)


@pytest.mark.parametrize(
    "url", ["redis://:himitsu@10.0.0.7:6379/0", "rediss://shinchoku:himitsu@cache.example.lg.jp:6380/0"]
)
def test_a_redis_on_another_machine_with_a_password_passes(
    settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setattr(checks, "_unreachable_cache", lambda url: [])
    production_with_cache_url(settings, url)
    assert check_shared_cache(None) == []


def test_production_with_a_redis_on_the_same_machine_without_a_password_passes(
    settings: SettingsWrapper, redis_url: str
) -> None:
    production_with_cache_url(settings, redis_url)
    assert check_shared_cache(None) == []
