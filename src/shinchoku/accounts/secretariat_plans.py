"""Per-plan secretariats: which plans a 事務局 member manages (``User.secretariat_plans``).

Each plan may have its own secretariat (地域福祉計画: 共生福祉課, 障害福祉計画: 障がい福祉課). A 事務局
member limited to some plans manages only those (see
:func:`shinchoku.accounts.permissions.is_secretariat_of_plan`); none means every plan of the city.
Only a 事務局 member of every plan (or a superuser) sets the limit, never on themselves: a member
limited to one plan who could lift the limit would manage every plan.
"""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.plans.models import Plan

EVERY = "すべての計画"  # how the audit names "no limit"


def plans_of(municipality_id: int, plan_ids: Collection[int]) -> list[Plan]:
    """The plans ``plan_ids`` of the municipality, in title order; a ValidationError names any
    other (a plan of another city, or none)."""
    plans = list(
        Plan.objects.filter(municipality_id=municipality_id, pk__in=list(plan_ids)).order_by("title")
    )
    if len(plans) != len(set(plan_ids)):
        raise ValidationError("担当する計画は、この自治体の計画から選んでください。")
    return plans


def check_secretariat_plans(actor: User | None, user: User, plans: Collection[Plan]) -> None:
    """Refuse (PermissionDenied / ValidationError) to limit ``user`` to ``plans``: the actor must be
    a 事務局 member of every plan of the user's city (None: the command line), not the user, and
    only a 事務局 member is limited."""
    if user.municipality_id is None:
        raise ValidationError("自治体に属さない利用者には担当する計画を設定できません。")
    if actor is not None and not permissions.can_manage_users(actor, user.municipality_id):
        raise PermissionDenied("担当する計画を設定できるのは、すべての計画を担当する事務局の職員だけです。")
    if actor is not None and actor.pk == user.pk:
        raise ValidationError("自分の担当する計画は変更できません。ほかの事務局の職員に依頼してください。")
    if plans and user.role != User.Role.SECRETARIAT:
        raise ValidationError("担当する計画は、役割が事務局の利用者にだけ設定できます。")


def set_secretariat_plans(actor: User | None, user_id: int, plan_ids: Collection[int]) -> User:
    """Limit the 事務局 member ``user_id`` to the plans ``plan_ids`` (empty: every plan of the city),
    with an audit record; see :func:`check_secretariat_plans` for who may."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or (actor is not None and not permissions.can_manage_user(actor, user)):
            raise PermissionDenied("この利用者を変更できるのは、同じ自治体の事務局の職員だけです。")
        plans = plans_of(user.municipality_id, plan_ids) if user.municipality_id is not None else []
        check_secretariat_plans(actor, user, plans)
        before = sorted(user.secretariat_plans.values_list("title", flat=True))
        after = sorted(plan.title for plan in plans)
        if before != after:
            user.secretariat_plans.set(plans)
            record(
                actor=actor,
                action="set_secretariat_plans",
                target=user,
                summary=f"利用者「{user.username}」の担当する計画を変更しました",
                changes={
                    "secretariat_plans": {
                        "before": before or ["すべての計画"],
                        "after": after or ["すべての計画"],
                    }
                },
                municipality=user.municipality,
                affects_public=False,  # accounts: never on a public page
            )
    return user
