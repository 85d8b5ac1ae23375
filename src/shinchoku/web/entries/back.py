"""The entry page's back link, which fits the reader: an editor or 所属長 goes back to 自分の
担当; the 事務局 to the round's list of entries it came from (the list passes itself as ``back``,
filters included); anyone else to the project's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry

BACK_PARAMETER = "back"


@dataclass(frozen=True)
class BackLink:
    url: str
    label: str


def back_link(request: HttpRequest, user: User, entry: Entry) -> BackLink:
    """Where the entry page's 「…へ戻る」 leads ``user``; a ``back`` address is followed only when
    it is a path of this site under the round's list of entries (never elsewhere)."""
    round_ = entry.round
    if permissions.can_manage_rounds(user, round_.plan):
        listing = reverse("web:round_entries", kwargs={"round_id": round_.pk})
        requested = request.GET.get(BACK_PARAMETER, "")
        safe = url_has_allowed_host_and_scheme(requested, allowed_hosts={request.get_host()})
        if safe and requested.startswith(listing):
            listing = requested
        return BackLink(listing, f"{round_.fiscal_year_label}の評価の一覧へ戻る")
    if user.role in (User.Role.EDITOR, User.Role.APPROVER):
        return BackLink(reverse("web:my_entries"), "自分の担当へ戻る")
    return BackLink(
        reverse("web:project", kwargs={"plan_id": round_.plan_id, "node_id": entry.project_id}),
        f"{round_.plan.project_label}のページへ戻る",
    )
