"""The demo's sign-in account: a staff user of the demo municipality (the 事務局)."""

from __future__ import annotations

from django.db import transaction

from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.demo.structure import DEMO_MUNICIPALITY_CODE, DEMO_MUNICIPALITY_NAME
from shinchoku.plans.models import Municipality

DEMO_DISPLAY_NAME = "デモ 事務局"


class DemoUserError(Exception):
    """The demo user cannot be created or reset; the message is Japanese and says why."""


def create_demo_user(*, username: str = "demo", password: str) -> User:
    """Create, or reset, the active staff user ``username`` of the demo municipality.

    Idempotent: an existing demo user gets the password, display name and flags again. Raises
    :class:`DemoUserError` when the demo municipality does not exist yet, or when ``username``
    belongs to someone else (a superuser or a user of another municipality), who is never changed.
    """
    with transaction.atomic():
        municipality = Municipality.objects.filter(code=DEMO_MUNICIPALITY_CODE).first()
        if municipality is None:
            raise DemoUserError(
                f"デモ用の自治体「{DEMO_MUNICIPALITY_NAME}」がありません。先にデモデータを作成してください。"
            )
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
        elif user.is_superuser or user.municipality_id != municipality.pk:
            raise DemoUserError(
                f"利用者「{username}」はデモ用の利用者ではないため変更しません。別の利用者名を指定してください。"
            )
        user.display_name = DEMO_DISPLAY_NAME
        user.municipality = municipality
        user.is_active = True
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        record(
            actor=None,
            action="create_demo_user" if created else "reset_demo_user",
            target=user,
            municipality=municipality,
            summary=f"デモ用の利用者「{username}」を{'作成' if created else '再設定'}しました",
        )
    return user
