"""Loading the plan (and the item of it) an editor page is about, refusing people who may not
edit it (403) before anything else is read, and rendering the editor's pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from shinchoku.accounts import permissions
from shinchoku.plans.editing.base import NOT_SECRETARIAT, PlanEditError
from shinchoku.plans.models import Plan
from shinchoku.web.rounds.access import render_staff, signed_in

__all__ = ["back_to", "edited_plan", "refuse_into", "render_editor", "signed_in"]


def edited_plan(request: HttpRequest, plan_id: int) -> Plan:
    """The plan ``plan_id`` (404), when the reader may edit it (403 otherwise)."""
    plan = get_object_or_404(Plan.objects.select_related("municipality", "rating_scale"), pk=plan_id)
    if not permissions.can_edit_plan(signed_in(request), plan):
        raise PermissionDenied(NOT_SECRETARIAT)
    return plan


# The parts of the editor, each a page of the plan (see plan_editor/includes/sections.html).
SECTIONS = [
    ("web:plan_edit", "計画の設定"),
    ("web:plan_edit_scale", "評価基準"),
    ("web:plan_edit_departments", "担当課"),
    ("web:plan_edit_tree", "計画の体系"),
]


def render_editor(
    request: HttpRequest, template: str, plan: Plan, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    extra = {"plan": plan, "editor_sections": SECTIONS}
    return render_staff(request, f"web/plan_editor/{template}", extra | context, status)


def refuse_into(form: Form, error: PlanEditError) -> None:
    """Show a service's refusal on ``form``: beside its field when the form has it, else on top."""
    form.add_error(error.field if error.field in form.fields else None, str(error))


def back_to(name: str, **kwargs: int) -> HttpResponse:
    """Where a saved change leads: the editor page ``name`` (of the web namespace)."""
    return HttpResponseRedirect(reverse(f"web:{name}", kwargs=kwargs))
