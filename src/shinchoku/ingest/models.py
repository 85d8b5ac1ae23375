"""A record of each import, so that a person can see what was read and what needs review."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    """One committed import of a file: its fingerprint, what it changed and what needs review."""

    at = models.DateTimeField("日時", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    round = models.ForeignKey("evaluations.Round", on_delete=models.PROTECT, related_name="imports")
    source_format = models.CharField("形式", max_length=32)
    file_name = models.CharField("ファイル名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    counts: models.JSONField[dict[str, Any]] = models.JSONField("件数", default=dict)
    needs_review: models.JSONField[list[dict[str, Any]]] = models.JSONField("要確認", default=list)

    class Meta:
        verbose_name = "取込履歴"
        verbose_name_plural = "取込履歴"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.file_name}"
