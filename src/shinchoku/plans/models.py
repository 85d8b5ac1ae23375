"""The structure of a municipality's plans: departments, the plan tree, projects and indicators."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from shinchoku.core import fiscal_year as fy
from shinchoku.core.indicators import ACHIEVEMENT_FORMULA_LABELS, AchievementFormula, Direction
from shinchoku.core.ratings import MULTI_DEPARTMENT_RULES, RULE_LABELS, ConsolidationRule
from shinchoku.core.reorganisation import is_active_in, name_in_year


class Municipality(models.Model):
    name = models.CharField("自治体名", max_length=100)
    code = models.CharField("全国地方公共団体コード", max_length=6, unique=True)

    class Meta:
        verbose_name = "自治体"
        verbose_name_plural = "自治体"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A city division (課) or an outside body (事業主体 such as 社協) that owns projects."""

    class Kind(models.TextChoices):
        DIVISION = "division", "市の組織"
        EXTERNAL = "external", "外部団体"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("種別", max_length=16, choices=Kind.choices, default=Kind.DIVISION)
    position = models.PositiveIntegerField("表示順", default=0)
    # The department's shared mailbox gets its reminders beside its editors; both are optional.
    email = models.EmailField("メールアドレス", blank=True)
    extension = models.CharField("内線", max_length=20, blank=True)
    # A department retired by a reorganisation (廃止、統合) owns no projects and gets no entries
    # from this fiscal year on; its past entries keep it (and the name it had then).
    retired_from_year = models.PositiveIntegerField("廃止年度", null=True, blank=True)

    class Meta:
        verbose_name = "担当課・事業主体"
        verbose_name_plural = "担当課・事業主体"
        ordering = ["municipality", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_in(self, fiscal_year: int) -> bool:
        """True unless the department was retired in or before ``fiscal_year``."""
        return self.retired_from_year is None or fiscal_year < self.retired_from_year

    def name_in(self, fiscal_year: int) -> str:
        """The name the department had in ``fiscal_year`` (see :class:`DepartmentNameChange`);
        reads ``name_changes`` (prefetch it when asking for many departments)."""
        changes = [(change.fiscal_year, change.previous_name) for change in self.name_changes.all()]
        return name_in_year(self.name, changes, fiscal_year)


class DepartmentNameChange(models.Model):
    """A rename of a department from ``fiscal_year`` (組織改編): before that year it was called
    ``previous_name``. The department keeps its id, entries and members; the names of the years
    before the change are read from these rows (see :func:`shinchoku.core.reorganisation.name_in_year`)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="name_changes")
    fiscal_year = models.PositiveIntegerField("変更年度")
    previous_name = models.CharField("旧名称", max_length=100)

    class Meta:
        verbose_name = "担当課の名称変更"
        verbose_name_plural = "担当課の名称変更"
        ordering = ["department", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year"], name="department_name_change_unique_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.previous_name} → {self.department} ({self.fiscal_year})"


class RatingScale(models.Model):
    """An ordered set of rating codes (A–C, S–C, ◎○△×, 1–5 …) with their definitions."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="rating_scales")
    name = models.CharField("名称", max_length=100)

    class Meta:
        verbose_name = "評価基準"
        verbose_name_plural = "評価基準"

    def __str__(self) -> str:
        return self.name


class RatingCode(models.Model):
    """One code of a scale. Ratings are ordered best first by ``position``; non-rating codes
    (未着手, 対象外 …) have ``is_rating`` false and are never ranked or counted as low scores."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField("記号", max_length=16)
    label = models.CharField("名称", max_length=50, blank=True)
    definition = models.TextField("定義", blank=True)
    position = models.PositiveIntegerField("順位")
    is_rating = models.BooleanField("評価として数える", default=True)

    class Meta:
        verbose_name = "評価区分"
        verbose_name_plural = "評価区分"
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="rating_code_unique_code"),
        ]

    def __str__(self) -> str:
        return self.code


# How many levels a plan may have, projects included (Plan.clean).
MIN_LEVELS, MAX_LEVELS = 2, 6


class Plan(models.Model):
    """A multi-year plan (地域福祉計画 …). ``level_labels`` names the tree levels, root first;
    the last level holds the projects that departments evaluate each year.

    ``evaluation_level`` is the level whose nodes get the consolidated evaluation (施策評価),
    committee opinions, report chapters and summary rows: 0 ≤ evaluation_level < project_level.
    Nothing in the code assumes a depth or names a level: both come from here.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField("計画名", max_length=200)
    first_fiscal_year = models.PositiveIntegerField("計画期間(初年度)", validators=[MinValueValidator(1989)])
    last_fiscal_year = models.PositiveIntegerField("計画期間(最終年度)", validators=[MinValueValidator(1989)])
    level_labels = models.JSONField("階層の名称", help_text="上位から順に。最後の階層が評価する事業です。")
    evaluation_level = models.PositiveSmallIntegerField(
        "評価をまとめる階層",
        help_text="この階層の項目ごとに評価をまとめ、委員意見を受け、報告書の章を立てます(0 が最上位)。",
    )
    rating_scale = models.ForeignKey(RatingScale, on_delete=models.PROTECT, related_name="plans")
    requires_department_approval = models.BooleanField(
        "所属長の承認を経る",
        default=False,
        help_text="オンにすると、担当課が提出した評価は所属長の承認を経てから事務局に届きます。",
    )
    multi_department_rule = models.CharField(
        "複数の担当課がある事業の評価",
        max_length=24,
        choices=[(rule.value, RULE_LABELS[rule]) for rule in MULTI_DEPARTMENT_RULES],
        default=ConsolidationRule.LOWEST,
        help_text="複数の担当課が評価する事業の評価を、どのように決めるか。",
    )
    achievement_formula = models.CharField(
        "達成率の計算方法",
        max_length=16,
        choices=[(formula.value, label) for formula, label in ACHIEVEMENT_FORMULA_LABELS.items()],
        default=AchievementFormula.PROGRESS,
        help_text="指標の達成率を、実績値 ÷ 目標値で求めるか、基準値から目標値までの進み具合で求めるか。",
    )

    class Meta:
        verbose_name = "計画"
        verbose_name_plural = "計画"
        ordering = ["municipality", "-first_fiscal_year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"], name="plan_unique_title"),
            models.CheckConstraint(
                condition=models.Q(last_fiscal_year__gte=models.F("first_fiscal_year")),
                name="plan_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{fy.format_wareki(self.first_fiscal_year)}〜{fy.format_wareki(self.last_fiscal_year)}"

    @property
    def project_level(self) -> int:
        return len(self.level_labels) - 1

    def level_label(self, level: int) -> str:
        return str(self.level_labels[level])

    @property
    def evaluation_level_label(self) -> str:
        """The plan's name for the evaluated level (施策, 基本方針, 分野 …)."""
        return self.level_label(self.evaluation_level)

    @property
    def project_label(self) -> str:
        """The plan's name for the projects, its last level (事業, 事務事業, 取組 …)."""
        return self.level_label(self.project_level)

    def clean(self) -> None:
        """Refuse level names and an evaluation level that do not make a plan (Japanese messages)."""
        super().clean()
        labels = self.level_labels
        if not isinstance(labels, list) or not MIN_LEVELS <= len(labels) <= MAX_LEVELS:
            raise ValidationError(
                {"level_labels": f"階層の名称は上位から順に {MIN_LEVELS}〜{MAX_LEVELS} 個指定してください。"}
            )
        if any(not isinstance(label, str) or not label.strip() for label in labels):
            raise ValidationError(
                {"level_labels": "階層の名称に空のものがあります。名称を入力してください。"}
            )
        if len(set(labels)) != len(labels):
            raise ValidationError({"level_labels": "階層の名称が重複しています。別の名称にしてください。"})
        if not 0 <= self.evaluation_level < len(labels) - 1:
            choices = "、".join(f"{n}({label})" for n, label in enumerate(labels[:-1]))
            raise ValidationError(
                {"evaluation_level": f"評価をまとめる階層は、最後の階層より上から選んでください: {choices}。"}
            )


class PlanNode(models.Model):
    """A node of the plan tree at any depth; nodes at ``plan.project_level`` are projects (事業).

    A cross-listing (再掲) is a project node whose ``listing_of`` points at the project it shows
    again: it has no entries of its own, the original is evaluated once.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField("階層")
    position = models.PositiveIntegerField("表示順")
    code = models.CharField("番号", max_length=32, help_text="例: 1、1-2、1-2-① の「1-2-1」")
    title = models.CharField("名称", max_length=300, blank=True)
    description = models.TextField("説明・事業内容", blank=True)
    final_target = models.TextField(
        "計画最終年度までの目標",
        blank=True,
        help_text="事業全体の目標。担当課ごとに異なる目標は、各担当課の評価に記入します。",
    )
    listing_of = models.ForeignKey(
        "self",
        verbose_name="再掲元",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cross_listings",
    )
    # The years a project is evaluated (中間見直し): None is the plan's first or last year. A
    # project ended from a year keeps its id, entries and history; it is not asked for after.
    first_year = models.PositiveIntegerField("開始年度", null=True, blank=True)
    last_year = models.PositiveIntegerField("終了年度", null=True, blank=True)
    # The project of the previous plan period (第3期) that this one continues: its page shows
    # the whole history across plans.
    continues = models.ForeignKey(
        "self",
        verbose_name="前期計画の事業",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
    )
    # 共通事業: the project of another plan of the same city that this node shows under this plan's
    # tree. Its entries are entered once, on the other plan's project, and counted in both plans.
    shared_from = models.ForeignKey(
        "self",
        verbose_name="共通事業",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shared_in",
    )
    owners: models.ManyToManyField[Department, ProjectOwner] = models.ManyToManyField(
        Department, through="ProjectOwner", related_name="projects", blank=True
    )

    class Meta:
        verbose_name = "計画の項目"
        verbose_name_plural = "計画の項目"
        ordering = ["plan", "level", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="node_unique_code"),
            models.CheckConstraint(
                condition=models.Q(first_year__isnull=True)
                | models.Q(last_year__isnull=True)
                | models.Q(last_year__gte=models.F("first_year")),
                name="node_years_ordered",
            ),
        ]
        indexes = [models.Index(fields=["plan", "parent", "position"], name="node_tree_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_project(self) -> bool:
        return self.level == self.plan.project_level

    @property
    def is_cross_listing(self) -> bool:
        return self.listing_of_id is not None

    @property
    def level_label(self) -> str:
        return self.plan.level_label(self.level)

    @property
    def display_title(self) -> str:
        return self.title or "(名称なし)"

    def is_active_in(self, fiscal_year: int) -> bool:
        """True when the node is part of the plan in ``fiscal_year`` (開始年度〜終了年度)."""
        return is_active_in(fiscal_year, first_year=self.first_year, last_year=self.last_year)


class ProjectOwner(models.Model):
    """A department responsible for a project; ``position`` 0 is the lead department."""

    project = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="ownerships")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="ownerships")
    position = models.PositiveSmallIntegerField("順")

    class Meta:
        verbose_name = "事業主体"
        verbose_name_plural = "事業主体"
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "department"], name="owner_unique_department"),
        ]

    def __str__(self) -> str:
        return f"{self.project} / {self.department}"


class Indicator(models.Model):
    """A numeric KPI of a node: baseline (value, year), target (value, year) and direction."""

    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField("表示順", default=0)
    label = models.CharField("指標名", max_length=200)
    unit = models.CharField("単位", max_length=20, blank=True)
    baseline_value = models.DecimalField("基準値", max_digits=14, decimal_places=3, null=True, blank=True)
    baseline_year = models.PositiveIntegerField("基準年度", null=True, blank=True)
    target_value = models.DecimalField("目標値", max_digits=14, decimal_places=3, null=True, blank=True)
    target_year = models.PositiveIntegerField("目標年度", null=True, blank=True)
    direction = models.CharField(
        "方向", max_length=8, choices=[(d.value, d.value) for d in Direction], default=Direction.UP
    )

    class Meta:
        verbose_name = "指標"
        verbose_name_plural = "指標"
        ordering = ["node", "position"]
        constraints = [
            models.UniqueConstraint(fields=["node", "label"], name="indicator_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label


class IndicatorTarget(models.Model):
    """An interim target (中間目標) of an indicator for one fiscal year, where the plan sets them."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="interim_targets")
    fiscal_year = models.PositiveIntegerField("年度")
    value = models.DecimalField("目標値", max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = "指標の年度別目標"
        verbose_name_plural = "指標の年度別目標"
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="indicator_target_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} / {self.fiscal_year}"
