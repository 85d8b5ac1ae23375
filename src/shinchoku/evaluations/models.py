"""The yearly evaluation: rounds, department entries, consolidated evaluations, indicator values
and committee opinions."""

from __future__ import annotations

from django.db import models

from shinchoku.core import fiscal_year as fy
from shinchoku.core.ratings import RULE_LABELS, ConsolidationRule


class Round(models.Model):
    """One fiscal year's collection (照会) for one plan, moving through its states in order."""

    class State(models.TextChoices):
        PREPARING = "preparing", "準備中"
        COLLECTING = "collecting", "照会中"
        REVIEW = "review", "確認中"
        CLOSED = "closed", "締切済"
        PUBLISHED = "published", "公表済"

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="rounds")
    fiscal_year = models.PositiveIntegerField("年度")
    state = models.CharField("状態", max_length=16, choices=State.choices, default=State.PREPARING)
    deadline = models.DateField("提出期限", null=True, blank=True)
    published_at = models.DateTimeField("公表日時", null=True, blank=True)

    class Meta:
        verbose_name = "年度の進行管理"
        verbose_name_plural = "年度の進行管理"
        ordering = ["plan", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fiscal_year"], name="round_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.fiscal_year_label}"

    @property
    def fiscal_year_label(self) -> str:
        return fy.format_with_seireki(self.fiscal_year)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class Entry(models.Model):
    """A department's yearly entry for one project (project × department × fiscal year).

    ``final_target`` is the 計画最終年度までの目標 as printed that year; ``year_target`` is the
    target in force for the year (last year's 次年度の目標). ``version`` grows with every save so
    that a stale save can be refused. ``status`` follows the collection workflow: 未提出 →
    提出済 (→ 所属長承認済 when the plan asks for it) → 承認済, or back to 差戻し with
    ``review_comment`` from any step before 承認済.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "未提出"
        SUBMITTED = "submitted", "提出済"
        DEPARTMENT_APPROVED = "department_approved", "所属長承認済"
        RETURNED = "returned", "差戻し"
        APPROVED = "approved", "承認済"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="entries")
    project = models.ForeignKey("plans.PlanNode", on_delete=models.PROTECT, related_name="entries")
    department = models.ForeignKey("plans.Department", on_delete=models.PROTECT, related_name="entries")
    final_target = models.TextField("計画最終年度までの目標", blank=True)
    year_target = models.TextField("今年度の目標", blank=True)
    progress = models.TextField("進捗状況", blank=True)
    rating = models.ForeignKey(
        "plans.RatingCode",
        verbose_name="評価",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField("評価の理由・課題", blank=True)
    next_year_goal = models.TextField("次年度の目標", blank=True)
    status = models.CharField("状態", max_length=24, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField("差戻しの理由", blank=True)
    submitted_at = models.DateTimeField("提出日時", null=True, blank=True)
    updated_by = models.ForeignKey(
        "accounts.User",
        verbose_name="最終更新者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField("版", default=1)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "事業の評価(担当課別)"
        verbose_name_plural = "事業の評価(担当課別)"
        ordering = ["round", "project", "department"]
        constraints = [
            models.UniqueConstraint(fields=["round", "project", "department"], name="entry_unique_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.project} / {self.department} / {self.round.fiscal_year}"


class NodeEvaluation(models.Model):
    """The consolidated rating of an inner node (施策評価) or a multi-department project, with the
    rule that produced it and the secretariat's comment."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="node_evaluations")
    node = models.ForeignKey("plans.PlanNode", on_delete=models.PROTECT, related_name="evaluations")
    rating = models.ForeignKey(
        "plans.RatingCode",
        verbose_name="評価",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rule = models.CharField(
        "算出方法", max_length=24, choices=[(rule.value, label) for rule, label in RULE_LABELS.items()]
    )
    comment = models.TextField("評価のコメント", blank=True)
    version = models.PositiveIntegerField("版", default=1)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "施策評価"
        verbose_name_plural = "施策評価"
        constraints = [
            models.UniqueConstraint(fields=["round", "node"], name="node_evaluation_unique_node"),
        ]

    def __str__(self) -> str:
        return f"{self.node} / {self.round.fiscal_year}"

    @property
    def rule_label(self) -> str:
        return RULE_LABELS[ConsolidationRule(self.rule)]


class ProjectTarget(models.Model):
    """The 今年度の目標 of a whole project in one round, set by the 事務局: a target that covers
    the project, not one department (those stay on each department's :class:`Entry`). The
    project's 計画最終年度までの目標 is ``PlanNode.final_target``; ``version`` guards the
    project-level page that edits both."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="project_targets")
    project = models.ForeignKey("plans.PlanNode", on_delete=models.PROTECT, related_name="year_targets")
    year_target = models.TextField("今年度の目標(全体)", blank=True)
    version = models.PositiveIntegerField("版", default=1)
    # The project's final target is saved with it (same form, same version): its audit label.
    audit_labels = {"final_target": "計画最終年度までの目標(全体)"}
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "全体の今年度の目標"
        verbose_name_plural = "全体の今年度の目標"
        constraints = [
            models.UniqueConstraint(fields=["round", "project"], name="project_target_unique_project"),
        ]

    def __str__(self) -> str:
        return f"{self.project} / {self.round.fiscal_year}"


class IndicatorValue(models.Model):
    """The actual value of an indicator in one fiscal year."""

    indicator = models.ForeignKey("plans.Indicator", on_delete=models.CASCADE, related_name="values")
    fiscal_year = models.PositiveIntegerField("年度")
    value = models.DecimalField("実績値", max_digits=14, decimal_places=3)
    note = models.CharField("備考", max_length=300, blank=True)

    class Meta:
        verbose_name = "指標の実績値"
        verbose_name_plural = "指標の実績値"
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="indicator_value_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.fiscal_year}: {self.value}"


class CommitteeOpinion(models.Model):
    """A committee member's opinion on a node in a round, and the city's response (市の考え方)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="committee_opinions")
    node = models.ForeignKey("plans.PlanNode", on_delete=models.PROTECT, related_name="committee_opinions")
    position = models.PositiveSmallIntegerField("表示順", default=0)
    opinion = models.TextField("委員意見")
    response = models.TextField("市の考え方", blank=True)
    author = models.ForeignKey(
        "accounts.User",
        verbose_name="意見を書いた委員",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField("版", default=1)

    class Meta:
        verbose_name = "委員意見と市の考え方"
        verbose_name_plural = "委員意見と市の考え方"
        ordering = ["round", "node", "position"]

    def __str__(self) -> str:
        return f"{self.node} / {self.round.fiscal_year} #{self.position}"


class QualityDismissal(models.Model):
    """A quality finding (see :mod:`shinchoku.core.quality`) that someone judged not to be a
    problem, with their reason. Findings themselves are computed each time from the entry; only
    the dismissal is stored, keyed by the entry, the check and the field it points at."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="quality_dismissals")
    check_id = models.CharField("確認項目", max_length=40)
    field = models.CharField("欄", max_length=40)
    reason = models.TextField("確認済みとした理由")
    dismissed_by = models.ForeignKey(
        "accounts.User",
        verbose_name="確認した人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dismissed_at = models.DateTimeField("確認日時", auto_now_add=True)

    class Meta:
        verbose_name = "確認済みの指摘"
        verbose_name_plural = "確認済みの指摘"
        ordering = ["entry_id", "check_id", "field"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "check_id", "field"], name="quality_dismissal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} / {self.check_id} / {self.field}"
