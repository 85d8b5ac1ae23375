"""The search index: one document per entry, with a normalised key and the columns filters need."""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """What search reads for one :class:`~shinchoku.evaluations.models.Entry`.

    ``key`` holds :func:`shinchoku.core.text.search_key` of the project's title and description,
    the department's name and the entry's five texts, one field per line, so a match never spans
    two fields. The other columns copy the entry's round, project, node at the plan's evaluation level
    (施策 …; rebuild the index when that level changes), department and rating so
    that filters need no join. :mod:`shinchoku.search.services` keeps it in step with the entries.
    """

    entry = models.OneToOneField(
        "evaluations.Entry", on_delete=models.CASCADE, related_name="search_document"
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey("evaluations.Round", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveIntegerField("年度")
    project = models.ForeignKey("plans.PlanNode", on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey(
        "plans.PlanNode",
        verbose_name="評価をまとめる階層の項目",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    department = models.ForeignKey("plans.Department", on_delete=models.CASCADE, related_name="+")
    rating = models.ForeignKey(
        "plans.RatingCode", verbose_name="評価", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    key = models.TextField("検索用の正規化テキスト")

    class Meta:
        verbose_name = "検索用の文書"
        verbose_name_plural = "検索用の文書"
        indexes = [models.Index(fields=["fiscal_year", "project"], name="search_doc_order_idx")]

    def __str__(self) -> str:
        return f"{self.project_id} / {self.department_id} / {self.fiscal_year}"
