"""The entry page's back link fits the reader: an editor back to 自分の担当, the 事務局 back to
the round's list it came from (filters kept), never to another site."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from tests.evaluations.tiny_plan import TinyPlan

ClientFor = Callable[[User], Client]


def _back(client: Client, entry: Entry, query: str = "") -> str:
    html = client.get(reverse("web:entry", args=[entry.pk]) + query).content.decode()
    return html.split('<p class="entry-back"><a href="', 1)[1].split("</a>", 1)[0]


def test_an_editor_goes_back_to_their_own_entries(client_for: ClientFor, editor: User, draft: Entry) -> None:
    assert _back(client_for(editor), draft) == f'{reverse("web:my_entries")}">自分の担当へ戻る'


def test_the_secretariat_goes_back_to_the_filtered_list_it_came_from(
    client_for: ClientFor, secretariat: User, draft: Entry, tiny: TinyPlan
) -> None:
    listing = reverse("web:round_entries", args=[tiny.collecting.pk]) + "?status=draft"
    client = client_for(secretariat)

    html = client.get(listing).content.decode()
    assert f"{reverse('web:entry', args=[draft.pk])}?back={quote(listing, safe='')}" in html
    back = _back(client, draft, f"?back={quote(listing, safe='')}")
    assert back == f'{listing}">令和6年度(2024年度)の評価の一覧へ戻る'


def test_the_secretariat_without_a_list_goes_back_to_the_rounds_list(
    client_for: ClientFor, secretariat: User, draft: Entry, tiny: TinyPlan
) -> None:
    listing = reverse("web:round_entries", args=[tiny.collecting.pk])

    assert _back(client_for(secretariat), draft).startswith(f'{listing}">')


def test_a_back_address_elsewhere_is_not_followed(
    client_for: ClientFor, secretariat: User, draft: Entry, tiny: TinyPlan
) -> None:
    listing = reverse("web:round_entries", args=[tiny.collecting.pk])
    client = client_for(secretariat)

    for elsewhere in ("https://example.com/staff/", "//example.com/", reverse("web:home")):
        assert _back(client, draft, f"?back={elsewhere}").startswith(f'{listing}">')
