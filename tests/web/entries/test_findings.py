"""The 確認事項 on the entry page: warnings before submission, dismissal with a reason."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry, QualityDismissal
from shinchoku.evaluations.services import EntryDraft, save_entry, submit_entry

ClientFor = Callable[[User], Client]


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def _page(client: Client, entry: Entry) -> str:
    response = client.get(reverse("web:entry", kwargs={"entry_id": entry.pk}))
    assert response.status_code == 200
    return _text(response.content)


def _dismiss(client: Client, entry: Entry, reason: str) -> str:
    url = reverse("web:entry_dismiss_finding", kwargs={"entry_id": entry.pk})
    response = client.post(url, {"check": "blank_number", "field": "progress", "reason": reason}, follow=True)
    assert response.status_code == 200
    return _text(response.content)


def _with_blank_numeral(editor: User, draft: Entry) -> Entry:
    draft_text = EntryDraft("研修会を 回開催した。", "B", "参加者が増え、理解が深まった。", "継続する。")
    return save_entry(editor, draft.pk, version=draft.version, draft=draft_text)


def test_the_department_sees_the_warning_before_it_submits_and_may_still_submit(
    client_for: ClientFor, editor: User, draft: Entry
) -> None:
    entry = _with_blank_numeral(editor, draft)
    text = _page(client_for(editor), entry)
    assert "確認事項(1件)" in text
    assert "数字の書き漏れ (進捗状況)" in text
    assert "該当箇所: 「研修会を 回開催した。」" in text
    assert "このままでも提出できます" in text
    submitted = submit_entry(editor, entry.pk, version=entry.version)
    assert submitted.status == Entry.Status.SUBMITTED


def test_a_dismissed_finding_shows_its_reason_and_is_no_longer_counted(
    client_for: ClientFor, editor: User, draft: Entry
) -> None:
    entry = _with_blank_numeral(editor, draft)
    text = _dismiss(client_for(editor), entry, "回数は別紙のとおり")
    assert "確認事項を確認済みにしました" in text
    assert "確認済みとした理由: 回数は別紙のとおり(学習 一郎" in text
    assert "すべて確認済みです" in text
    assert QualityDismissal.objects.get().dismissed_by == editor


def test_an_empty_reason_is_refused_in_japanese(client_for: ClientFor, editor: User, draft: Entry) -> None:
    entry = _with_blank_numeral(editor, draft)
    text = _dismiss(client_for(editor), entry, "  ")
    assert "確認済みとする理由を書いてください。" in text
    assert not QualityDismissal.objects.exists()


def test_the_secretariat_reviews_with_the_findings_and_may_dismiss(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry
) -> None:
    entry = _with_blank_numeral(editor, draft)
    submit_entry(editor, entry.pk, version=entry.version)
    editor_page = _page(client_for(editor), entry)
    assert "数字の書き漏れ" in editor_page
    assert "確認済みにする" not in editor_page  # submitted: the department no longer dismisses
    reviewer = client_for(secretariat)
    assert "確認済みにする" in _page(reviewer, entry)
    assert "確認済みとした理由: 事務局で確認" in _dismiss(reviewer, entry, "事務局で確認")
