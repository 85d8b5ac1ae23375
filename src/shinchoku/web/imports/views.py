"""The list of import runs, a run's desk (items by kind, each with the place where it is fixed and
a 確認済み form) and the 確認 action. Rules live in :mod:`shinchoku.ingest.review`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from shinchoku.accounts import permissions
from shinchoku.ingest.models import ImportReviewItem, ImportRun
from shinchoku.ingest.review.selectors import desk_groups, managed_runs
from shinchoku.ingest.review.services import (
    NOT_SECRETARIAT,
    ReviewError,
    confirm_review_item,
    detect_fixed_items,
)
from shinchoku.web.rounds.access import render_staff, signed_in


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label="確認メモ(このままでよい理由)", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


def _run(request: HttpRequest, run_id: int) -> ImportRun:
    run = get_object_or_404(ImportRun.objects.select_related("round__plan__municipality"), pk=run_id)
    if not permissions.can_edit_plan(signed_in(request), run.round.plan):
        raise PermissionDenied(NOT_SECRETARIAT)
    return run


def runs(request: HttpRequest) -> HttpResponse:
    """The import runs of the plans the reader edits."""
    user = signed_in(request)
    if not user.is_superuser and not user.is_secretariat:
        raise PermissionDenied(NOT_SECRETARIAT)
    return render_staff(request, "web/imports/runs.html", {"runs": managed_runs(user)})


def _desk_page(
    request: HttpRequest, run: ImportRun, refused: tuple[int, ConfirmForm] | None = None
) -> HttpResponse:
    groups = desk_groups(run)
    for group in groups:
        for item in group.items:
            bound = refused and refused[0] == item.pk
            item.form = refused[1] if bound and refused else ConfirmForm(prefix=f"item{item.pk}")  # type: ignore[attr-defined]
    context = {
        "run": run,
        "plan": run.round.plan,
        "groups": groups,
        "total": sum(len(g.items) for g in groups),
    }
    return render_staff(request, "web/imports/desk.html", context, 400 if refused else 200)


def desk(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run's items by kind. Opening it records the items fixed since the import as fixed (an
    audited service): a correction (正誤) in a published year, a changed field in a year not yet
    published. The write stays on opening: the runs list counts and a re-import read the stored
    statuses."""
    run = _run(request, run_id)
    found = detect_fixed_items(signed_in(request), run.pk)
    if found:
        messages.info(request, f"修正された要確認 {len(found)} 件を「修正済み」にしました。")
    return _desk_page(request, run)


@require_POST
def confirm(request: HttpRequest, item_id: int) -> HttpResponse:
    """確認済み(このままでよい) with a note."""
    item = get_object_or_404(ImportReviewItem, pk=item_id)
    run = _run(request, item.run_id)
    form = ConfirmForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            confirm_review_item(signed_in(request), item.pk, form.cleaned_data["note"])
        except ReviewError as error:
            form.add_error("note", str(error))
        else:
            messages.success(request, f"{item.line}行目の要確認を確認済みにしました。")
            return HttpResponseRedirect(reverse("web:import_desk", args=[run.pk]) + f"#item-{item.pk}")
    return _desk_page(request, run, (item.pk, form))
