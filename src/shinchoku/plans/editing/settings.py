"""The plan's own settings: title, period, level names, evaluation level, the multi-department
rule, the achievement formula and the 所属長 step.

A change that the stored data cannot follow is refused: a period leaving out a year that has a
round or an indicator's interim target, fewer levels than the tree uses, a different number of
levels once the plan has projects (they would stop being projects), an evaluation level moved
away from nodes that already carry a 施策評価 or committee opinions. Changing the evaluation
level rebuilds the plan's search index (its 施策 filter); every change is audited, which renders
cached pages again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from shinchoku.accounts.models import User
from shinchoku.audit.services import diff
from shinchoku.core import fiscal_year as fy
from shinchoku.core.indicators import ACHIEVEMENT_FORMULA_LABELS, AchievementFormula
from shinchoku.core.ratings import MULTI_DEPARTMENT_RULES, RULE_LABELS, ConsolidationRule
from shinchoku.evaluations.models import CommitteeOpinion, NodeEvaluation, Round
from shinchoku.evaluations.services.project_evaluations import refresh_round_evaluations
from shinchoku.plans.editing.base import (
    PlanEditError,
    audit,
    check_unchanged,
    editable_plan,
    fingerprint,
    line,
)
from shinchoku.plans.models import IndicatorTarget, Plan, PlanNode
from shinchoku.search.services import rebuild_search_index

MIN_FISCAL_YEAR = 1989


def _on_off(value: bool) -> str:
    return "経る" if value else "経ない"


def _described(plan: Plan) -> dict[str, Any]:
    """The settings as the audit record shows them (words, not codes)."""
    return {
        "title": plan.title,
        "period": plan.period_label,
        "level_labels": "、".join(plan.level_labels),
        "evaluation_level": plan.evaluation_level_label,
        "multi_department_rule": RULE_LABELS[ConsolidationRule(plan.multi_department_rule)],
        "achievement_formula": ACHIEVEMENT_FORMULA_LABELS[AchievementFormula(plan.achievement_formula)],
        "requires_department_approval": _on_off(plan.requires_department_approval),
    }


def update_plan_settings(
    actor: User,
    plan_id: int,
    *,
    title: str | None = None,
    first_fiscal_year: int | None = None,
    last_fiscal_year: int | None = None,
    level_labels: Sequence[str] | None = None,
    evaluation_level: int | None = None,
    multi_department_rule: str | None = None,
    achievement_formula: str | None = None,
    requires_department_approval: bool | None = None,
    seen: str | None = None,
) -> Plan:
    """Change the given settings of ``plan_id`` (None leaves a setting as it is).

    The 所属長 step applies from then on: a submitted entry waits for its 所属長 (on) or directly
    for the 事務局 (off); entries a 所属長 already approved keep waiting for the 事務局. Saving the
    same values again changes nothing and records nothing. Raises :class:`PlanEditError` (with
    the form field) for a change the plan's data cannot follow.
    """
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        before = _described(plan)
        check_unchanged(seen, before, "計画の設定")
        old_level, old_labels = plan.evaluation_level, list(plan.level_labels)
        old_rule = plan.multi_department_rule
        if title is not None:
            plan.title = line(title, "計画名", "title")
            _check_title(plan)
        if first_fiscal_year is not None or last_fiscal_year is not None:
            plan.first_fiscal_year = first_fiscal_year or plan.first_fiscal_year
            plan.last_fiscal_year = last_fiscal_year or plan.last_fiscal_year
            _check_period(plan)
        if level_labels is not None:
            plan.level_labels = [
                line(label, "階層の名称", "level_labels", max_length=30) for label in level_labels
            ]
            _check_levels(plan, old_labels)
        if evaluation_level is not None:
            plan.evaluation_level = evaluation_level
        if multi_department_rule is not None:
            plan.multi_department_rule = _choice(
                multi_department_rule,
                [rule.value for rule in MULTI_DEPARTMENT_RULES],
                "multi_department_rule",
            )
        if achievement_formula is not None:
            plan.achievement_formula = _choice(
                achievement_formula, [formula.value for formula in AchievementFormula], "achievement_formula"
            )
        if requires_department_approval is not None:
            plan.requires_department_approval = requires_department_approval
        _validate(plan)
        if plan.evaluation_level != old_level:
            _check_evaluation_level_unused(plan, old_level)
        changes = diff(before, _described(plan))
        if changes:
            plan.save()
            if plan.evaluation_level != old_level:
                rebuild_search_index(plan)
            audit(actor, plan, "update_plan_settings", plan, _summary(changes, plan), changes)
            if plan.multi_department_rule != old_rule:
                # Unpublished rounds follow the new rule at once; published ones keep what they showed.
                for round_ in Round.objects.filter(plan=plan).exclude(state=Round.State.PUBLISHED):
                    refresh_round_evaluations(actor, round_)
    return plan


def _summary(changes: dict[str, Any], plan: Plan) -> str:
    if set(changes) == {"requires_department_approval"}:
        return f"所属長の承認を{_on_off(plan.requires_department_approval)}ことにしました"
    names = {
        "title": "計画名",
        "period": "計画期間",
        "level_labels": "階層の名称",
        "evaluation_level": "評価をまとめる階層",
        "multi_department_rule": "複数の担当課がある事業の評価",
        "achievement_formula": "達成率の計算方法",
        "requires_department_approval": "所属長の承認",
    }
    return "計画の設定(" + "、".join(names[key] for key in names if key in changes) + ")を変更しました"


def _choice(value: str, allowed: list[str], field: str) -> str:
    if value not in allowed:
        raise PlanEditError("選べる値から選んでください。", field)
    return value


def _check_title(plan: Plan) -> None:
    if Plan.objects.filter(municipality=plan.municipality, title=plan.title).exclude(pk=plan.pk).exists():
        raise PlanEditError(
            f"「{plan.title}」という計画がすでにあります。別の計画名にしてください。", "title"
        )


def _check_period(plan: Plan) -> None:
    first, last = plan.first_fiscal_year, plan.last_fiscal_year
    if first < MIN_FISCAL_YEAR:
        raise PlanEditError("計画期間は平成元年度(1989年度)以降にしてください。", "first_fiscal_year")
    if last < first:
        raise PlanEditError("計画期間の最終年度は初年度以降にしてください。", "last_fiscal_year")
    outside = list(
        Round.objects.filter(plan=plan)
        .exclude(fiscal_year__range=(first, last))
        .order_by("fiscal_year")
        .values_list("fiscal_year", flat=True)
    )
    if outside:
        years = "、".join(fy.format_wareki(year) for year in outside)
        field = "first_fiscal_year" if outside[0] < first else "last_fiscal_year"
        raise PlanEditError(
            f"{years}の進行管理があるため、その年度を計画期間から外せません。期間に含めてください。", field
        )
    targets = (
        IndicatorTarget.objects.filter(indicator__node__plan=plan)
        .exclude(fiscal_year__range=(first, last))
        .order_by("fiscal_year")
        .values_list("fiscal_year", flat=True)
    )
    target_years = sorted(set(targets))
    if target_years:
        years = "、".join(fy.format_wareki(year) for year in target_years)
        field = "first_fiscal_year" if target_years[0] < first else "last_fiscal_year"
        raise PlanEditError(
            f"{years}の指標の年度別目標値があるため、その年度を計画期間から外せません。"
            "先に指標のページで目標値を消してください。",
            field,
        )


def _check_levels(plan: Plan, old_labels: list[str]) -> None:
    old_count = len(old_labels)
    count = len(plan.level_labels)
    deepest = PlanNode.objects.filter(plan=plan).aggregate(deepest=Max("level"))["deepest"]
    if deepest is not None and count < deepest + 1:
        raise PlanEditError(
            f"計画の体系は {deepest + 1} 階層まで使われています。"
            f"階層の名称を {deepest + 1} 個以上にしてください。",
            "level_labels",
        )
    has_projects = PlanNode.objects.filter(plan=plan, level=old_count - 1).exists()
    if count != old_count and has_projects:
        raise PlanEditError(
            f"{old_labels[-1]}の項目があるため、階層の数({old_count})は変えられません。名称だけを変えてください。",
            "level_labels",
        )


def _validate(plan: Plan) -> None:
    """The model's own rules (2–6 distinct level names, an evaluation level above the projects)."""
    try:
        plan.clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise PlanEditError(messages[0], field) from error


def _check_evaluation_level_unused(plan: Plan, old_level: int) -> None:
    """Refuse moving the evaluation level away from nodes that already carry 施策評価 or opinions:
    published years would lose them."""
    evaluated = NodeEvaluation.objects.filter(node__plan=plan, node__level=old_level).exists()
    opinions = CommitteeOpinion.objects.filter(node__plan=plan, node__level=old_level).exists()
    if evaluated or opinions:
        held = "、".join(word for word, found in (("評価", evaluated), ("委員意見", opinions)) if found)
        raise PlanEditError(
            f"いまの評価をまとめる階層({plan.level_labels[old_level]})の項目に{held}が記録されているため、"
            "評価をまとめる階層は変えられません。",
            "evaluation_level",
        )


def settings_version(plan: Plan) -> str:
    """What the settings form of ``plan`` sends back as ``seen`` (see base.fingerprint)."""
    return fingerprint(_described(plan))
