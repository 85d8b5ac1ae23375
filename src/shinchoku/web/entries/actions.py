"""The review actions on an entry (所属長の承認, 承認, 差戻し, 承認の取消し), posted from the entry
page and from the 事務局's review list.

Each takes the ``version`` the reviewer saw and an optional ``next`` page on this site to go back
to (the entry page otherwise). A refusal by the workflow (stale version, missing comment) goes back
with the service's Japanese message; a person who may not act gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import (
    WorkflowError,
    approve_entry,
    approve_entry_for_department,
    reopen_entry,
    return_entry,
)
from shinchoku.web.entries.forms import ReopenForm, ReturnForm, ReviewForm
from shinchoku.web.entries.views import entry_label, visible_entry

Service = Callable[..., Entry]


def _back(request: HttpRequest, entry: Entry) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("web:entry", kwargs={"entry_id": entry.pk})


def _act(
    request: HttpRequest, entry_id: int, form_class: type[ReviewForm], service: Service, done: str
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    entry = visible_entry(user, entry_id)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "操作できませんでした。画面を読み込み直してから、もう一度操作してください。")
        return redirect(_back(request, entry))
    arguments: dict[str, Any] = form.service_arguments()
    try:
        service(user, entry.pk, **arguments)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{entry_label(entry)}{done}")
    return redirect(_back(request, entry))


@login_required
@require_POST
def approve_for_department(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _act(request, entry_id, ReviewForm, approve_entry_for_department, "を所属長として承認しました。")


@login_required
@require_POST
def approve(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _act(request, entry_id, ReviewForm, approve_entry, "を承認しました。")


@login_required
@require_POST
def return_(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _act(request, entry_id, ReturnForm, return_entry, "を差し戻しました。担当課に理由が表示されます。")


@login_required
@require_POST
def reopen(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _act(request, entry_id, ReopenForm, reopen_entry, "の承認を取り消し、担当課に戻しました。")
