"""The demo's sign-in accounts: for each demo municipality the 事務局, and one person for every
other role.

The accounts are printed by ``shinchoku demo``; the others (same password) let a visitor try the
round from each side: two department editors, a 所属長, a committee member and a viewer. みどり市's
accounts have plain names (demo, tanto1 …); the second city's start with its prefix (aoba,
aoba-tanto1 …), since a login ID is unique across municipalities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from shinchoku.accounts import throttle
from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.demo.structure import DEMO_MUNICIPALITY_CODE, DEMO_MUNICIPALITY_NAME
from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import Department, Municipality

DEMO_DISPLAY_NAME = "デモ 事務局"


class DemoUserError(Exception):
    """The demo user cannot be created or reset; the message is Japanese and says why."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: User.Role
    departments: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        where = f"({'、'.join(self.departments)})" if self.departments else ""
        return f"{self.role.label}{where}"


def _demo_municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        name = DEMO_MUNICIPALITY_NAME if code == DEMO_MUNICIPALITY_CODE else f"コード {code}"
        raise DemoUserError(f"デモ用の自治体「{name}」がありません。先にデモデータを作成してください。")
    return municipality


def create_demo_user(
    *,
    username: str = "demo",
    password: str,
    display_name: str = DEMO_DISPLAY_NAME,
    role: User.Role = User.Role.SECRETARIAT,
    departments: Sequence[Department] = (),
    municipality_code: str = DEMO_MUNICIPALITY_CODE,
    password_hash: str | None = None,
) -> User:
    """Create, or reset, the active user ``username`` of the demo municipality with ``role``
    (みどり市, or the one of ``municipality_code``).

    ``password_hash``, when given, is stored instead of hashing ``password`` again: a hash costs
    about a second on purpose, and the demo's accounts share one well-known password.

    Idempotent: an existing demo user gets the password, name, role and departments again. Raises
    :class:`DemoUserError` when the demo municipality does not exist yet, or when ``username``
    belongs to someone else (a superuser or a user of another municipality), who is never changed.
    """
    with transaction.atomic():
        municipality = _demo_municipality(municipality_code)
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
        elif user.is_superuser or user.municipality_id != municipality.pk:
            raise DemoUserError(
                f"利用者「{username}」はデモ用の利用者ではないため変更しません。別の利用者名を指定してください。"
            )
        user.display_name = display_name
        user.municipality = municipality
        user.role = role
        user.is_active = True
        user.is_staff = role == User.Role.SECRETARIAT
        user.is_superuser = False
        if password_hash is None:
            user.set_password(password)
        else:
            user.password = password_hash
        user.save()
        throttle.clear(username)
        user.departments.set(departments)
        record(
            actor=None,
            action="create_demo_user" if created else "reset_demo_user",
            target=user,
            municipality=municipality,
            affects_public=False,  # accounts: never on a public page
            summary=f"デモ用の利用者「{username}」を{'作成' if created else '再設定'}しました",
        )
    return user


def create_demo_team(
    *,
    password: str,
    municipality_code: str = DEMO_MUNICIPALITY_CODE,
    prefix: str = "",
    password_hash: str | None = None,
) -> list[DemoAccount]:
    """Create (or reset) one demo user per role besides the 事務局 of the demo municipality
    (みどり市, or the one of ``municipality_code``), their login IDs starting with ``prefix``;
    return who they are.

    The two editors work for the first two city divisions that still owe entries in the round
    being collected, so that signing in as them shows work to do; the 所属長 heads the first.
    The password is hashed once for all of them (or ``password_hash`` is used).
    """
    municipality = _demo_municipality(municipality_code)
    hashed = password_hash or make_password(password)
    owing = (
        Entry.objects.filter(round__plan__municipality=municipality, round__state=Round.State.COLLECTING)
        .exclude(status=Entry.Status.APPROVED)
        .values_list("department_id", flat=True)
    )
    divisions = list(
        Department.objects.filter(
            municipality=municipality, kind=Department.Kind.DIVISION, pk__in=owing
        ).order_by("position", "name")[:2]
    )
    first, second = tuple(d.name for d in divisions[:1]), tuple(d.name for d in divisions[1:2])
    team = [
        DemoAccount(f"{prefix}tanto1", "デモ 担当者1", User.Role.EDITOR, first),
        DemoAccount(f"{prefix}tanto2", "デモ 担当者2", User.Role.EDITOR, second),
        DemoAccount(f"{prefix}shocho1", "デモ 所属長1", User.Role.APPROVER, first),
        DemoAccount(f"{prefix}iin", "デモ 推進委員", User.Role.COMMITTEE),
        DemoAccount(f"{prefix}etsuran", "デモ 閲覧者", User.Role.VIEWER),
    ]
    by_name = {department.name: department for department in divisions}
    for account in team:
        create_demo_user(
            username=account.username,
            password=password,
            display_name=account.display_name,
            role=account.role,
            departments=[by_name[name] for name in account.departments],
            municipality_code=municipality_code,
            password_hash=hashed,
        )
    return team


def create_city_accounts(*, municipality_code: str, secretariat: str, password: str) -> list[DemoAccount]:
    """Create (or reset) a demo municipality's 事務局 ``secretariat`` and its team, whose login IDs
    start with ``secretariat`` and a hyphen; return them all, the 事務局 first. The password is
    hashed once for all of them."""
    hashed = make_password(password)
    create_demo_user(
        username=secretariat, password=password, municipality_code=municipality_code, password_hash=hashed
    )
    team = create_demo_team(
        password=password, municipality_code=municipality_code, prefix=f"{secretariat}-", password_hash=hashed
    )
    return [DemoAccount(secretariat, DEMO_DISPLAY_NAME, User.Role.SECRETARIAT), *team]
