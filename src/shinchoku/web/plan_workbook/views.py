"""The plan workbook pages of the 事務局.

- page: the municipality's plans with their workbook downloads, the blank template, and the upload
  form; a posted file is kept and previewed (every change, or every problem), paginated with
  ``?token=…&file_name=…&page=N`` (recomputed from the kept file)
- template / download: the blank template, a plan's workbook (.xlsx)
- commit: import the previewed file, all or nothing (checked again)
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.ingest.workbook.build import MEDIA_TYPE
from shinchoku.ingest.workbook.storage import UploadExpiredError, discard_upload, load_upload, store_upload
from shinchoku.plans.models import Municipality, Plan
from shinchoku.plans.workbook.apply import import_plan_workbook, preview_plan_workbook
from shinchoku.plans.workbook.document import PlanWorkbookError, Problem
from shinchoku.plans.workbook.export import export_plan_workbook, write_plan_workbook
from shinchoku.plans.workbook.layout import Place
from shinchoku.web.audience import STAFF
from shinchoku.web.plan_workbook.forms import PlanWorkbookCommitForm, PlanWorkbookUploadForm
from shinchoku.web.plan_workbook.selectors import new_round_years, page_context, preview_page
from shinchoku.web.workbook.forms import too_large_form, upload_too_large

TEMPLATE = "web/plan_workbook/page.html"
REFUSAL = "計画の体系ファイルを扱えるのは、すべての計画を担当する事務局だけです。"


def _secretariat(request: HttpRequest) -> tuple[User, Municipality]:
    user = request.user
    assert isinstance(user, User), "the view must be wrapped in login_required"
    # The plan workbook covers every plan of the city: the 事務局 of every plan (not one limited
    # to some plans, see permissions.is_city_secretariat).
    if user.municipality is None or not permissions.is_city_secretariat(user, user.municipality):
        raise PermissionDenied(REFUSAL)
    return user, user.municipality


def _attachment(data: bytes, file_name: str) -> HttpResponse:
    disposition = content_disposition_header(True, file_name)
    return HttpResponse(
        data, content_type=MEDIA_TYPE, headers={"Content-Disposition": disposition or "attachment"}
    )


def _render(request: HttpRequest, municipality: Municipality, **context: Any) -> HttpResponse:
    context.setdefault("form", PlanWorkbookUploadForm())
    return render(request, TEMPLATE, page_context(municipality) | context | {"audience": STAFF})


def _preview(
    request: HttpRequest, user: User, municipality: Municipality, token: str, file_name: str
) -> HttpResponse:
    """The preview of the kept file ``token``: its changes, or every problem that stops it."""
    changes, problems, outcome, years = [], [], None, []
    try:
        outcome = preview_plan_workbook(user, load_upload(token), file_name)
        changes = outcome.changes
        years = new_round_years(outcome)
    except PlanWorkbookError as error:
        problems = error.problems
    except PermissionDenied as error:
        problems = [Problem(Place("計画"), str(error))]
    kept = {"token": token, "file_name": file_name}
    return _render(
        request,
        municipality,
        file_name=file_name,
        outcome=outcome,
        changes=changes,
        problems=problems,
        years=years,
        page=preview_page(changes, problems, request.GET.get("page")),
        pager_query=urlencode(kept),
        commit_form=PlanWorkbookCommitForm(initial=kept),
    )


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    user, municipality = _secretariat(request)
    if request.method == "GET" and "token" in request.GET:
        kept = PlanWorkbookCommitForm(request.GET)
        try:
            if not kept.is_valid():
                raise UploadExpiredError()
            load_upload(kept.cleaned_data["token"])
        except UploadExpiredError as error:
            messages.error(request, str(error))
            return redirect("web:plan_workbook")
        return _preview(
            request, user, municipality, kept.cleaned_data["token"], kept.cleaned_data["file_name"]
        )
    if request.method == "POST" and upload_too_large(request.META.get("CONTENT_LENGTH")):
        return _render(request, municipality, form=too_large_form())
    form = PlanWorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render(request, municipality, form=form)
    file = form.cleaned_data["file"]
    return _preview(request, user, municipality, store_upload(file.read()), file.name)


@require_GET
def template(request: HttpRequest) -> HttpResponse:
    _secretariat(request)
    return _attachment(write_plan_workbook(None), "計画の体系ファイル(テンプレート).xlsx")


@require_GET
def download(request: HttpRequest, plan_id: int) -> HttpResponse:
    user, municipality = _secretariat(request)
    plan = get_object_or_404(
        Plan.objects.select_related("municipality"), pk=plan_id, municipality=municipality
    )
    return _attachment(export_plan_workbook(user, plan), f"{plan.title}_計画の体系.xlsx")


@require_POST
def commit(request: HttpRequest) -> HttpResponse:
    user, municipality = _secretariat(request)
    form = PlanWorkbookCommitForm(request.POST)
    if not form.is_valid():
        messages.error(request, "確認したファイルが分からなくなりました。もう一度アップロードしてください。")
        return redirect("web:plan_workbook")
    token, file_name = form.cleaned_data["token"], form.cleaned_data["file_name"]
    try:
        outcome = import_plan_workbook(
            user, load_upload(token), file_name, publish=form.cleaned_data["publish"]
        )
    except UploadExpiredError as error:
        messages.error(request, str(error))
        return redirect("web:plan_workbook")
    except (PlanWorkbookError, PermissionDenied):
        return _preview(request, user, municipality, token, file_name)
    discard_upload(token)
    total = len(outcome.changes)
    told = f"{total}件の変更を反映しました" if outcome.written else "変更はありませんでした"
    messages.success(request, f"「{file_name}」を取り込みました({told})。")
    return redirect("web:plan_workbook")
