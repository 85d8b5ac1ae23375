"""What a published year showed, kept as it was (:class:`PublishedStructure`), and the corrections
(正誤) made to it afterwards (:class:`Correction`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class PublishedStructure(models.Model):
    """The structure of a plan as one round showed it when it was published.

    Published years never change (DESIGN §3). Rather than dating every row of the plan's
    structure by fiscal year, the structure a published round reads — the plan's title, period,
    level names and rules, the rating codes, the nodes active that year, their owners in order,
    the departments under the names they had that year, the indicators with their interim targets
    — is copied here, as JSON, in the transaction that publishes the round. The plan editor and
    the plan workbook then edit only the live tables: the current and future years follow them,
    the published years read this copy (see :mod:`shinchoku.editions.structure`). Reopening the
    round drops the copy; publishing it again takes a new one. A correction (正誤) of a name of a
    published year edits this copy, with a :class:`Correction` row saying so.

    Entries, node evaluations, committee opinions and indicator values of a published round are
    locked by the workflow and are read from their own tables.
    """

    round = models.OneToOneField(
        "evaluations.Round", on_delete=models.CASCADE, related_name="published_structure"
    )
    data: models.JSONField[dict[str, Any]] = models.JSONField("公表時の計画の構成")
    taken_at = models.DateTimeField("記録日時", default=timezone.now)

    class Meta:
        verbose_name = "公表時の計画の構成"
        verbose_name_plural = "公表時の計画の構成"

    def __str__(self) -> str:
        return f"{self.round} の公表時の構成"


class Correction(models.Model):
    """One correction (正誤) of a published year, made without unpublishing it.

    ``kind`` says what was corrected: a field of an entry (its texts or its rating), or a name in
    the year's :class:`PublishedStructure` (a node's title or description, a department's name).
    ``target_id`` is the entry's, the node's or the department's id; ``place`` names it for the
    正誤表 as it read when corrected. The values are stored as shown (a rating by its code).
    """

    class Kind(models.TextChoices):
        ENTRY = "entry", "評価"
        NODE = "node", "計画の項目"
        DEPARTMENT = "department", "担当課"

    round = models.ForeignKey("evaluations.Round", on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField("訂正したもの", max_length=16, choices=Kind.choices)
    target_id = models.BigIntegerField("訂正した対象")
    field = models.CharField("訂正した欄", max_length=40)
    place = models.CharField("箇所", max_length=400)
    previous_value = models.TextField("訂正前", blank=True)
    corrected_value = models.TextField("訂正後", blank=True)
    reason = models.TextField("訂正の理由")
    corrected_at = models.DateTimeField("訂正日時", default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="訂正した人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "正誤"
        verbose_name_plural = "正誤"
        ordering = ["round", "corrected_at", "pk"]
        indexes = [models.Index(fields=["round", "kind", "target_id"], name="correction_target_idx")]

    def __str__(self) -> str:
        return f"{self.round} {self.place}: {self.previous_value} → {self.corrected_value}"
