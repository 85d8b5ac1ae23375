"""System checks with stable ids: production mode refuses settings that are only safe for a demo.

Every management command runs :func:`check_production_settings`; ``shinchoku serve`` also runs the
deployment checks (:func:`check_deployment_settings` and Django's own, whose English warnings that
these replace are listed in ``SILENCED_SYSTEM_CHECKS``). An error stops start-up.

Ids are stable: E001 demo key, E002 any host, E003 the Redis of SHINCHOKU_CACHE_URL not answering,
W001 no public address, W002 public address over http, W003 HSTS turned off, W004 a weak key, W005 a
proxy whose forwarded client addresses are not trusted, W006 no SMTP relay (reminders then only
appear in-app), W007 a Redis on another machine without a password.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO
from urllib.parse import urlsplit

import redis
from django.apps import AppConfig
from django.conf import settings
from django.core.checks import (
    CRITICAL,
    DEBUG,
    ERROR,
    INFO,
    WARNING,
    CheckMessage,
    Error,
    Tags,
    Warning,
    register,
    run_checks,
)

from shinchoku.config import INSECURE_DEMO_SECRET


@register()
def check_production_settings(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    config = settings.CONFIG
    if not config.production:
        return []
    errors: list[CheckMessage] = []
    if config.secret_key == INSECURE_DEMO_SECRET or len(config.secret_key) < 32:
        errors.append(
            Error(
                "本番モードでは SHINCHOKU_SECRET_KEY に32文字以上の秘密の値が必要です。",
                hint=(
                    "環境変数 SHINCHOKU_SECRET_KEY を設定してください。"
                    "試用する場合は shinchoku demo を使ってください。"
                ),
                id="shinchoku.E001",
            )
        )
    if "*" in config.allowed_hosts:
        errors.append(
            Error(
                "本番モードでは SHINCHOKU_ALLOWED_HOSTS に「*」は使えません。",
                hint="サーバーのホスト名をカンマ区切りで指定してください。",
                id="shinchoku.E002",
            )
        )
    return errors


# Django's own thresholds for a strong SECRET_KEY (django.core.checks.security.base).
STRONG_KEY_LENGTH = 50
STRONG_KEY_DISTINCT_CHARACTERS = 5


@register(Tags.security, deploy=True)
def check_deployment_settings(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """Warnings for a production server that browsers would reach without TLS, HSTS or a strong key."""
    config = settings.CONFIG
    if not config.production:
        return []
    warnings: list[CheckMessage] = []
    if config.public_url is None:
        warnings.append(
            Warning(
                "SHINCHOKU_PUBLIC_URL が設定されていません。HTTPS のリバースプロキシの後ろでは"
                "ログインを含むすべての送信が拒否され、Cookie に Secure が付かず、HSTS も送られません。",
                hint="利用者が入力するアドレスを SHINCHOKU_PUBLIC_URL=https://shinchoku.example.lg.jp の形で"
                "設定してください(README の「本番」を参照)。",
                id="shinchoku.W001",
            )
        )
    elif not config.public_url.https:
        warnings.append(
            Warning(
                f"SHINCHOKU_PUBLIC_URL が http:// です({config.public_url.origin})。"
                "パスワードとセッションの Cookie が暗号化されずにネットワークを流れます。",
                hint="リバースプロキシで TLS を終端し、"
                "SHINCHOKU_PUBLIC_URL を https:// のアドレスにしてください。",
                id="shinchoku.W002",
            )
        )
    elif config.hsts_seconds == 0:
        warnings.append(
            Warning(
                "SHINCHOKU_HSTS_SECONDS が 0 のため HSTS が送られません。"
                "ブラウザーが http:// で接続したときの盗聴・改ざんを防げません。",
                hint="SHINCHOKU_HSTS_SECONDS を外すか(既定は1年)、正の秒数を指定してください。",
                id="shinchoku.W003",
            )
        )
    if config.public_url is not None and config.trusted_proxy_count == 0:
        warnings.append(
            Warning(
                "SHINCHOKU_TRUSTED_PROXY_COUNT が設定されていません。リバースプロキシの後ろでは、"
                "すべての利用者がプロキシの同じアドレスから接続したものとして数えられ、"
                "ログインの失敗が続くと全員がログインできなくなります。",
                hint="サーバーの前に置いたプロキシの数(通常は 1)を SHINCHOKU_TRUSTED_PROXY_COUNT に指定し、"
                "プロキシで X-Forwarded-For を付けてください(README の「本番」を参照)。",
                id="shinchoku.W005",
            )
        )
    key = config.secret_key
    if key != INSECURE_DEMO_SECRET and (
        len(key) < STRONG_KEY_LENGTH or len(set(key)) < STRONG_KEY_DISTINCT_CHARACTERS
    ):
        warnings.append(
            Warning(
                f"SHINCHOKU_SECRET_KEY が推測されやすい値です({STRONG_KEY_LENGTH}文字未満、"
                f"または使われている文字が{STRONG_KEY_DISTINCT_CHARACTERS}種類未満)。",
                hint="python3 -c 'import secrets; print(secrets.token_urlsafe(50))' などで作った"
                "ランダムな値を設定してください。",
                id="shinchoku.W004",
            )
        )
    if not config.mail.smtp_host:
        warnings.append(
            Warning(
                "SHINCHOKU_SMTP_HOST が設定されていません。督促と通知のメールは送られず、"
                "データフォルダーの mail/ にファイルとして書き出されます(お知らせは画面に表示されます)。",
                hint="庁内のメール中継サーバーを SHINCHOKU_SMTP_HOST(必要なら SHINCHOKU_SMTP_PORT・"
                "SHINCHOKU_SMTP_USER・SHINCHOKU_SMTP_PASSWORD・SHINCHOKU_SMTP_TLS)と "
                "SHINCHOKU_MAIL_FROM に設定してください"
                "(README の「督促・お知らせ・確認事項・まとめて確認」を参照)。",
                id="shinchoku.W006",
            )
        )
    return warnings


# Seconds the start-up waits for Redis to answer.
REDIS_CHECK_TIMEOUT = 3


LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """An error when the Redis of ``SHINCHOKU_CACHE_URL`` does not answer (no page would be kept);
    in production, a warning when it is on another machine and asks no password: whoever can write
    into it can make the servers run code (Django's cache stores pickles) and read staff pages."""
    url = settings.CONFIG.cache_url
    if not url:
        return []
    unreachable = _unreachable_cache(url)
    if unreachable or not settings.CONFIG.production:
        return unreachable
    parts = urlsplit(url)
    if parts.scheme != "unix" and parts.hostname not in LOOPBACK_HOSTS and not parts.password:
        return [
            Warning(
                f"SHINCHOKU_CACHE_URL の Redis サーバー({parts.hostname})にパスワードがありません。"
                "Redis に書き込めるだれもが、サーバーに任意の処理を実行させ、職員向けのページを読めます。",
                hint=(
                    "Redis に requirepass(または ACL の利用者)を設定して "
                    "SHINCHOKU_CACHE_URL=redis://:パスワード@ホスト:6379/0 の形で指定し、"
                    "Redis にはサーバーからだけ接続できるようにしてください(暗号化するなら rediss://)。"
                ),
                id="shinchoku.W007",
            )
        ]
    return []


def _unreachable_cache(url: str) -> list[CheckMessage]:
    """An error naming the Redis at ``url`` (without its password) unless it answers."""
    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_CHECK_TIMEOUT, socket_timeout=REDIS_CHECK_TIMEOUT
        )
        with client:
            client.ping()
    except redis.RedisError as error:
        parts = urlsplit(url)
        # The address without its password, which the message would otherwise print.
        place = f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"
        return [
            Error(
                f"SHINCHOKU_CACHE_URL の Redis サーバー({place})に接続できません({error})。",
                hint=(
                    "Redis が起動しているか、アドレス・ポート・パスワードと"
                    "ファイアウォールを確かめてください。サーバーが1台なら SHINCHOKU_CACHE_URL を外すと、"
                    "ページは各プロセスのメモリーに保存されます。"
                ),
                id="shinchoku.E003",
            )
        ]
    return []


LEVEL_NAMES = {CRITICAL: "重大なエラー", ERROR: "エラー", WARNING: "警告", INFO: "情報", DEBUG: "デバッグ"}


def describe_message(message: CheckMessage) -> str:
    """One check message as a Japanese line (plus its hint), naming its id."""
    level = next(
        (name for threshold, name in sorted(LEVEL_NAMES.items(), reverse=True) if message.level >= threshold)
    )
    text = f"{level} ({message.id}): {message.msg}"
    return f"{text}\n  対処: {message.hint}" if message.hint else text


def run_startup_checks(*, deploy: bool, stream: TextIO) -> bool:
    """Run every system check (and the deployment ones when ``deploy``), write each message to
    ``stream`` in Japanese; False when one is an error, which must stop start-up."""
    messages = [
        message for message in run_checks(include_deployment_checks=deploy) if not message.is_silenced()
    ]
    for message in messages:
        print(describe_message(message), file=stream, flush=True)
    return not any(message.is_serious(ERROR) for message in messages)
