"""The round's quality page and the 確認事項 counts on the board and the list of entries."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, save_entry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.rounds.conftest import page_text


def _blank_numeral(tiny: TinyPlan, people: People) -> Entry:
    draft = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    text = EntryDraft("講座を 回開催し、 人参加した。", "B", "参加者が増え、理解が深まった。", "継続する。")
    return save_entry(people.editor, draft.pk, version=draft.version, draft=text)


def test_it_counts_findings_per_check_and_department_with_links_to_the_entries(
    secretariat_client: Client, tiny: TinyPlan, people: People
) -> None:
    entry = _blank_numeral(tiny, people)
    response = secretariat_client.get(reverse("web:round_quality", kwargs={"round_id": tiny.collecting.pk}))
    assert response.status_code == 200
    text = page_text(response)
    assert "確認事項の一覧" in text
    assert "生涯学習課 2 0 0 0 0 0 0 2" in text  # blank_number is the first check
    assert reverse("web:entry", kwargs={"entry_id": entry.pk}) + "#findings" in response.content.decode()


def test_the_board_counts_open_findings_per_department_and_the_list_per_entry(
    secretariat_client: Client, tiny: TinyPlan, people: People
) -> None:
    entry = _blank_numeral(tiny, people)
    board = secretariat_client.get(reverse("web:round", kwargs={"round_id": tiny.collecting.pk}))
    assert "2 件(生涯学習課・確認事項)" in page_text(board)
    listing = secretariat_client.get(reverse("web:round_entries", kwargs={"round_id": tiny.collecting.pk}))
    assert f"2 件の確認事項({entry.project.code} 生涯学習課)" in page_text(listing)


def test_the_page_is_for_the_secretariat(
    client_for: Callable[[User], Client], tiny: TinyPlan, people: People
) -> None:
    response = client_for(people.editor).get(
        reverse("web:round_quality", kwargs={"round_id": tiny.collecting.pk})
    )
    assert response.status_code == 403
