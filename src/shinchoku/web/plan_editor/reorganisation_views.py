"""The reorganisation pages (組織改編) of the plan editor, reached from its 担当課 pages: rename a
department from a year, merge, split, retire. Each form leads to a preview of what moves; the
preview's button applies it, checked against what the preview showed (its version)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.editing import reorganisation as services
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.reorganisation_moves import code_key
from shinchoku.plans.editing.reorganisation_steps import Reorganisation
from shinchoku.plans.models import Department, Plan, PlanNode
from shinchoku.web.plan_editor.access import back_to, edited_plan, refuse_into, render_editor, signed_in
from shinchoku.web.plan_editor.reorganisation_forms import MergeForm, RenameForm, RetireForm, SplitForm

# What the preview page's form sends back besides the typed values.
NOT_CARRIED = {"csrfmiddlewaretoken", "seen", "confirm"}


def _hidden(request: HttpRequest, version: str) -> list[tuple[str, str]]:
    """The typed values as hidden fields of the preview's form, with the preview's version."""
    carried = [
        (key, value) for key, values in request.POST.lists() if key not in NOT_CARRIED for value in values
    ]
    return [*carried, ("seen", version)]


def _reorganise(
    request: HttpRequest,
    plan: Plan,
    form: Any,
    *,
    template: str,
    context: dict[str, Any],
    preview: Callable[[], Reorganisation],
    commit: Callable[[str], object],
    title: str,
) -> HttpResponse:
    """The form page; a valid POST shows the preview, the preview's POST (``confirm``) applies it."""
    if request.method == "POST" and form.is_valid():
        try:
            if "confirm" in request.POST:
                commit(form.cleaned_data["seen"])
                messages.success(request, f"{title}を反映しました。")
                return back_to("plan_edit_departments", plan_id=plan.pk)
            shown = preview()
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            page = {"preview": shown, "hidden": _hidden(request, shown.version), "title": title}
            return render_editor(request, "reorganisation_preview.html", plan, page)
    page = context | {"form": form, "title": title}
    return render_editor(request, template, plan, page, 400 if form.errors else 200)


def _department(plan: Plan, department_id: int) -> Department:
    return get_object_or_404(Department, pk=department_id, municipality_id=plan.municipality_id)


def department_rename(request: HttpRequest, plan_id: int, department_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    department = _department(plan, department_id)
    form = RenameForm(request.POST or None)
    actor = signed_in(request)

    def arguments() -> dict[str, Any]:
        return {"name": form.cleaned_data["name"], "from_year": form.cleaned_data["from_year"]}

    return _reorganise(
        request,
        plan,
        form,
        template="department_rename.html",
        context={"department": department, "changes": department.name_changes.order_by("fiscal_year")},
        preview=lambda: services.preview_rename(actor, plan.pk, department.pk, **arguments()),
        commit=lambda seen: services.rename_department(
            actor, plan.pk, department.pk, seen=seen, **arguments()
        ),
        title=f"「{department.name}」の名称変更",
    )


def department_retire(request: HttpRequest, plan_id: int, department_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    department = _department(plan, department_id)
    form = RetireForm(request.POST or None)
    actor = signed_in(request)

    def year() -> int:
        return int(form.cleaned_data["from_year"])

    return _reorganise(
        request,
        plan,
        form,
        template="department_retire.html",
        context={"department": department},
        preview=lambda: services.preview_retire(actor, plan.pk, department.pk, from_year=year()),
        commit=lambda seen: services.retire_department(
            actor, plan.pk, department.pk, from_year=year(), seen=seen
        ),
        title=f"「{department.name}」の廃止",
    )


def departments_merge(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    active = list(
        Department.objects.filter(municipality_id=plan.municipality_id, retired_from_year__isnull=True)
    )
    form = MergeForm(request.POST or None, departments=active)
    actor = signed_in(request)
    return _reorganise(
        request,
        plan,
        form,
        template="departments_merge.html",
        context={},
        preview=lambda: services.preview_merge(actor, plan.pk, **form.arguments()),
        commit=lambda seen: services.merge_departments(actor, plan.pk, seen=seen, **form.arguments()),
        title="担当課の統合",
    )


def _split_choices(department: Department) -> tuple[list[PlanNode], list[tuple[int, str]]]:
    """The projects the split must place (those the department owns and those of its entries not
    yet published) and its members."""
    unpublished = Entry.objects.filter(department=department).exclude(round__state=Round.State.PUBLISHED)
    projects = PlanNode.objects.filter(ownerships__department=department) | PlanNode.objects.filter(
        pk__in=unpublished.values("project_id")
    )
    ordered = sorted(
        projects.distinct().select_related("plan"),
        key=lambda project: (project.plan.title, project.plan_id, code_key(project.code)),
    )
    members = [(user.pk, str(user)) for user in department.members.order_by("username")]
    return ordered, members


def department_split(request: HttpRequest, plan_id: int, department_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    department = _department(plan, department_id)
    projects, members = _split_choices(department)
    form = SplitForm(request.POST or None, projects=projects, members=members)
    actor = signed_in(request)
    return _reorganise(
        request,
        plan,
        form,
        template="department_split.html",
        context={"department": department},
        preview=lambda: services.preview_split(actor, plan.pk, department.pk, **form.arguments()),
        commit=lambda seen: services.split_department(
            actor, plan.pk, department.pk, seen=seen, **form.arguments()
        ),
        title=f"「{department.name}」の分割",
    )
