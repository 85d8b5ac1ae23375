"""Loading what a round page is about, and refusing people who may not use it (403) before
anything else is read. Every rule comes from :mod:`shinchoku.accounts.permissions`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Plan
from shinchoku.web.audience import STAFF

SECRETARIAT_ONLY = "年度の進行管理は事務局だけが使えます。"


def signed_in(request: HttpRequest) -> User:
    """The user of a request that ``login_required`` let through."""
    assert isinstance(request.user, User), "the view must be wrapped in login_required"
    return request.user


def managed_plan(request: HttpRequest, plan_id: int) -> Plan:
    """The plan ``plan_id`` (404), when the reader manages its rounds (403 otherwise)."""
    plan = get_object_or_404(Plan.objects.select_related("municipality"), pk=plan_id)
    if not permissions.can_manage_rounds(signed_in(request), plan):
        raise PermissionDenied(SECRETARIAT_ONLY)
    return plan


def _round(round_id: int) -> Round:
    rounds = Round.objects.select_related("plan__municipality", "plan__rating_scale")
    return get_object_or_404(rounds, pk=round_id)


def managed_round(request: HttpRequest, round_id: int) -> Round:
    """The round ``round_id`` (404), when the reader manages its plan's rounds (403 otherwise)."""
    round_ = _round(round_id)
    if not permissions.can_manage_rounds(signed_in(request), round_.plan):
        raise PermissionDenied(SECRETARIAT_ONLY)
    return round_


def readable_round(request: HttpRequest, round_id: int) -> Round:
    """The round ``round_id`` for the staff of its municipality (403 for anyone else)."""
    round_ = _round(round_id)
    if not permissions.is_staff_of(signed_in(request), round_.plan.municipality_id):
        raise PermissionDenied("この年度の委員意見は、この自治体の職員と委員だけが読めます。")
    return round_


def render_staff(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, context | {"audience": STAFF}, status=status)
