"""Read-only data of the user management pages, always within the 事務局's own municipality."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from shinchoku.accounts import permissions, throttle
from shinchoku.accounts.models import User
from shinchoku.plans.models import Department


@dataclass(frozen=True)
class AccountState:
    """Whether a user can sign in: 有効, 無効 or 制限中 (some addresses are refused for a while,
    with the time the longest limit ends). No account is locked as a whole."""

    label: str
    key: str  # "active", "inactive" or "limited": a stable name for styles and tests
    limited: tuple[throttle.Limited, ...] = ()

    @property
    def limited_until(self) -> datetime | None:
        return max((item.until for item in self.limited), default=None)

    @property
    def limited_until_label(self) -> str:
        """The end of the longest limit in Japan time, e.g. 11月24日 15時42分 (empty without one)."""
        until = self.limited_until
        if until is None:
            return ""
        local = timezone.localtime(until)
        return f"{local.month}月{local.day}日 {local:%H時%M分}"

    @property
    def addresses(self) -> str:
        """The limited addresses, for the 事務局 (who may recognise a member's own PC)."""
        return "、".join(item.address or "不明" for item in self.limited)


def account_state(
    user: User, now: datetime | None = None, limited: list[throttle.Limited] | None = None
) -> AccountState:
    """``limited``: the user's :func:`~shinchoku.accounts.throttle.limited_addresses`, if read already."""
    if not user.is_active:
        return AccountState("無効", "inactive")
    if limited is None:
        limited = throttle.limited_addresses(user.username, now)
    if limited:
        return AccountState("制限中", "limited", tuple(limited))
    return AccountState("有効", "active")


@dataclass(frozen=True)
class UserRow:
    user: User
    role_label: str
    department_names: list[str]
    state: AccountState


def user_rows(municipality_id: int) -> list[UserRow]:
    """Every user of the municipality, by login ID, with their role, departments and state."""
    now = timezone.now()
    users = (
        User.objects.filter(municipality_id=municipality_id)
        .prefetch_related(Prefetch("departments", queryset=Department.objects.order_by("position", "name")))
        .order_by("username")
    )
    limited = throttle.limited_addresses_of([user.username for user in users], now)
    return [
        UserRow(
            user,
            User.Role(user.role).label,
            [department.name for department in user.departments.all()],
            account_state(user, now, limited.get(user.username, [])),
        )
        for user in users
    ]


def profile_initial(user: User) -> dict[str, object]:
    """The edit form's initial values: the user as stored."""
    return {
        "display_name": user.display_name,
        "role": user.role,
        "departments": list(user.departments.all()),
        "is_active": user.is_active,
        "email": user.email,
        "extension": user.extension,
    }


def managed_user(actor: User, user_id: int) -> User:
    """The user ``user_id`` if ``actor`` may manage them; 404 otherwise (users of another
    municipality are not even said to exist)."""
    user = User.objects.filter(pk=user_id).prefetch_related("departments").first()
    if user is None or not permissions.can_manage_user(actor, user):
        raise Http404("利用者が見つかりません。")
    return user
