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
    # What the import wrote from the file, by object and field: the next import's baseline for
    # telling a person's correction from the file's value (see report_text/corrections.py).
    written: models.JSONField[dict[str, dict[str, Any]]] = models.JSONField("取込んだ値", default=dict)

    class Meta:
        verbose_name = "取込履歴"
        verbose_name_plural = "取込履歴"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.file_name}"


class ImportReviewItem(models.Model):
    """One 要確認 item of an import run: a reading the parser repaired or could not make.

    ``node`` / ``entry`` and ``target`` name what a person fixes (``target`` "title", "owners",
    "rating", "progress" …; "" when only a look is needed), ``imported`` the value that object's
    field had right after the import (see :mod:`shinchoku.ingest.review.observe`): the item is
    fixed once it differs. Status changes go through :mod:`shinchoku.ingest.review.services`.
    """

    class Kind(models.TextChoices):
        NAME = "name", "名称"
        OWNERS = "owners", "事業主体"
        RATING = "rating", "評価"
        TEXT = "text", "本文"
        RELISTED = "relisted", "再掲"
        INDICATORS = "indicators", "指標"
        STRUCTURE = "structure", "構成"

    class Status(models.TextChoices):
        OPEN = "open", "要確認"
        FIXED = "fixed", "修正済み"
        CONFIRMED = "confirmed", "確認済み"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("順番")
    kind = models.CharField("種類", max_length=16, choices=Kind.choices)
    field = models.CharField("項目", max_length=32)
    line = models.PositiveIntegerField("行")
    where = models.CharField("場所", max_length=400)
    message = models.TextField("内容")
    raw = models.TextField("原文", blank=True)
    node = models.ForeignKey(
        "plans.PlanNode", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(
        "evaluations.Entry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target = models.CharField("対象の項目", max_length=32, blank=True)
    imported: models.JSONField[Any] = models.JSONField("取込直後の値", null=True, blank=True)
    status = models.CharField("状態", max_length=16, choices=Status.choices, default=Status.OPEN)
    note = models.TextField("確認メモ", blank=True)
    resolved_at = models.DateTimeField("対応日時", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "取込の要確認"
        verbose_name_plural = "取込の要確認"
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "position"], name="one_review_item_per_place")]

    def __str__(self) -> str:
        return f"{self.line}行目 {self.where} {self.get_kind_display()}"
