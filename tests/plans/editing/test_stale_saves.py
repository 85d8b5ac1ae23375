"""Optimistic locking in the plan editor: a save made from a form filled before someone else
changed the item is refused with a Japanese message, and the other person's change stays."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shinchoku.accounts.models import User
from shinchoku.plans.editing import departments, indicators, scale, settings, tree
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.models import Department, Indicator, Plan, PlanNode, RatingCode
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

# name: (the version a form was filled with, a change by someone else, a save from the old form,
# the stored value the save would have overwritten)
Case = tuple[
    Callable[[TinyPlan], str],
    Callable[[User, TinyPlan], object],
    Callable[[User, TinyPlan, str], object],
    Callable[[TinyPlan], str],
]

CASES: dict[str, Case] = {
    "settings": (
        lambda t: settings.settings_version(Plan.objects.get(pk=t.plan.pk)),
        lambda u, t: settings.update_plan_settings(u, t.plan.pk, title="他の人"),
        lambda u, t, seen: settings.update_plan_settings(u, t.plan.pk, title="古い画面", seen=seen),
        lambda t: Plan.objects.get(pk=t.plan.pk).title,
    ),
    "code": (
        lambda t: scale.code_version(RatingCode.objects.get(pk=t.codes["C"].pk)),
        lambda u, t: scale.update_rating_code(
            u, t.plan.pk, t.codes["C"].pk, code="C", label="他の人", definition="", is_rating=True
        ),
        lambda u, t, seen: scale.update_rating_code(
            u,
            t.plan.pk,
            t.codes["C"].pk,
            code="C",
            label="古い画面",
            definition="",
            is_rating=True,
            seen=seen,
        ),
        lambda t: RatingCode.objects.get(pk=t.codes["C"].pk).label,
    ),
    "department": (
        lambda t: departments.department_version(Department.objects.get(pk=t.departments["社協"].pk)),
        lambda u, t: departments.update_department(
            u, t.plan.pk, t.departments["社協"].pk, name="他の人", kind="external"
        ),
        lambda u, t, seen: departments.update_department(
            u, t.plan.pk, t.departments["社協"].pk, name="古い画面", kind="external", seen=seen
        ),
        lambda t: Department.objects.get(pk=t.departments["社協"].pk).name,
    ),
    "node": (
        lambda t: tree.node_version(PlanNode.objects.get(pk=t.unrated.pk)),
        lambda u, t: tree.update_node(
            u, t.plan.pk, t.unrated.pk, code="1-1-2-1", title="他の人", description="", final_target=""
        ),
        lambda u, t, seen: tree.update_node(
            u,
            t.plan.pk,
            t.unrated.pk,
            code="1-1-2-1",
            title="古い画面",
            description="",
            final_target="",
            seen=seen,
        ),
        lambda t: PlanNode.objects.get(pk=t.unrated.pk).title,
    ),
    "indicator": (
        lambda t: indicators.indicator_version(Indicator.objects.get(pk=t.indicator.pk)),
        lambda u, t: indicators.update_indicator(
            u, t.plan.pk, t.indicator.pk, indicators.IndicatorFields(label="他の人")
        ),
        lambda u, t, seen: indicators.update_indicator(
            u, t.plan.pk, t.indicator.pk, indicators.IndicatorFields(label="古い画面"), seen=seen
        ),
        lambda t: Indicator.objects.get(pk=t.indicator.pk).label,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_save_from_a_stale_form_is_refused(tiny: TinyPlan, people: People, case: str) -> None:
    version, change, save, stored = CASES[case]
    seen = version(tiny)
    change(people.secretariat, tiny)

    with pytest.raises(PlanEditError, match="画面を開いた後にほかの人が変更しました"):
        save(people.secretariat, tiny, seen)

    assert stored(tiny) == "他の人"


@pytest.mark.parametrize("case", list(CASES))
def test_a_save_from_a_current_form_is_applied(tiny: TinyPlan, people: People, case: str) -> None:
    version, _, save, stored = CASES[case]

    save(people.secretariat, tiny, version(tiny))

    assert stored(tiny) == "古い画面"
