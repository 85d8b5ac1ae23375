"""The editor's rating scale page (the codes, adding one) and a code's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.scale import (
    add_rating_code,
    move_rating_code,
    remove_rating_code,
    update_rating_code,
)
from shinchoku.plans.models import Plan, RatingCode
from shinchoku.web.plan_editor import selectors
from shinchoku.web.plan_editor.access import back_to, edited_plan, refuse_into, render_editor, signed_in
from shinchoku.web.plan_editor.forms import RatingCodeForm


def _scale_page(request: HttpRequest, plan: Plan, form: RatingCodeForm, error: str = "") -> HttpResponse:
    context = {"codes": selectors.codes_with_use(plan), "form": form, "error": error}
    return render_editor(request, "scale.html", plan, context, 400 if form.errors or error else 200)


def scale(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The codes best first; POST adds one at the end."""
    plan = edited_plan(request, plan_id)
    form = RatingCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = add_rating_code(signed_in(request), plan.pk, **form.cleaned_data)
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"記号「{code.code}」を追加しました。順位は「上へ」で変えられます。")
            return back_to("plan_edit_scale", plan_id=plan.pk)
    return _scale_page(request, plan, form)


def rating_code(request: HttpRequest, plan_id: int, code_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    code = get_object_or_404(RatingCode, pk=code_id, scale_id=plan.rating_scale_id)
    initial = {
        "code": code.code,
        "label": code.label,
        "definition": code.definition,
        "is_rating": code.is_rating,
    }
    form = RatingCodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_rating_code(signed_in(request), plan.pk, code.pk, **form.cleaned_data)
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"記号「{form.cleaned_data['code']}」を保存しました。")
            return back_to("plan_edit_scale", plan_id=plan.pk)
    context = {"code": code, "form": form}
    return render_editor(request, "rating_code.html", plan, context, 400 if form.errors else 200)


@require_POST
def rating_code_move(request: HttpRequest, plan_id: int, code_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    try:
        move_rating_code(signed_in(request), plan.pk, code_id, request.POST.get("direction", ""))
    except PlanEditError as error:
        return _scale_page(request, plan, RatingCodeForm(), str(error))
    return back_to("plan_edit_scale", plan_id=plan.pk)


@require_POST
def rating_code_remove(request: HttpRequest, plan_id: int, code_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    try:
        remove_rating_code(signed_in(request), plan.pk, code_id)
    except PlanEditError as error:
        return _scale_page(request, plan, RatingCodeForm(), str(error))
    messages.success(request, "記号を削除しました。")
    return back_to("plan_edit_scale", plan_id=plan.pk)
