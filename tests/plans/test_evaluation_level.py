"""Plan.evaluation_level: the level whose nodes get the consolidated evaluation (施策評価),
validated against the plan's levels, and given to existing plans by migration 0003 as the level the
code used before it existed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from shinchoku.plans.models import Plan
from tests.evaluations.tiny_plan import TinyPlan


def _plan(tiny: TinyPlan, labels: list[str], level: int) -> Plan:
    plan = tiny.plan
    plan.level_labels, plan.evaluation_level = labels, level
    return plan


@pytest.mark.parametrize(
    ("labels", "level"),
    [(["分野", "事業"], 0), (["基本方針", "施策", "事業"], 0), (["基本方針", "施策", "事業"], 1)],
)
def test_it_accepts_any_level_above_the_projects(tiny: TinyPlan, labels: list[str], level: int) -> None:
    _plan(tiny, labels, level).full_clean()


@pytest.mark.parametrize(
    ("labels", "level"),
    [(["分野", "事業"], 1), (["基本方針", "施策", "事業"], 2), (["基本方針", "施策", "事業"], 5)],
)
def test_it_refuses_the_projects_level_or_below_as_the_evaluation_level(
    tiny: TinyPlan, labels: list[str], level: int
) -> None:
    with pytest.raises(ValidationError) as refused:
        _plan(tiny, labels, level).full_clean()
    message = refused.value.message_dict["evaluation_level"][0]
    assert "最後の階層より上から選んでください" in message
    assert "0(" + labels[0] + ")" in message


@pytest.mark.parametrize(
    ("labels", "expected"),
    [(["事業"], "2〜6 個"), (["分野", " ", "事業"], "空のもの"), (["施策", "施策", "事業"], "重複")],
)
def test_it_refuses_level_names_that_do_not_make_a_plan(
    tiny: TinyPlan, labels: list[str], expected: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _plan(tiny, labels, 0).full_clean()
    assert expected in refused.value.message_dict["level_labels"][0]


def test_the_evaluation_level_names_its_level_and_the_last_level_the_projects(tiny: TinyPlan) -> None:
    plan = _plan(tiny, ["将来像", "政策", "基本方向", "具体策", "事業"], 2)
    assert (plan.evaluation_level_label, plan.project_label) == ("基本方向", "事業")


def test_the_migration_gives_existing_plans_the_level_the_code_used_before(tiny: TinyPlan) -> None:
    migration = importlib.import_module("shinchoku.plans.migrations.0003_add_plan_evaluation_level")
    shapes = {2: ["分野", "事業"], 3: ["基本方針", "施策", "事業"], 4: tiny.plan.level_labels}
    plans = {
        depth: tiny.plan
        if depth == 4
        else Plan.objects.create(
            municipality=tiny.municipality,
            title=f"{depth}階層の計画",
            first_fiscal_year=2022,
            last_fiscal_year=2026,
            level_labels=labels,
            evaluation_level=0,
            rating_scale=tiny.plan.rating_scale,
        )
        for depth, labels in shapes.items()
    }
    Plan.objects.update(evaluation_level=9)

    migration.set_evaluation_level(apps, None)

    levels = {depth: Plan.objects.get(pk=plan.pk).evaluation_level for depth, plan in plans.items()}
    assert levels == {2: 0, 3: 0, 4: 1}
