"""People who sign in. Roles and department membership build on this (see the round workflow)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A staff member, committee member or administrator of one municipality."""

    display_name = models.CharField("表示名", max_length=100, blank=True)
    municipality = models.ForeignKey(
        "plans.Municipality",
        verbose_name="自治体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"

    def __str__(self) -> str:
        return self.display_name or self.username
