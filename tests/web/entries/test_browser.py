"""The entry pages in a real browser: the whole department flow by label and role, and axe-core's
WCAG 2.x A/AA rules on every state of every page (form, refusal, stale save, read only, history,
my entries with returns and approvals)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, return_entry, save_entry, submit_entry
from tests.web.judges import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    """Share a session made by Django's test client with the browser (the login page is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _open(page: Page, live_server: LiveServer, name: str, **kwargs: int) -> None:
    response = page.goto(live_server.url + reverse(name, kwargs=kwargs))
    assert response is not None
    assert response.status == 200


def _assert_accessible(page: Page, label: str) -> None:
    assert describe(label, axe_violations(page)) == []


def test_an_editor_writes_refused_then_submits_with_no_axe_violations(
    page: Page, live_server: LiveServer, editor: User, second_editor: User, draft: Entry
) -> None:
    _sign_in(page, live_server, editor)
    _open(page, live_server, "web:my_entries")
    _assert_accessible(page, "my entries")
    page.get_by_role("link", name="福祉教育").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1-1-1-1 福祉教育")
    _assert_accessible(page, "entry form")

    page.get_by_role("radio", name="C").check()
    page.get_by_label("評価の理由・課題").fill("")
    page.get_by_label("次年度の目標").fill("全校で実施する。")
    page.get_by_role("button", name="提出", exact=True).click()
    reason = page.get_by_label("評価の理由・課題")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください")
    _assert_accessible(page, "entry refused")

    save_entry(second_editor, draft.pk, version=1, draft=EntryDraft("相手の進捗", "C", "", ""))
    page.get_by_label("進捗状況").fill("自分の進捗")
    page.get_by_role("button", name="下書き保存").click()
    expect(page.get_by_role("alert")).to_contain_text("学習 二郎さんがこの内容を先に保存したため")
    expect(page.get_by_role("table", name="学習 二郎さんの変更")).to_contain_text("相手の進捗")
    expect(page.get_by_label("進捗状況")).to_have_value("自分の進捗")
    _assert_accessible(page, "entry stale")

    page.get_by_label("評価の理由・課題").fill("実施校が減った。")
    page.get_by_role("button", name="提出", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("「1-1-1-1 福祉教育」(生涯学習課)を提出しました。")
    expect(page.get_by_role("note").filter(has_text="編集できません")).to_contain_text("提出済")
    _assert_accessible(page, "entry read only")

    page.get_by_role("link", name="この評価の変更履歴").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("提出")
    _assert_accessible(page, "history")


def test_the_review_side_has_no_axe_violations(
    page: Page, live_server: LiveServer, editor: User, approver: User, secretariat: User, draft: Entry
) -> None:
    entry = submit_entry(editor, draft.pk, version=1, draft=EntryDraft("進捗", "B", "理由", "目標"))
    _sign_in(page, live_server, approver)
    _open(page, live_server, "web:my_entries")
    expect(page.get_by_role("heading", name="所属長の承認待ち(1件)")).to_be_visible()
    _assert_accessible(page, "approvals")
    _open(page, live_server, "web:entry", entry_id=entry.pk)
    _assert_accessible(page, "entry with review buttons")

    page.get_by_label("差戻しの理由").fill("実施校の数を書いてください。")
    page.get_by_role("button", name="差し戻す").click()
    expect(page.get_by_role("status")).to_contain_text("を差し戻しました。")

    page.context.clear_cookies()
    _sign_in(page, live_server, editor)
    _open(page, live_server, "web:my_entries")
    expect(page.get_by_role("heading", name="差し戻された評価(1件)")).to_be_visible()
    expect(page.locator(".review-comment")).to_contain_text("実施校の数を書いてください。")
    _assert_accessible(page, "my entries with a returned entry")

    entry.refresh_from_db()
    entry = submit_entry(editor, entry.pk, version=entry.version)
    return_entry(secretariat, entry.pk, version=entry.version, comment="再確認")
    page.context.clear_cookies()
    _sign_in(page, live_server, secretariat)
    _open(page, live_server, "web:my_entries")
    expect(page.get_by_role("link", name="北本市地域福祉計画 令和6年度(2024年度)の進行管理")).to_be_visible()
    _assert_accessible(page, "my entries for the secretariat")
