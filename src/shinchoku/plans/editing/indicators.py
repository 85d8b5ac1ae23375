"""A node's numeric indicators (指標): add, edit every field, remove one without recorded values,
and set or clear its interim targets (中間目標) for fiscal years of the plan's period."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from shinchoku.accounts.models import User
from shinchoku.audit.services import diff
from shinchoku.core import fiscal_year as fy
from shinchoku.core.indicators import DIRECTION_WORDS, Direction
from shinchoku.evaluations.models import IndicatorValue
from shinchoku.plans.editing.base import (
    PlanEditError,
    audit,
    check_unchanged,
    editable_plan,
    fingerprint,
    line,
)
from shinchoku.plans.models import Indicator, IndicatorTarget, Plan, PlanNode

MAX_VALUE = Decimal("99999999999.999")  # the columns hold 14 digits, 3 after the point


@dataclass(frozen=True)
class IndicatorFields:
    """Every field of an indicator as the editor gives it (values already parsed as numbers)."""

    label: str
    unit: str = ""
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    target_year: int | None = None
    direction: str = Direction.UP


def _plain(value: Decimal | None) -> str | None:
    """A stored number as written, whatever its scale: 9.000 and 9 are both "9"."""
    return None if value is None else format(value.normalize(), "f")


def _described(indicator: Indicator) -> dict[str, Any]:
    return {
        "label": indicator.label,
        "unit": indicator.unit,
        "baseline_value": _plain(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "target_value": _plain(indicator.target_value),
        "target_year": indicator.target_year,
        "direction": indicator.direction,
    }


def _indicator_of(plan: Plan, indicator_id: int) -> Indicator:
    try:
        return (
            Indicator.objects.select_for_update().select_related("node").get(pk=indicator_id, node__plan=plan)
        )
    except Indicator.DoesNotExist:
        raise PlanEditError("この計画にない指標です。一覧から選び直してください。") from None


def _value(value: Decimal | None, label: str, field: str) -> Decimal | None:
    if value is not None and abs(value) > MAX_VALUE:
        raise PlanEditError(f"{label}が大きすぎます。{MAX_VALUE:,} 以下にしてください。", field)
    return value


def _year(year: int | None, label: str, field: str) -> int | None:
    if year is not None and not 1989 <= year <= 2200:
        raise PlanEditError(f"{label}は西暦 1989〜2200 年度で入力してください。", field)
    return year


def _apply(indicator: Indicator, fields: IndicatorFields) -> None:
    """Clean ``fields`` onto ``indicator`` (label unique within its node)."""
    label = line(fields.label, "指標名", "label")
    taken = Indicator.objects.filter(node_id=indicator.node_id, label=label).exclude(pk=indicator.pk)
    if taken.exists():
        raise PlanEditError(
            f"この項目には「{label}」という指標がすでにあります。別の指標名にしてください。", "label"
        )
    if fields.direction not in {direction.value for direction in Direction}:
        words = "".join(f"「{word}」" for word in DIRECTION_WORDS.values())
        raise PlanEditError(f"方向は{words}から選んでください。", "direction")
    indicator.label = label
    indicator.unit = line(fields.unit, "単位", "unit", required=False, max_length=20)
    indicator.baseline_value = _value(fields.baseline_value, "基準値", "baseline_value")
    indicator.baseline_year = _year(fields.baseline_year, "基準年度", "baseline_year")
    indicator.target_value = _value(fields.target_value, "目標値", "target_value")
    indicator.target_year = _year(fields.target_year, "目標年度", "target_year")
    indicator.direction = fields.direction
    if indicator.baseline_year and indicator.target_year and indicator.target_year < indicator.baseline_year:
        raise PlanEditError("目標年度は基準年度以降にしてください。", "target_year")


def add_indicator(actor: User, plan_id: int, node_id: int, fields: IndicatorFields) -> Indicator:
    """Add an indicator as the last of node ``node_id``'s."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        try:
            node = PlanNode.objects.get(pk=node_id, plan=plan)
        except PlanNode.DoesNotExist:
            raise PlanEditError("この計画にない項目です。一覧から選び直してください。") from None
        last = node.indicators.aggregate(last=Max("position"))["last"]
        indicator = Indicator(node=node, position=0 if last is None else last + 1)
        _apply(indicator, fields)
        indicator.save()
        audit(
            actor,
            plan,
            "add_indicator",
            indicator,
            f"「{node.code}」に指標「{indicator.label}」を追加しました",
            diff({}, _described(indicator)),
        )
    return indicator


def update_indicator(
    actor: User, plan_id: int, indicator_id: int, fields: IndicatorFields, *, seen: str | None = None
) -> Indicator:
    """Change every field of an indicator; its recorded values stay as they are."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        indicator = _indicator_of(plan, indicator_id)
        before = _described(indicator)
        check_unchanged(seen, before, "指標")
        _apply(indicator, fields)
        changes = diff(before, _described(indicator))
        if changes:
            indicator.save()
            audit(
                actor,
                plan,
                "update_indicator",
                indicator,
                f"指標「{indicator.label}」を変更しました",
                changes,
            )
    return indicator


def remove_indicator(actor: User, plan_id: int, indicator_id: int) -> None:
    """Remove an indicator that has no recorded actual value (its interim targets go with it)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        indicator = _indicator_of(plan, indicator_id)
        years = list(IndicatorValue.objects.filter(indicator=indicator).values_list("fiscal_year", flat=True))
        if years:
            recorded = "、".join(fy.format_wareki(year) for year in sorted(years))
            raise PlanEditError(
                f"指標「{indicator.label}」には{recorded}の実績値があるため、削除できません。"
            )
        audit(
            actor,
            plan,
            "remove_indicator",
            indicator,
            f"指標「{indicator.label}」を削除しました",
            diff(_described(indicator), {}),
        )
        indicator.delete()


def set_indicator_targets(
    actor: User, plan_id: int, indicator_id: int, targets: Mapping[int, Decimal | None]
) -> Indicator:
    """Set the interim target of each fiscal year in ``targets`` (years of the plan's period; None
    clears a year's target); years not in ``targets`` keep theirs. One audit record lists the
    years that changed; nothing changed records nothing."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        indicator = _indicator_of(plan, indicator_id)
        stored = {
            target.fiscal_year: target for target in IndicatorTarget.objects.filter(indicator=indicator)
        }
        changes: dict[str, dict[str, str | None]] = {}
        for fiscal_year, value in sorted(targets.items()):
            if not plan.first_fiscal_year <= fiscal_year <= plan.last_fiscal_year:
                raise PlanEditError(f"年度は計画期間({plan.period_label})から選んでください。", "fiscal_year")
            _value(value, f"{fy.format_wareki(fiscal_year)}の目標値", f"target_{fiscal_year}")
            before = _plain(stored[fiscal_year].value) if fiscal_year in stored else None
            after = _plain(value)
            if before == after:
                continue
            if value is None:
                stored[fiscal_year].delete()
            else:
                IndicatorTarget.objects.update_or_create(
                    indicator=indicator, fiscal_year=fiscal_year, defaults={"value": value}
                )
            changes[fy.format_wareki(fiscal_year)] = {"before": before, "after": after}
        if changes:
            audit(
                actor,
                plan,
                "set_indicator_targets",
                indicator,
                f"指標「{indicator.label}」の年度別の目標値を変更しました({'、'.join(changes)})",
                changes,
            )
    return indicator


def indicator_version(indicator: Indicator) -> str:
    """What an edit form of ``indicator`` sends back as ``seen`` (see base.fingerprint)."""
    return fingerprint(_described(indicator))
