"""The Excel round-trip pages of a department in a round (editors of the department and the 事務局).

- download: the pre-filled workbook (.xlsx)
- upload: choose a file → the preview of every change, conflict and problem, with a 反映する button
  when the file can be stored; the preview is paginated (``?token=…&page=N`` recomputes it from
  the kept file)
- commit: store the previewed file, all rows or none
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
from shinchoku.evaluations.models import Round
from shinchoku.ingest.workbook.build import MEDIA_TYPE, department_workbook, workbook_file_name
from shinchoku.ingest.workbook.commit import WorkbookRejectedError, commit_workbook
from shinchoku.ingest.workbook.preview import WorkbookPreview
from shinchoku.ingest.workbook.storage import UploadExpiredError
from shinchoku.ingest.workbook.upload import REFUSAL, receive_workbook, review_kept_workbook
from shinchoku.plans.models import Department
from shinchoku.web.audience import STAFF
from shinchoku.web.workbook.forms import (
    WorkbookCommitForm,
    WorkbookUploadForm,
    too_large_form,
    upload_too_large,
)
from shinchoku.web.workbook.selectors import preview_page, upload_page_context

TEMPLATE = "web/workbook/upload.html"


def _target(request: HttpRequest, round_id: int, department_id: int) -> tuple[User, Round, Department]:
    """The signed-in user, the round and the department (404), if the user may use its workbook (403)."""
    assert isinstance(request.user, User), "the view must be wrapped in login_required"
    round_ = get_object_or_404(Round.objects.select_related("plan__municipality"), pk=round_id)
    department = get_object_or_404(Department, pk=department_id, municipality_id=round_.plan.municipality_id)
    if not permissions.can_use_workbook(request.user, round_, department):
        raise PermissionDenied(REFUSAL)
    return request.user, round_, department


def _render(request: HttpRequest, round_: Round, department: Department, **context: Any) -> HttpResponse:
    page = upload_page_context(round_, department)
    return render(request, TEMPLATE, page | context | {"audience": STAFF})


@require_GET
def download(request: HttpRequest, round_id: int, department_id: int) -> HttpResponse:
    user, round_, department = _target(request, round_id, department_id)
    disposition = content_disposition_header(True, workbook_file_name(round_, department))
    return HttpResponse(
        department_workbook(user, round_, department),
        content_type=MEDIA_TYPE,
        headers={"Content-Disposition": disposition or "attachment"},
    )


def _preview_page(
    request: HttpRequest, round_: Round, department: Department, preview: WorkbookPreview, **kept: str
) -> HttpResponse:
    """The page of ``preview`` asked for by ``?page=``; ``kept`` is the token and file name that
    the other pages and the 反映する button send back."""
    return _render(
        request,
        round_,
        department,
        form=WorkbookUploadForm(),
        preview=preview,
        page=preview_page(preview, request.GET.get("page")),
        pager_query=urlencode(kept),
        commit_form=WorkbookCommitForm(initial=kept),
    )


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, round_id: int, department_id: int) -> HttpResponse:
    user, round_, department = _target(request, round_id, department_id)
    if request.method == "GET" and "token" in request.GET:
        return _kept(request, user, round_, department)
    if request.method == "POST" and upload_too_large(request.META.get("CONTENT_LENGTH")):
        return _render(request, round_, department, form=too_large_form())
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render(request, round_, department, form=form)
    file = form.cleaned_data["file"]
    received = receive_workbook(user, round_, department, data=file.read(), file_name=file.name)
    return _preview_page(
        request, round_, department, received.preview, token=received.token, file_name=file.name
    )


def _kept(request: HttpRequest, user: User, round_: Round, department: Department) -> HttpResponse:
    """Another page of the preview of a kept upload, computed again from the kept file."""
    kept = WorkbookCommitForm(request.GET)
    try:
        if not kept.is_valid():
            raise UploadExpiredError()
        token, file_name = kept.cleaned_data["token"], kept.cleaned_data["file_name"]
        preview = review_kept_workbook(user, round_, department, token=token, file_name=file_name)
    except UploadExpiredError as error:
        messages.error(request, str(error))
        return redirect("web:workbook_upload", round_id=round_.pk, department_id=department.pk)
    return _preview_page(request, round_, department, preview, token=token, file_name=file_name)


@require_POST
def commit(request: HttpRequest, round_id: int, department_id: int) -> HttpResponse:
    user, round_, department = _target(request, round_id, department_id)
    form = WorkbookCommitForm(request.POST)
    if not form.is_valid():
        messages.error(request, "確認したファイルが分からなくなりました。もう一度アップロードしてください。")
        return redirect("web:workbook_upload", round_id=round_.pk, department_id=department.pk)
    file_name = form.cleaned_data["file_name"]
    try:
        run = commit_workbook(user, round_, department, token=form.cleaned_data["token"], file_name=file_name)
    except WorkbookRejectedError as rejected:
        preview = rejected.preview
        return _render(
            request,
            round_,
            department,
            form=WorkbookUploadForm(),
            preview=preview,
            page=preview_page(preview, None),
            rejected=True,
        )
    except UploadExpiredError as error:
        messages.error(request, str(error))
        return redirect("web:workbook_upload", round_id=round_.pk, department_id=department.pk)
    counts = run.counts
    messages.success(
        request,
        f"「{file_name}」を反映しました(保存 {counts['saved']}件、提出 {counts['submitted']}件"
        f"{'、指標の実績値 ' + str(counts['actuals']) + '件' if counts.get('actuals') else ''})。",
    )
    return redirect("web:workbook_upload", round_id=round_.pk, department_id=department.pk)
