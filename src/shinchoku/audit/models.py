"""The append-only record of every change: who, when, what, before → after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


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
    # NULL: a change of no one municipality, which every page of every city may show. Indexed
    # with the id below (the lanes of shinchoku.web.data_version), not alone.
    municipality = models.ForeignKey(
        "plans.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # Whether the change can alter what the public site, the public API or open data show; False
    # only for work the public never sees (drafts of an unpublished round, reminders, accounts).
    affects_public = models.BooleanField("公開情報への影響", default=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("対象の種類", max_length=64)
    object_id = models.CharField("対象ID", max_length=64, blank=True)
    summary = models.CharField("概要", max_length=500)
    changes: models.JSONField[dict[str, Any]] = models.JSONField("変更内容", default=dict, blank=True)

    class Meta:
        verbose_name = "監査記録"
        verbose_name_plural = "監査記録"
        ordering = ["-at", "-id"]
        # The last four serve the data versions of the page cache (shinchoku.web.data_version):
        # each lane reads its newest ids as one short range of one of them. Changes without a
        # municipality are rare: without an index of their own, PostgreSQL would look for the
        # newest one by walking back the whole log.
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["municipality", "id"], name="audit_city_id_idx"),
            models.Index(
                fields=["municipality", "id"],
                name="audit_public_city_id_idx",
                condition=Q(affects_public=True),
            ),
            models.Index(fields=["id"], name="audit_public_id_idx", condition=Q(affects_public=True)),
            models.Index(fields=["id"], name="audit_global_id_idx", condition=Q(municipality__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.summary}"
