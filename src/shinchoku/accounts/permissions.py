"""Who may see and change what: every visibility and permission rule lives in this module.

Visitors who are not signed in, and staff of other municipalities, see published rounds only.
Staff of the plan's municipality also see rounds that are still being prepared, collected or
reviewed.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Municipality, Plan


def is_staff_of(user: User | AnonymousUser, municipality: Municipality) -> bool:
    """True when ``user`` is signed in as a member of ``municipality`` (or is a superuser)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.municipality_id == municipality.pk


def visible_rounds(user: User | AnonymousUser, plan: Plan) -> QuerySet[Round]:
    """The rounds of ``plan`` that ``user`` may read, newest first."""
    rounds = Round.objects.filter(plan=plan).order_by("-fiscal_year")
    if is_staff_of(user, plan.municipality):
        return rounds
    return rounds.filter(state=Round.State.PUBLISHED)


def can_import(user: User | AnonymousUser | None, municipality: Municipality | None) -> bool:
    """Importing a report rewrites published data: the command line (None) or the municipality's
    superusers and staff administrators only."""
    if user is None:
        return True
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and municipality is not None and user.municipality_id == municipality.pk
