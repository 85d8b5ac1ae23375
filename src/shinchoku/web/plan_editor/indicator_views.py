"""Adding an indicator from a node's page, and an indicator's page: its fields, its interim
targets per fiscal year of the plan, removing it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from shinchoku.core import fiscal_year as fy
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.indicators import (
    add_indicator,
    remove_indicator,
    set_indicator_targets,
    update_indicator,
)
from shinchoku.plans.models import Indicator, Plan, PlanNode
from shinchoku.web.plan_editor import selectors, tree_views
from shinchoku.web.plan_editor.access import back_to, edited_plan, refuse_into, render_editor, signed_in
from shinchoku.web.plan_editor.forms import IndicatorEditForm, IndicatorForm, TargetsForm


@require_POST
def indicator_add(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    """Add an indicator to a node (the form is on the node's page)."""
    plan = edited_plan(request, plan_id)
    node = get_object_or_404(PlanNode, pk=node_id, plan=plan)
    form = IndicatorForm(request.POST, prefix="indicator")
    if form.is_valid():
        try:
            indicator = add_indicator(signed_in(request), plan.pk, node.pk, form.fields_given())
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"指標「{indicator.label}」を追加しました。")
            return back_to("plan_edit_indicator", plan_id=plan.pk, indicator_id=indicator.pk)
    return tree_views.node_page_with(request, plan, node.pk, {"indicator_form": form})


def _targets_form(plan: Plan, indicator: Indicator, data: Any = None) -> TargetsForm:
    years = [
        (year, fy.format_wareki(year)) for year in range(plan.first_fiscal_year, plan.last_fiscal_year + 1)
    ]
    current = {target.fiscal_year: target.value for target in indicator.interim_targets.all()}
    return TargetsForm(data, prefix="targets", years=years, current=current)


def _indicator_page(
    request: HttpRequest,
    plan: Plan,
    indicator: Indicator,
    bound: dict[str, Form] | None = None,
    error: str = "",
) -> HttpResponse:
    indicator.node.plan = plan
    context: dict[str, Any] = {
        "indicator": indicator,
        "node": indicator.node,
        "ancestors": selectors.ancestors(indicator.node),
        "form": IndicatorForm.of(indicator),
        "targets_form": _targets_form(plan, indicator),
        "error": error,
    } | (bound or {})
    invalid = error or any(form.errors for form in (bound or {}).values())
    return render_editor(request, "indicator.html", plan, context, 400 if invalid else 200)


def _indicator(plan: Plan, indicator_id: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("node__parent"), pk=indicator_id, node__plan=plan
    )


def indicator_detail(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    """The indicator's page; POST saves its fields."""
    plan = edited_plan(request, plan_id)
    indicator = _indicator(plan, indicator_id)
    if request.method != "POST":
        return _indicator_page(request, plan, indicator)
    form = IndicatorEditForm(request.POST)
    if form.is_valid():
        try:
            seen = form.cleaned_data["seen"]
            update_indicator(signed_in(request), plan.pk, indicator.pk, form.fields_given(), seen=seen)
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"指標「{form.cleaned_data['label']}」を保存しました。")
            return back_to("plan_edit_indicator", plan_id=plan.pk, indicator_id=indicator.pk)
    return _indicator_page(request, plan, indicator, {"form": form})


@require_POST
def indicator_targets(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    indicator = _indicator(plan, indicator_id)
    form = _targets_form(plan, indicator, request.POST)
    if form.is_valid():
        try:
            set_indicator_targets(signed_in(request), plan.pk, indicator.pk, form.targets())
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, "年度別の目標値を保存しました。")
            return back_to("plan_edit_indicator", plan_id=plan.pk, indicator_id=indicator.pk)
    return _indicator_page(request, plan, indicator, {"targets_form": form})


@require_POST
def indicator_remove(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    indicator = _indicator(plan, indicator_id)
    try:
        remove_indicator(signed_in(request), plan.pk, indicator.pk)
    except PlanEditError as error:
        return _indicator_page(request, plan, indicator, error=str(error))
    messages.success(request, f"指標「{indicator.label}」を削除しました。")
    return back_to("plan_edit_node", plan_id=plan.pk, node_id=indicator.node_id)
