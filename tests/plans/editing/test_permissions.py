"""Every plan-editing operation is the 事務局's of the plan's own municipality: department users,
the committee, viewers and another city's 事務局 are refused, and nothing changes or is recorded."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.plans.editing import departments, indicators, scale, settings, tree
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

Operation = Callable[[User, TinyPlan], object]

OPERATIONS: dict[str, Operation] = {
    "update_plan_settings": lambda user, t: settings.update_plan_settings(user, t.plan.pk, title="乗っ取り"),
    "add_rating_code": lambda user, t: scale.add_rating_code(user, t.plan.pk, code="D"),
    "update_rating_code": lambda user, t: scale.update_rating_code(
        user, t.plan.pk, t.codes["C"].pk, code="C", label="x", definition="", is_rating=True
    ),
    "move_rating_code": lambda user, t: scale.move_rating_code(user, t.plan.pk, t.codes["C"].pk, "up"),
    "remove_rating_code": lambda user, t: scale.remove_rating_code(user, t.plan.pk, t.codes["C"].pk),
    "add_department": lambda user, t: departments.add_department(user, t.plan.pk, name="新課"),
    "update_department": lambda user, t: departments.update_department(
        user, t.plan.pk, t.departments["社協"].pk, name="x", kind="external"
    ),
    "move_department": lambda user, t: departments.move_department(
        user, t.plan.pk, t.departments["社協"].pk, "up"
    ),
    "remove_department": lambda user, t: departments.remove_department(
        user, t.plan.pk, t.departments["社協"].pk
    ),
    "add_node": lambda user, t: tree.add_node(user, t.plan.pk, parent_id=None, code="9", title="x"),
    "update_node": lambda user, t: tree.update_node(
        user, t.plan.pk, t.unrated.pk, code="1-1-2-1", title="x", description="", final_target=""
    ),
    "move_node": lambda user, t: tree.move_node(user, t.plan.pk, t.relisted.pk, "up"),
    "move_node_under": lambda user, t: tree.move_node_under(
        user, t.plan.pk, t.unrated.pk, t.initiatives[0].pk
    ),
    "cross_list_project": lambda user, t: tree.cross_list_project(
        user, t.plan.pk, t.single.pk, parent_id=t.initiatives[1].pk, code="1-1-2-9"
    ),
    "set_project_owners": lambda user, t: tree.set_project_owners(user, t.plan.pk, t.unrated.pk, []),
    "remove_node": lambda user, t: tree.remove_node(user, t.plan.pk, t.relisted.pk),
    "add_indicator": lambda user, t: indicators.add_indicator(
        user, t.plan.pk, t.unrated.pk, indicators.IndicatorFields(label="x")
    ),
    "update_indicator": lambda user, t: indicators.update_indicator(
        user, t.plan.pk, t.indicator.pk, indicators.IndicatorFields(label="x")
    ),
    "remove_indicator": lambda user, t: indicators.remove_indicator(user, t.plan.pk, t.indicator.pk),
    "set_indicator_targets": lambda user, t: indicators.set_indicator_targets(
        user, t.plan.pk, t.indicator.pk, {2025: Decimal("1")}
    ),
}
REFUSED = ("editor", "other_editor", "approver", "committee", "viewer", "stranger")


@pytest.mark.parametrize("persona", REFUSED)
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_nobody_but_the_citys_secretariat_edits_the_plan(
    tiny: TinyPlan, people: People, operation: str, persona: str
) -> None:
    with pytest.raises(PermissionDenied, match="この計画の自治体の事務局だけです"):
        OPERATIONS[operation](getattr(people, persona), tiny)

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "operation", ["add_rating_code", "add_department", "add_node", "set_indicator_targets"]
)
def test_the_citys_secretariat_may(tiny: TinyPlan, people: People, operation: str) -> None:
    OPERATIONS[operation](people.secretariat, tiny)

    assert AuditEntry.objects.filter(action=operation, actor=people.secretariat).count() == 1
