"""The editor's first page: the plan's settings, with links to its scale, departments and tree."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from shinchoku.accounts import permissions
from shinchoku.plans.editing.base import NOT_SECRETARIAT, PlanEditError
from shinchoku.plans.editing.settings import update_plan_settings
from shinchoku.web.plan_editor import selectors
from shinchoku.web.plan_editor.access import edited_plan, refuse_into, render_editor, signed_in
from shinchoku.web.plan_editor.forms import SettingsForm


def plan_editor_home(request: HttpRequest) -> HttpResponse:
    """The header's 計画の編集 link: the editor of the first plan the 事務局 edits (its page links
    to the others), or the list of plans when there is none."""
    user = signed_in(request)
    if not user.is_secretariat:
        raise PermissionDenied(NOT_SECRETARIAT)
    first = permissions.managed_plans(user).first()
    return redirect("web:plan_edit", plan_id=first.pk) if first else redirect("web:home")


def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    form = SettingsForm(request.POST or None, plan=plan, levels_fixed=selectors.has_projects(plan))
    if request.method == "POST" and form.is_valid():
        try:
            update_plan_settings(signed_in(request), plan.pk, **form.cleaned_data)
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, "計画の設定を保存しました。")
            return redirect("web:plan_edit", plan_id=plan.pk)
    others = (
        permissions.managed_plans(signed_in(request))
        .filter(municipality_id=plan.municipality_id)
        .exclude(pk=plan.pk)
    )
    status = 400 if form.errors else 200
    plan.refresh_from_db()  # the page shows what is stored, the form what was typed
    return render_editor(request, "settings.html", plan, {"form": form, "other_plans": others}, status)
