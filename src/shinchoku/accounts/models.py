"""People who sign in, their role and the departments they work for.

A user has one :class:`User.Role`. Editors (担当課) and approvers (所属長) act for the departments
they are members of; what each role may do is decided in :mod:`shinchoku.accounts.permissions`.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A staff member, committee member or administrator of one municipality."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", "事務局"
        EDITOR = "editor", "担当課(入力)"
        APPROVER = "approver", "所属長(承認)"
        COMMITTEE = "committee", "推進委員"
        VIEWER = "viewer", "閲覧のみ"

    display_name = models.CharField("表示名", max_length=100, blank=True)
    municipality = models.ForeignKey(
        "plans.Municipality",
        verbose_name="自治体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField("役割", max_length=16, choices=Role.choices, default=Role.VIEWER)
    departments = models.ManyToManyField(
        "plans.Department", verbose_name="所属", blank=True, related_name="members"
    )
    # A 事務局 limited to some plans (each plan has its own secretariat: 地域福祉計画 at 共生福祉課 …)
    # manages only those; none means every plan of the municipality.
    secretariat_plans = models.ManyToManyField(
        "plans.Plan", verbose_name="担当する計画(事務局)", blank=True, related_name="secretariat_members"
    )
    # The mail address (AbstractUser.email) receives reminders and notices; the 内線 is shown with it
    # on the lists of who is in charge.
    extension = models.CharField("内線", max_length=20, blank=True)
    # Set when the password was handed out by someone else (a one-time password of the set-up or
    # of a bulk registration); every staff page leads to the password change until it is changed.
    must_change_password = models.BooleanField("パスワードの変更が必要", default=False)

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == self.Role.SECRETARIAT)


class LoginThrottle(models.Model):
    """Recent sign-in attempts from one client address: for one login ID (scope ``pair``), or for
    any login ID (scope ``address``, ``username`` empty). See :mod:`shinchoku.accounts.throttle`.

    The login ID is kept as typed, whether or not such a user exists, so that an unknown ID is
    limited exactly like a known one."""

    class Scope(models.TextChoices):
        PAIR = "pair", "ログインIDと接続元"
        ADDRESS = "address", "接続元"

    scope = models.CharField("対象", max_length=8, choices=Scope.choices)
    username = models.CharField("ログインID", max_length=150, blank=True)
    address = models.CharField("接続元アドレス", max_length=45, blank=True)
    attempts = models.PositiveIntegerField("期間内の試行", default=0)
    window_start = models.DateTimeField("期間の始まり")

    class Meta:
        verbose_name = "ログイン試行の制限"
        verbose_name_plural = "ログイン試行の制限"
        constraints = [
            models.UniqueConstraint(fields=["scope", "username", "address"], name="login_throttle_unique_key")
        ]
        indexes = [
            models.Index(fields=["username"], name="login_throttle_username_idx"),
            models.Index(fields=["window_start"], name="login_throttle_window_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.username} {self.address}: {self.attempts}"
