"""The review list and the entry page say why a 事務局 member who wrote an entry is offered no
approval button (separation of duties), and still offer returning it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, submit_entry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.rounds.conftest import page_text

NOTE = "あなたが入力または提出した評価のため、承認ボタンはありません(職務の分離)。"


def _submitted_by_the_secretariat(tiny: TinyPlan, people: People) -> Entry:
    entry = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    draft = EntryDraft(progress="実施した。", rating="B", reason="", next_year_goal="続ける。")
    return submit_entry(people.secretariat, entry.pk, version=entry.version, draft=draft)


def test_the_review_list_says_why_the_writer_cannot_approve(
    secretariat_client: Client, tiny: TinyPlan, people: People
) -> None:
    entry = _submitted_by_the_secretariat(tiny, people)

    response = secretariat_client.get(reverse("web:round_entries", args=[tiny.collecting.pk]))

    (row,) = [row for row in response.context["listing"].rows if row.entry.pk == entry.pk]
    assert (row.can_approve, row.can_return, row.needs_another_approver) == (False, True, True)
    assert NOTE in page_text(response)
    assert reverse("web:entry_approve", args=[entry.pk]) not in response.content.decode()


def test_the_entry_page_says_it_too(secretariat_client: Client, tiny: TinyPlan, people: People) -> None:
    entry = _submitted_by_the_secretariat(tiny, people)

    text = page_text(secretariat_client.get(reverse("web:entry", args=[entry.pk])))

    assert NOTE in text
    assert "差し戻す" in text
