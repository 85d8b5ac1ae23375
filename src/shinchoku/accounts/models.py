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
    failed_logins = models.PositiveSmallIntegerField("連続したログイン失敗", default=0)
    locked_until = models.DateTimeField("ロック解除日時", null=True, blank=True)

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == self.Role.SECRETARIAT)
