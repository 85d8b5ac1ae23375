"""System checks with stable ids: production mode refuses settings that are only safe for a demo.

``shinchoku serve`` and every management command run them; an error stops start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register

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
