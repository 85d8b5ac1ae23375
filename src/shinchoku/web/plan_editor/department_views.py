"""The editor's departments page (the list, adding one) and a department's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.departments import (
    add_department,
    department_version,
    move_department,
    remove_department,
    update_department,
)
from shinchoku.plans.models import Department, Plan
from shinchoku.web.plan_editor import selectors
from shinchoku.web.plan_editor.access import back_to, edited_plan, refuse_into, render_editor, signed_in
from shinchoku.web.plan_editor.forms import DepartmentEditForm, DepartmentForm


def _departments_page(
    request: HttpRequest, plan: Plan, form: DepartmentForm, error: str = ""
) -> HttpResponse:
    context = {"departments": selectors.departments_with_use(plan), "form": form, "error": error}
    return render_editor(request, "departments.html", plan, context, 400 if form.errors or error else 200)


def departments(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The municipality's departments in order; POST adds one at the end."""
    plan = edited_plan(request, plan_id)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = add_department(signed_in(request), plan.pk, **form.cleaned_data)
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"「{added.name}」を追加しました。")
            return back_to("plan_edit_departments", plan_id=plan.pk)
    return _departments_page(request, plan, form)


def department(request: HttpRequest, plan_id: int, department_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    stored = get_object_or_404(Department, pk=department_id, municipality_id=plan.municipality_id)
    initial = {
        "name": stored.name,
        "kind": stored.kind,
        "email": stored.email,
        "extension": stored.extension,
        "seen": department_version(stored),
    }
    form = DepartmentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_department(signed_in(request), plan.pk, stored.pk, **form.cleaned_data)
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"「{form.cleaned_data['name']}」を保存しました。")
            return back_to("plan_edit_departments", plan_id=plan.pk)
    context = {"department": stored, "form": form}
    return render_editor(request, "department.html", plan, context, 400 if form.errors else 200)


@require_POST
def department_move(request: HttpRequest, plan_id: int, department_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    try:
        move_department(signed_in(request), plan.pk, department_id, request.POST.get("direction", ""))
    except PlanEditError as error:
        return _departments_page(request, plan, DepartmentForm(), str(error))
    return back_to("plan_edit_departments", plan_id=plan.pk)


@require_POST
def department_remove(request: HttpRequest, plan_id: int, department_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    try:
        remove_department(signed_in(request), plan.pk, department_id)
    except PlanEditError as error:
        return _departments_page(request, plan, DepartmentForm(), str(error))
    messages.success(request, "担当課を削除しました。")
    return back_to("plan_edit_departments", plan_id=plan.pk)
