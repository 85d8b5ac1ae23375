"""Indicators in the plan editor: added, changed in every field, removed while no value is
recorded, and their interim targets per year, each with an audit record."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.indicators import (
    IndicatorFields,
    add_indicator,
    remove_indicator,
    set_indicator_targets,
    update_indicator,
)
from shinchoku.plans.models import Indicator, IndicatorTarget
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

WAITING = IndicatorFields(
    label="待機児童数",
    unit="人",
    baseline_value=Decimal("12"),
    baseline_year=2021,
    target_value=Decimal("0"),
    target_year=2026,
    direction="down",
)


def test_an_indicator_with_a_falling_target_is_added(tiny: TinyPlan, people: People) -> None:
    indicator = add_indicator(people.secretariat, tiny.plan.pk, tiny.unrated.pk, WAITING)

    stored = Indicator.objects.get(pk=indicator.pk)
    assert (stored.label, stored.unit, stored.direction, stored.target_value) == (
        "待機児童数",
        "人",
        "down",
        0,
    )
    record = AuditEntry.objects.get(action="add_indicator")
    assert record.summary.endswith("「1-1-2-1」に指標「待機児童数」を追加しました")
    assert record.changes["baseline_value"] == {"before": None, "after": "12"}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            IndicatorFields(label="福祉教育の実施校数"),
            "label",
            "「福祉教育の実施校数」という指標がすでにあります",
        ),
        (IndicatorFields(label=""), "label", "指標名を入力してください"),
        (
            IndicatorFields(label="x", direction="sideways"),
            "direction",
            "「増やす」「減らす」「維持」から選んでください",
        ),
        (
            IndicatorFields(label="x", baseline_year=2024, target_year=2020),
            "target_year",
            "目標年度は基準年度以降",
        ),
        (IndicatorFields(label="x", target_year=1900), "target_year", "目標年度は西暦 1989〜2200 年度"),
        (IndicatorFields(label="x", target_value=Decimal("1e12")), "target_value", "目標値が大きすぎます"),
    ],
)
def test_it_refuses_an_indicator_that_does_not_fit(
    tiny: TinyPlan, people: People, fields: IndicatorFields, field: str, message: str
) -> None:
    with pytest.raises(PlanEditError, match=message) as refused:
        add_indicator(people.secretariat, tiny.plan.pk, tiny.single.pk, fields)

    assert refused.value.field == field
    assert Indicator.objects.count() == 1


def test_every_field_of_an_indicator_may_change(tiny: TinyPlan, people: People) -> None:
    update_indicator(people.secretariat, tiny.plan.pk, tiny.indicator.pk, WAITING)

    tiny.indicator.refresh_from_db()
    assert (tiny.indicator.label, tiny.indicator.direction, tiny.indicator.baseline_value) == (
        "待機児童数",
        "down",
        12,
    )
    changes = AuditEntry.objects.get(action="update_indicator").changes
    assert set(changes) == {"label", "unit", "baseline_value", "target_value", "direction"}


def test_an_indicator_with_recorded_values_stays_and_one_without_is_removed(
    tiny: TinyPlan, people: People
) -> None:
    with pytest.raises(
        PlanEditError, match="令和4年度、令和5年度、令和6年度の実績値があるため、削除できません"
    ):
        remove_indicator(people.secretariat, tiny.plan.pk, tiny.indicator.pk)

    spare = add_indicator(people.secretariat, tiny.plan.pk, tiny.unrated.pk, WAITING)
    remove_indicator(people.secretariat, tiny.plan.pk, spare.pk)
    assert not Indicator.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.filter(action="remove_indicator").count() == 1


def test_interim_targets_are_set_changed_and_cleared_per_year(tiny: TinyPlan, people: People) -> None:
    pk = tiny.indicator.pk
    set_indicator_targets(people.secretariat, tiny.plan.pk, pk, {2024: Decimal("8"), 2025: Decimal("10")})
    set_indicator_targets(people.secretariat, tiny.plan.pk, pk, {2024: Decimal("9"), 2025: Decimal("10.000")})
    assert IndicatorTarget.objects.get(indicator=tiny.indicator, fiscal_year=2024).value == 9

    set_indicator_targets(people.secretariat, tiny.plan.pk, pk, {2024: None})

    assert list(IndicatorTarget.objects.values_list("fiscal_year", flat=True)) == [2025]
    records = list(AuditEntry.objects.filter(action="set_indicator_targets").order_by("pk"))
    assert [record.summary.split(": ", 1)[1] for record in records] == [
        "指標「福祉教育の実施校数」の年度別の目標値を変更しました(令和6年度、令和7年度)",
        "指標「福祉教育の実施校数」の年度別の目標値を変更しました(令和6年度)",
        "指標「福祉教育の実施校数」の年度別の目標値を変更しました(令和6年度)",
    ]
    assert records[1].changes == {"令和6年度": {"before": "8", "after": "9"}}
    assert records[2].changes == {"令和6年度": {"before": "9", "after": None}}


def test_an_interim_target_outside_the_plans_period_is_refused(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(
        PlanEditError, match="年度は計画期間\\(令和4年度〜令和8年度\\)から選んでください"
    ) as refused:
        set_indicator_targets(people.secretariat, tiny.plan.pk, tiny.indicator.pk, {2030: Decimal("1")})

    assert refused.value.field == "fiscal_year"
    assert not IndicatorTarget.objects.exists()


def test_saving_an_indicator_unchanged_records_nothing(tiny: TinyPlan, people: People) -> None:
    same = IndicatorFields(
        label="福祉教育の実施校数",
        unit="校",
        baseline_value=Decimal("3"),
        baseline_year=2021,
        target_value=Decimal("12.0"),
        target_year=2026,
        direction="up",
    )

    update_indicator(people.secretariat, tiny.plan.pk, tiny.indicator.pk, same)

    assert not AuditEntry.objects.filter(action="update_indicator").exists()
