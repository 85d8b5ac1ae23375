"""まとめて承認 / まとめて差戻し from the round's list of entries: one form, a page of results.

The view parses the form, calls :func:`review_entries` (which acts on each entry through the
single-entry services) and renders what happened to each entry, the refused ones with their reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from shinchoku.evaluations.services import WorkflowError
from shinchoku.evaluations.services.bulk_review import BulkAction, review_entries
from shinchoku.web.rounds.access import managed_round, render_staff, signed_in
from shinchoku.web.rounds.forms import BulkReviewForm


def _back(request: HttpRequest, round_id: int) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("web:round_entries", kwargs={"round_id": round_id})


@require_POST
def round_entries_bulk(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = managed_round(request, round_id)
    back = _back(request, round_.pk)
    form = BulkReviewForm(request.POST)
    if not form.is_valid():
        errors = " ".join(str(error) for error in form.non_field_errors())
        messages.error(request, errors or "操作を選んでからもう一度送ってください。")
        return redirect(back)
    action = BulkAction(form.cleaned_data["action"])
    try:
        outcomes = review_entries(
            signed_in(request),
            round_.pk,
            action=action,
            versions=form.targets(),
            comment=form.cleaned_data["comment"],
        )
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(back)
    done = [outcome for outcome in outcomes if outcome.done]
    refused = [outcome for outcome in outcomes if not outcome.done]
    context = {"round": round_, "action": action, "done": done, "refused": refused, "back": back}
    return render_staff(request, "web/rounds/bulk_result.html", context)
