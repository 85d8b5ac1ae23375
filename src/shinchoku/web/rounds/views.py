"""The 事務局's pages for the rounds of a plan: open a year, the plan's settings, the round page
with its steps and board, and the transitions of the round.

Every view authorises through :mod:`.access`, parses a form, calls one service and redirects with a
Japanese message; a refused form or a refusal of the workflow renders the page again with the
reason beside the control that caused it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from shinchoku.accounts import permissions
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.selectors.quality import open_counts
from shinchoku.evaluations.services import (
    WorkflowError,
    close_round,
    open_round,
    publish_round,
    reopen_round,
    set_deadline,
    start_collecting,
    start_review,
)
from shinchoku.plans.editing.settings import update_plan_settings
from shinchoku.plans.models import Plan
from shinchoku.web.rounds import forms, selectors
from shinchoku.web.rounds.access import SECRETARIAT_ONLY, managed_plan, managed_round, render_staff, signed_in

# --- the rounds of a plan ----------------------------------------------------------------------


def round_management(request: HttpRequest) -> HttpResponse:
    """The header's 年度の進行管理 link: the rounds of the first plan the 事務局 manages (that page
    links to the others), or the list of plans when there is none yet."""
    user = signed_in(request)
    if not user.is_secretariat:
        raise PermissionDenied(SECRETARIAT_ONLY)
    first = permissions.managed_plans(user).first()
    return redirect("web:rounds", plan_id=first.pk) if first else redirect("web:home")


def _rounds_response(
    request: HttpRequest, plan: Plan, *, open_form: forms.OpenRoundForm | None = None, status: int = 200
) -> HttpResponse:
    page = selectors.rounds_page(signed_in(request), plan)
    years = selectors.year_choices(page.open_years)
    if open_form is None:
        open_form = forms.OpenRoundForm(initial={"fiscal_year": page.default_year}, years=years)
    settings = forms.PlanSettingsForm(
        initial={"requires_department_approval": plan.requires_department_approval}
    )
    context = {"plan": plan, "page": page, "open_form": open_form, "settings_form": settings}
    return render_staff(request, "web/rounds/rounds.html", context, status)


def rounds(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _rounds_response(request, managed_plan(request, plan_id))


@require_POST
def round_open(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = managed_plan(request, plan_id)
    years = selectors.year_choices(selectors.rounds_page(signed_in(request), plan).open_years)
    form = forms.OpenRoundForm(request.POST, years=years)
    if form.is_valid():
        try:
            round_ = open_round(signed_in(request), plan.pk, form.cleaned_data["fiscal_year"])
        except WorkflowError as error:
            form.add_error("fiscal_year", str(error))
        else:
            messages.success(
                request,
                f"{round_.fiscal_year_label}の準備ができました。提出期限を決めて照会を始めてください。",
            )
            return redirect("web:round", round_id=round_.pk)
    return _rounds_response(request, plan, open_form=form, status=400)


@require_POST
def plan_settings(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = managed_plan(request, plan_id)
    form = forms.PlanSettingsForm(request.POST)
    form.full_clean()  # a checkbox cannot be invalid: unchecked is False
    on = bool(form.cleaned_data.get("requires_department_approval"))
    update_plan_settings(signed_in(request), plan.pk, requires_department_approval=on)
    messages.success(request, f"設定を保存しました。所属長の承認を{'経ます' if on else '経ません'}。")
    return redirect("web:rounds", plan_id=plan.pk)


# --- the round page ----------------------------------------------------------------------------


def _round_response(
    request: HttpRequest,
    round_: Round,
    *,
    error: str = "",
    status: int = 200,
    bound: dict[str, Form] | None = None,
) -> HttpResponse:
    """The round page; ``bound`` replaces a blank form by the one the reader just sent back."""
    blank: dict[str, Any] = {
        "deadline_form": forms.DeadlineForm(initial={"deadline": round_.deadline}, auto_id="deadline-%s"),
        "start_form": forms.StartCollectingForm(initial={"deadline": round_.deadline}, auto_id="start-%s"),
        "reopen_form": forms.ReopenRoundForm(auto_id="reopen-%s"),
    }
    context = {"page": selectors.round_page(round_), "error": error, "quality": open_counts(round_)}
    context |= blank | (bound or {})
    return render_staff(request, "web/rounds/round.html", context, status)


def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    return _round_response(request, managed_round(request, round_id))


def _with_form(
    request: HttpRequest,
    round_id: int,
    form: Form,
    name: str,
    call: Callable[[dict[str, Any]], Round],
    success: str,
) -> HttpResponse:
    """Validate ``form`` (the page's ``name`` form), then ``call`` the service with its data."""
    round_ = managed_round(request, round_id)
    if not form.is_valid():
        return _round_response(request, round_, status=400, bound={name: form})
    try:
        call(form.cleaned_data)
    except WorkflowError as error:
        return _round_response(request, round_, error=str(error), status=400, bound={name: form})
    messages.success(request, success)
    return redirect("web:round", round_id=round_id)


@require_POST
def round_deadline(request: HttpRequest, round_id: int) -> HttpResponse:
    form = forms.DeadlineForm(request.POST, auto_id="deadline-%s")
    user = signed_in(request)
    return _with_form(
        request,
        round_id,
        form,
        "deadline_form",
        lambda data: set_deadline(user, round_id, deadline=data["deadline"]),
        "提出期限を変更しました。",
    )


@require_POST
def round_start_collecting(request: HttpRequest, round_id: int) -> HttpResponse:
    form = forms.StartCollectingForm(request.POST, auto_id="start-%s")
    user = signed_in(request)
    return _with_form(
        request,
        round_id,
        form,
        "start_form",
        lambda data: start_collecting(user, round_id, deadline=data["deadline"]),
        "照会を始めました。担当課の「自分の担当」に今年度の事業が表示されます。",
    )


@require_POST
def round_reopen(request: HttpRequest, round_id: int) -> HttpResponse:
    form = forms.ReopenRoundForm(request.POST, auto_id="reopen-%s")
    user = signed_in(request)
    return _with_form(
        request,
        round_id,
        form,
        "reopen_form",
        lambda data: reopen_round(user, round_id, reason=data["reason"]),
        "ひとつ前の状態に戻しました。理由は監査記録に残りました。",
    )


def _step(request: HttpRequest, round_id: int, service: Callable[..., Round], success: str) -> HttpResponse:
    """A transition without input (確認に入る, 締め切る, 公表する)."""
    round_ = managed_round(request, round_id)
    try:
        service(signed_in(request), round_.pk)
    except WorkflowError as error:
        return _round_response(request, round_, error=str(error), status=400)
    messages.success(request, success)
    return redirect("web:round", round_id=round_.pk)


@require_POST
def round_start_review(request: HttpRequest, round_id: int) -> HttpResponse:
    return _step(
        request, round_id, start_review, "確認に入りました。差し戻した評価は引き続き担当課が直せます。"
    )


@require_POST
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    return _step(request, round_id, close_round, "締め切りました。評価は変更できなくなりました。")


@require_POST
def round_publish(request: HttpRequest, round_id: int) -> HttpResponse:
    return _step(request, round_id, publish_round, "公表しました。公開サイトと報告書に表示されます。")


# --- the entries to review ---------------------------------------------------------------------


def round_entries(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = managed_round(request, round_id)
    departments = selectors.round_departments(round_)
    form = forms.ReviewFilterForm(request.GET or None, departments=departments)
    department, status = form.filters()
    listing = selectors.review_list(signed_in(request), round_, department=department, status=status)
    context = {"round": round_, "listing": listing, "filter_form": form, "next": request.get_full_path()}
    context["quality"] = open_counts(round_)
    return render_staff(request, "web/rounds/entries.html", context)
