"""The "my entries" page: what each department owes per open round, returned entries first, and
the 所属長's approvals."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, return_entry, submit_entry
from tests.evaluations.tiny_plan import TinyPlan, make_user

ClientFor = Callable[[User], Client]
URL = "/staff/my/"


def _text(client: Client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_it_lives_at_staff_my() -> None:
    assert reverse("web:my_entries") == URL


def test_an_editor_sees_their_departments_entries_with_state_and_deadline(
    client_for: ClientFor, editor: User, tiny: TinyPlan
) -> None:
    tiny.collecting.deadline = timezone.localdate() + timedelta(days=12)
    tiny.collecting.save()
    text = _text(client_for(editor))
    assert "北本市地域福祉計画 令和6年度(2024年度) 照会中" in text
    assert "あと12日" in text
    assert "生涯学習課の令和6年度(2024年度)の評価(1件)" in text
    assert "1-1-1-1 福祉教育 下書きあり" in text
    assert "地域資源を活かした情報の発信" not in text  # not this department's project


def test_an_overdue_round_says_so(client_for: ClientFor, editor: User, tiny: TinyPlan) -> None:
    tiny.collecting.deadline = timezone.localdate() - timedelta(days=2)
    tiny.collecting.save()
    assert "期限超過(2日)" in _text(client_for(editor))


def test_a_returned_entry_appears_at_the_top_with_the_comment(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry
) -> None:
    entry = submit_entry(editor, draft.pk, version=1, draft=EntryDraft("進捗", "B", "理由", "目標"))
    return_entry(secretariat, entry.pk, version=entry.version, comment="実施校の数を書いてください。")
    text = _text(client_for(editor))
    assert "差し戻された評価(1件)" in text
    assert "差戻しの理由 実施校の数を書いてください。" in text
    assert text.index("差し戻された評価") < text.index("生涯学習課の令和6年度")
    assert "1-1-1-1 福祉教育 差戻し" in text


def test_an_approver_sees_the_entries_waiting_for_their_approval(
    client_for: ClientFor, editor: User, approver: User, draft: Entry
) -> None:
    submit_entry(editor, draft.pk, version=1, draft=EntryDraft("進捗", "B", "理由", "目標"))
    client = client_for(approver)
    text = _text(client)
    assert "所属長の承認待ち(1件)" in text
    html = client.get(URL).content.decode()
    assert reverse("web:entry_approve_department", kwargs={"entry_id": draft.pk}) in html
    assert reverse("web:entry_return", kwargs={"entry_id": draft.pk}) in html
    assert f'name="next" value="{URL}"' in html


def test_an_editor_has_no_approvals_section(client_for: ClientFor, editor: User) -> None:
    assert "所属長の承認待ち" not in _text(client_for(editor))


def test_the_secretariat_is_pointed_to_the_round_board(
    client_for: ClientFor, secretariat: User, tiny: TinyPlan
) -> None:
    client = client_for(secretariat)
    html = client.get(URL).content.decode()
    assert reverse("web:round", kwargs={"round_id": tiny.collecting.pk}) in html
    assert "北本市地域福祉計画 令和6年度(2024年度)の進行管理" in _text(client)


def test_staff_without_departments_are_told_whom_to_ask(client_for: ClientFor, tiny: TinyPlan) -> None:
    viewer = make_user("etsuran", tiny.municipality)
    assert "担当課の割り当ては事務局に依頼してください。" in _text(client_for(viewer))


def test_the_header_links_editors_to_their_page(client_for: ClientFor, editor: User, tiny: TinyPlan) -> None:
    html = client_for(editor).get(reverse("web:home")).content.decode()
    assert f'<a href="{URL}"' in html
