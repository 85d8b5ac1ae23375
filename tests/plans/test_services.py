"""update_plan_settings: the 事務局 switches the 所属長 step of a plan, with an audit record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import Municipality, Plan
from shinchoku.plans.services import update_plan_settings
from tests.evaluations.tiny_plan import TinyPlan, make_user


@pytest.fixture
def secretariat(tiny: TinyPlan) -> User:
    return make_user("jimu", tiny.municipality, role=User.Role.SECRETARIAT, display_name="事務局 一郎")


def test_the_secretariat_switches_the_department_step_on_with_an_audit_record(
    tiny: TinyPlan, secretariat: User
) -> None:
    update_plan_settings(secretariat, tiny.plan.pk, requires_department_approval=True)

    assert Plan.objects.get(pk=tiny.plan.pk).requires_department_approval is True
    record = AuditEntry.objects.get(action="update_plan_settings")
    assert record.object_type == "plans.Plan"
    assert record.object_id == str(tiny.plan.pk)
    assert record.actor_label == "事務局 一郎"
    assert record.changes == {"requires_department_approval": {"before": "経ない", "after": "経る"}}


def test_saving_the_same_setting_again_records_nothing(tiny: TinyPlan, secretariat: User) -> None:
    update_plan_settings(secretariat, tiny.plan.pk, requires_department_approval=False)

    assert not AuditEntry.objects.filter(action="update_plan_settings").exists()


@pytest.mark.parametrize(
    "role", [User.Role.EDITOR, User.Role.APPROVER, User.Role.COMMITTEE, User.Role.VIEWER]
)
def test_nobody_but_the_secretariat_may_change_the_settings(tiny: TinyPlan, role: User.Role) -> None:
    user = make_user("someone", tiny.municipality, role=role)

    with pytest.raises(PermissionDenied, match="事務局だけ"):
        update_plan_settings(user, tiny.plan.pk, requires_department_approval=True)

    assert Plan.objects.get(pk=tiny.plan.pk).requires_department_approval is False
    assert not AuditEntry.objects.exists()


def test_the_secretariat_of_another_city_may_not_change_the_settings(tiny: TinyPlan) -> None:
    elsewhere = Municipality.objects.create(name="鴻巣市", code="112178")
    stranger = make_user("tanin", elsewhere, role=User.Role.SECRETARIAT)

    with pytest.raises(PermissionDenied):
        update_plan_settings(stranger, tiny.plan.pk, requires_department_approval=True)


def test_entries_keep_a_reviewer_when_the_department_step_is_switched(
    tiny: TinyPlan, secretariat: User
) -> None:
    entry = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    entry.status = Entry.Status.DEPARTMENT_APPROVED
    entry.save()
    submitted = Entry.objects.create(
        round=tiny.collecting,
        project=tiny.unrated,
        department=tiny.departments["社協"],
        status=Entry.Status.SUBMITTED,
    )

    update_plan_settings(secretariat, tiny.plan.pk, requires_department_approval=True)
    entry.refresh_from_db()
    submitted.refresh_from_db()
    # Switched on: a submitted entry now waits for its 所属長, not for the 事務局.
    assert permissions.can_approve_entry(secretariat, entry)
    assert not permissions.can_approve_entry(secretariat, submitted)

    update_plan_settings(secretariat, tiny.plan.pk, requires_department_approval=False)
    entry.refresh_from_db()
    submitted.refresh_from_db()
    # Switched off: what the 所属長 already approved still waits for the 事務局.
    assert permissions.can_approve_entry(secretariat, entry)
    assert permissions.can_approve_entry(secretariat, submitted)
