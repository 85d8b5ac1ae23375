"""The department's pages of the yearly round: what I have to do, one entry, its history.

Views only authorise, parse, call one service and render; an entry the reader may not see is a
404, an action they may not take a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryValidationError, StaleRecordError, save_entry_with_actuals
from shinchoku.web.audience import STAFF
from shinchoku.web.entries import selectors
from shinchoku.web.entries.back import back_link
from shinchoku.web.entries.findings import findings_panel
from shinchoku.web.entries.forms import EntryForm
from shinchoku.web.entries.history import entry_history, stale_saves


def visible_entry(user: User, entry_id: int) -> Entry:
    """The entry, or 404 when it does not exist or ``user`` may not see it (another department's
    draft is not even acknowledged)."""
    entry = selectors.entry_for_page(entry_id)
    if entry is None or not permissions.can_view_entry(user, entry):
        raise Http404("この評価は表示できません。")
    return entry


def entry_label(entry: Entry) -> str:
    return f"「{entry.project.code} {entry.project.display_title}」({entry.department.name})"


@login_required
@require_GET
def my_entries(request: HttpRequest) -> HttpResponse:
    page = selectors.my_entries_page(request.user)  # type: ignore[arg-type]
    return render(request, "web/entries/my_entries.html", {"audience": STAFF, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    entry = visible_entry(user, entry_id)
    page = selectors.entry_page(user, entry)
    form = EntryForm(request.POST if request.method == "POST" else None, page=page)
    stale: StaleRecordError | None = None
    if form.is_bound and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            save_entry_with_actuals(
                user,
                entry.pk,
                version=form.cleaned_data["version"],
                draft=form.draft(),
                actuals=form.changed_actuals(),
                submit=submit,
            )
        except StaleRecordError as error:
            form, stale = form.with_version(error.current_version), error
        except EntryValidationError as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(request, f"{entry_label(entry)}を{'提出' if submit else '下書き保存'}しました。")
            return redirect("web:entry", entry_id=entry.pk)
    saves = stale_saves(stale) if stale else []
    context = {
        "audience": STAFF,
        "page": page,
        "form": form,
        "stale": stale,
        "stale_saves": saves,
        "can_view_history": permissions.can_view_history(user, entry),
        # A published entry is corrected (正誤) by the 事務局, never edited.
        "can_correct": entry.round.is_published and permissions.can_manage_rounds(user, entry.round.plan),
        "findings": findings_panel(user, entry),
        "back": back_link(request, user, entry),
    }
    return render(request, "web/entries/entry.html", context)


@login_required
@require_GET
def entry_history_page(request: HttpRequest, entry_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    entry = visible_entry(user, entry_id)
    if not permissions.can_view_history(user, entry):
        # The entry's text may be public; its drafts and the staff's names are not.
        raise PermissionDenied(
            "この評価の変更履歴(下書きや差戻しの理由)は、事務局と担当課の職員だけが見られます。"
        )
    context = {"audience": STAFF, "entry": entry, "items": entry_history(entry)}
    return render(request, "web/entries/history.html", context)
