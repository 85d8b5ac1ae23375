"""The 事務局's bulk registration of staff from a sheet (利用者の管理 → 一括登録).

- template: the blank .xlsx with its 説明 sheet
- upload: choose a file → the preview of every row (新規 / 変更なし / エラー), with a 登録する
  button when every row can be registered
- commit: register every new row or none, and answer with the printable list of one-time
  passwords, shown this once (the answer is not cached and not kept anywhere)
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.ingest.staff_sheet import template
from shinchoku.ingest.staff_sheet.layout import COLUMNS
from shinchoku.ingest.staff_sheet.register import (
    REFUSAL,
    StaffSheetRejectedError,
    receive_staff_sheet,
    register_staff,
)
from shinchoku.ingest.workbook.limits import LIMITS_TEXT
from shinchoku.ingest.workbook.storage import UploadExpiredError
from shinchoku.web.accounts.forms import StaffSheetUploadForm
from shinchoku.web.audience import STAFF
from shinchoku.web.workbook.forms import TOO_LARGE, WorkbookCommitForm, upload_too_large


def _manager(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User), "the view must be wrapped in login_required"
    if user.municipality_id is None or not permissions.can_manage_users(user, user.municipality_id):
        raise PermissionDenied(REFUSAL)
    return user


def _render(request: HttpRequest, template_name: str, **context: Any) -> HttpResponse:
    base = {"audience": STAFF, "municipality": _manager(request).municipality, "limits": LIMITS_TEXT}
    response = render(request, f"web/accounts/{template_name}", base | {"columns": COLUMNS} | context)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def download_template(request: HttpRequest) -> HttpResponse:
    municipality = _manager(request).municipality
    assert municipality is not None
    disposition = content_disposition_header(True, template.file_name(municipality))
    return HttpResponse(
        template.staff_sheet_template(municipality),
        content_type=template.MEDIA_TYPE,
        headers={"Content-Disposition": disposition or "attachment"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    manager = _manager(request)
    if request.method == "POST" and upload_too_large(request.META.get("CONTENT_LENGTH")):
        form = StaffSheetUploadForm(data={})
        form.full_clean()
        form.errors["file"] = form.error_class([TOO_LARGE])
        return _render(request, "staff_sheet.html", form=form)
    form = StaffSheetUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render(request, "staff_sheet.html", form=form)
    file = form.cleaned_data["file"]
    received = receive_staff_sheet(manager, data=file.read(), file_name=file.name)
    commit_form = WorkbookCommitForm(initial={"token": received.token, "file_name": file.name})
    return _render(
        request,
        "staff_sheet.html",
        form=StaffSheetUploadForm(),
        preview=received.preview,
        commit_form=commit_form,
    )


@require_POST
@login_required
def commit(request: HttpRequest) -> HttpResponse:
    manager = _manager(request)
    form = WorkbookCommitForm(request.POST)
    try:
        if not form.is_valid():
            raise UploadExpiredError()
        issued = register_staff(
            manager, token=form.cleaned_data["token"], file_name=form.cleaned_data["file_name"]
        )
    except UploadExpiredError as error:
        messages.error(request, str(error))
        return redirect("web:staff_sheet_upload")
    except StaffSheetRejectedError as rejected:
        return _render(
            request, "staff_sheet.html", form=StaffSheetUploadForm(), preview=rejected.preview, rejected=True
        )
    return _render(request, "staff_passwords.html", issued=issued, file_name=form.cleaned_data["file_name"])
