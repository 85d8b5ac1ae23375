"""Use cases that change a plan itself (not its yearly rounds), one function each.

Like the round services, every function takes the acting user, asks
:mod:`shinchoku.accounts.permissions`, runs in one transaction and records an audit entry.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import diff, record
from shinchoku.plans.models import Plan


def _on_off(value: bool) -> str:
    return "経る" if value else "経ない"


def update_plan_settings(actor: User, plan_id: int, *, requires_department_approval: bool) -> Plan:
    """Switch the 所属長 step on or off for ``plan_id``'s entries.

    From then on, a submitted entry waits for its 所属長 (on) or directly for the 事務局 (off);
    entries a 所属長 has already approved keep waiting for the 事務局. Saving the same value again
    changes nothing and records nothing.
    """
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related("municipality").get(pk=plan_id)
        if not permissions.can_change_plan_settings(actor, plan):
            raise PermissionDenied("計画の設定を変えられるのは事務局だけです。")
        before = {"requires_department_approval": _on_off(plan.requires_department_approval)}
        plan.requires_department_approval = requires_department_approval
        changes = diff(before, {"requires_department_approval": _on_off(requires_department_approval)})
        if changes:
            plan.save(update_fields=["requires_department_approval"])
            record(
                actor=actor,
                action="update_plan_settings",
                target=plan,
                municipality=plan.municipality,
                summary=f"{plan.title}: 所属長の承認を{_on_off(requires_department_approval)}ことにしました",
                changes=changes,
            )
    return plan
