"""The history page: every recorded change of the entry and of its indicators' actuals that year,
newest first, with before → after per field."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import (
    EntryDraft,
    approve_entry,
    record_indicator_value,
    return_entry,
    save_entry,
    submit_entry,
)
from tests.evaluations.tiny_plan import TinyPlan, make_user

ClientFor = Callable[[User], Client]
Role = User.Role


def _url(entry: Entry) -> str:
    return reverse("web:entry_history", kwargs={"entry_id": entry.pk})


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_history_shows_each_change_before_and_after_newest_first(
    client_for: ClientFor, editor: User, draft: Entry, tiny: TinyPlan
) -> None:
    long_text = "1行目の進捗\n2行目の進捗"
    entry = save_entry(editor, draft.pk, version=1, draft=EntryDraft(long_text, "B", "", ""))
    record_indicator_value(editor, tiny.indicator.pk, tiny.collecting.pk, value=Decimal("11"))
    submit_entry(editor, entry.pk, version=entry.version, draft=EntryDraft(long_text, "B", "理由", "目標"))

    response = client_for(editor).get(_url(draft))
    html = response.content.decode()
    text = _text(html)
    assert response.status_code == 200
    assert text.index("提出") < text.index("指標の実績値の記録") < text.index("下書き保存")
    assert "操作者 学習 一郎" in text
    assert "評価 C B" in text  # 項目 / 変更前 / 変更後
    assert "1行目の進捗<br>2行目の進捗" in html  # long texts in full
    assert "状態 未提出 提出済" in text
    assert "実績値 9.000 11" in text
    assert "版" not in text.split("変更履歴", 2)[-1]  # the version is internal


def test_another_years_indicator_records_are_left_out(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry, tiny: TinyPlan
) -> None:
    published = Entry.objects.get(round=tiny.published, project=tiny.single)
    record_indicator_value(editor, tiny.indicator.pk, tiny.collecting.pk, value=Decimal("11"))
    assert "指標の実績値の記録" not in _text(client_for(secretariat).get(_url(published)).content.decode())


def test_another_departments_editor_cannot_read_a_drafts_history(
    client_for: ClientFor, other_editor: User, draft: Entry
) -> None:
    assert client_for(other_editor).get(_url(draft)).status_code == 404


def _approved_after_a_return(editor: User, secretariat: User, draft: Entry) -> Entry:
    """The draft written, returned with a reason, written again and approved."""
    entry = submit_entry(editor, draft.pk, version=1, draft=EntryDraft("最初の下書き", "B", "", "目標"))
    entry = return_entry(secretariat, entry.pk, version=entry.version, comment="数値を入れてください")
    entry = submit_entry(
        editor, entry.pk, version=entry.version, draft=EntryDraft("直した本文", "B", "", "目標")
    )
    return approve_entry(secretariat, entry.pk, version=entry.version)


@pytest.mark.parametrize("role", [Role.COMMITTEE, Role.VIEWER])
def test_an_approved_entrys_history_is_refused_to_committee_and_viewers(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry, tiny: TinyPlan, role: str
) -> None:
    entry = _approved_after_a_return(editor, secretariat, draft)
    reader = make_user("yomu", tiny.municipality, role=role)
    client = client_for(reader)

    page = client.get(reverse("web:entry", kwargs={"entry_id": entry.pk}))
    history = client.get(_url(entry))

    assert page.status_code == 200  # the approved text itself is for all staff
    assert _url(entry) not in page.content.decode()
    assert history.status_code == 403
    assert "最初の下書き" not in history.content.decode()
    assert "数値を入れてください" not in history.content.decode()


def test_an_approved_entrys_history_is_shown_to_its_department_and_the_secretariat(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry, tiny: TinyPlan
) -> None:
    entry = _approved_after_a_return(editor, secretariat, draft)
    approver = make_user("kacho", tiny.municipality, role=Role.APPROVER)
    approver.departments.add(tiny.departments["生涯学習課"])

    for reader in (editor, approver, secretariat):
        client = client_for(reader)
        assert _url(entry) in client.get(reverse("web:entry", kwargs={"entry_id": entry.pk})).content.decode()
        text = _text(client.get(_url(entry)).content.decode())
        assert "最初の下書き" in text
        assert "数値を入れてください" in text


def test_a_published_entrys_history_is_refused_to_another_department(
    client_for: ClientFor, other_editor: User, tiny: TinyPlan
) -> None:
    published = Entry.objects.get(round=tiny.published, project=tiny.single)

    assert client_for(other_editor).get(_url(published)).status_code == 403
