"""The append-only record of every change: who, when, what, before → after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One recorded change. Rows are only ever inserted (see :func:`shinchoku.audit.services.record`)."""

    at = models.DateTimeField("日時", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField("操作者(記録時)", max_length=150)
    municipality = models.ForeignKey(
        "plans.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("対象の種類", max_length=64)
    object_id = models.CharField("対象ID", max_length=64, blank=True)
    summary = models.CharField("概要", max_length=500)
    changes: models.JSONField[dict[str, Any]] = models.JSONField("変更内容", default=dict, blank=True)

    class Meta:
        verbose_name = "監査記録"
        verbose_name_plural = "監査記録"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.summary}"
