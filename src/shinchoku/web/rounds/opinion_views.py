"""委員意見と市の考え方: committee members add opinions per 施策, the 事務局 writes the city's
response to each; every other member of staff reads them.

A response refused because somebody else saved first (optimistic locking) is shown again with the
reader's own text, the newer version and what the other person changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import CommitteeOpinion, Round
from shinchoku.evaluations.services import (
    EntryValidationError,
    OtherSave,
    StaleRecordError,
    respond_to_opinion,
    write_opinion,
)
from shinchoku.plans.models import PlanNode
from shinchoku.web.rounds import forms
from shinchoku.web.rounds.access import readable_round, render_staff, signed_in
from shinchoku.web.rounds.policy_selectors import OpinionGroup, opinion_groups, opinion_rounds


@dataclass(frozen=True)
class SentBack:
    """A form the reader just sent that could not be stored, shown again in place of the blank
    one; ``anchor`` names its place on the page (``policy-<node id>`` or ``opinion-<id>``)."""

    anchor: str
    form: Form
    saves: Sequence[OtherSave] = ()


@dataclass(frozen=True)
class OpinionItem:
    """An opinion with the response form the reader may fill (None: read only)."""

    opinion: CommitteeOpinion
    form: Form | None
    saves: Sequence[OtherSave] = ()


@dataclass(frozen=True)
class PolicyBlock:
    """A 施策 with the opinion form the reader may fill (None: read only) and its opinions."""

    group: OpinionGroup
    form: Form | None
    items: list[OpinionItem] = field(default_factory=list)


def _blocks(user: User, round_: Round, sent: SentBack | None) -> list[PolicyBlock]:
    """Every 施策 with its opinions and the blank forms ``user`` may fill (or the one ``sent``)."""
    may_write = permissions.can_write_opinion(user, round_)
    may_respond = permissions.can_respond_to_opinion(user, round_)

    def again(anchor: str) -> SentBack | None:
        return sent if sent is not None and sent.anchor == anchor else None

    blocks = []
    for group in opinion_groups(round_):
        items = []
        for opinion in group.opinions:
            if (resent := again(f"opinion-{opinion.pk}")) is not None:
                items.append(OpinionItem(opinion, resent.form, resent.saves))
            elif may_respond:
                initial = {"response": opinion.response, "version": opinion.version}
                blank = forms.OpinionResponseForm(initial=initial, auto_id=f"response-{opinion.pk}-%s")
                items.append(OpinionItem(opinion, blank))
            else:
                items.append(OpinionItem(opinion, None))
        resent = again(f"policy-{group.policy.pk}")
        write = resent.form if resent else forms.OpinionForm(auto_id=f"opinion-{group.policy.pk}-%s")
        blocks.append(PolicyBlock(group, write if may_write else None, items))
    return blocks


def _opinions_response(
    request: HttpRequest, round_: Round, sent: SentBack | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in(request)
    context = {
        "round": round_,
        "blocks": _blocks(user, round_, sent),
        "can_write": permissions.can_write_opinion(user, round_),
        "can_respond": permissions.can_respond_to_opinion(user, round_),
    }
    return render_staff(request, "web/rounds/opinions.html", context, status)


def opinions(request: HttpRequest, round_id: int) -> HttpResponse:
    return _opinions_response(request, readable_round(request, round_id))


def _back_to(round_: Round, anchor: str) -> HttpResponse:
    return redirect(reverse("web:opinions", kwargs={"round_id": round_.pk}) + f"#{anchor}")


@require_POST
def opinion_write(request: HttpRequest, round_id: int, node_id: int) -> HttpResponse:
    round_ = readable_round(request, round_id)
    node = get_object_or_404(PlanNode, pk=node_id, plan=round_.plan)
    form = forms.OpinionForm(request.POST, auto_id=f"opinion-{node.pk}-%s")
    if form.is_valid():
        try:
            write_opinion(signed_in(request), round_.pk, node.pk, opinion=form.cleaned_data["opinion"])
        except EntryValidationError as error:
            form.add_error("opinion", error.errors.get("opinion", str(error)))
        else:
            messages.success(request, f"{node.code} {node.display_title}への意見を登録しました。")
            return _back_to(round_, f"policy-{node.pk}")
    return _opinions_response(request, round_, SentBack(f"policy-{node.pk}", form), 400)


@require_POST
def opinion_respond(request: HttpRequest, opinion_id: int) -> HttpResponse:
    opinion = get_object_or_404(CommitteeOpinion, pk=opinion_id)
    round_ = readable_round(request, opinion.round_id)
    anchor = f"opinion-{opinion.pk}"
    form = forms.OpinionResponseForm(request.POST, auto_id=f"response-{opinion.pk}-%s")
    if not form.is_valid():
        return _opinions_response(request, round_, SentBack(anchor, form), 400)
    data = form.cleaned_data
    try:
        respond_to_opinion(signed_in(request), opinion.pk, version=data["version"], response=data["response"])
    except StaleRecordError as error:
        form.carry_version(error.current_version)
        return _opinions_response(request, round_, SentBack(anchor, form, error.saves), 409)
    messages.success(request, "市の考え方を保存しました。")
    return _back_to(round_, anchor)


def opinion_overview(request: HttpRequest) -> HttpResponse:
    """Every round of the reader's plans with its number of opinions: the way in to the opinions."""
    user = signed_in(request)
    if user.municipality_id is None and not user.is_superuser:
        raise PermissionDenied("委員意見は、自治体の職員と委員だけが読めます。")
    return render_staff(request, "web/rounds/opinion_rounds.html", {"plans": opinion_rounds(user)})
