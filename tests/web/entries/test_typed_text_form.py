"""The entry form stores what Word pastes (soft line breaks, controls, bidi overrides) cleaned by
the service it calls, instead of refusing it or breaking the year's reports later."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry

ClientFor = Callable[[User], Client]


def test_a_pasted_soft_line_break_control_and_override_are_cleaned_not_refused(
    client_for: ClientFor, editor: User, draft: Entry
) -> None:
    data = {
        "version": str(draft.version),
        "progress": "一行目\x0b二行目\x00\x1b\u202e",
        "rating": "B",
        "reason": "\ufffe理由",
        "next_year_goal": "目標\x7f",
        "action": "draft",
    }
    response = client_for(editor).post(reverse("web:entry", kwargs={"entry_id": draft.pk}), data)
    assert response.status_code == 302, response.content.decode()
    draft.refresh_from_db()
    assert (draft.progress, draft.reason, draft.next_year_goal) == ("一行目\n二行目", "理由", "目標")
