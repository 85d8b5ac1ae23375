"""The account pages in a real browser, in the states the page-by-page axe check does not reach:
a refused sign-in, a locked account, a form sent back with errors, and the forced change of a
one-time password."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts import throttle
from shinchoku.accounts.setup import set_up_municipality
from tests.evaluations.services.personas import People
from tests.web.judges import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _log_in(page: Page, live_server: LiveServer, username: str, password: str) -> None:
    page.goto(live_server.url + reverse("web:login"))
    page.get_by_label("ログインID").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン", exact=True).click()


def test_a_refused_and_a_limited_sign_in_are_announced_alike_and_accessible(
    page: Page, live_server: LiveServer, people: People
) -> None:
    refused = "ログインIDまたはパスワードが違うか、ログインの失敗が続いたため"
    _log_in(page, live_server, "shogai", "wrong")
    expect(page.get_by_role("alert")).to_contain_text(refused)
    expect(page.get_by_label("ログインID")).to_have_accessible_description(re.compile(refused))
    assert describe("sign-in", axe_violations(page)) == []

    for _ in range(throttle.PAIR_LIMIT):
        _log_in(page, live_server, "shogai", "wrong")

    expect(page.get_by_role("alert")).to_contain_text(refused)
    assert describe("sign-in", axe_violations(page)) == []


def test_the_secretariat_fixes_a_refused_registration_from_the_error_summary(
    page: Page, live_server: LiveServer, people: People
) -> None:
    _log_in(page, live_server, "jimu", PASSWORD)
    page.get_by_role("link", name="利用者の管理").click()
    page.get_by_role("link", name="利用者を登録する").click()
    page.get_by_label("ログインID").fill("kosodate")
    page.get_by_label("表示名").fill("子育て 三郎")
    page.get_by_label("役割").select_option(label="担当課(入力)")
    page.get_by_label("初期パスワード").fill("kitamoto-2024-shinchoku")
    page.get_by_role("button", name="登録する").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("所属を1つ以上選んでください")
    assert describe("sign-in", axe_violations(page)) == []
    summary.get_by_role("link").click()
    first_department = page.get_by_role("checkbox", name="共生福祉課")
    expect(first_department).to_be_focused()
    page.keyboard.press("Space")
    page.get_by_label("初期パスワード").fill("kitamoto-2024-shinchoku")
    page.get_by_role("button", name="登録する").click()

    expect(page.get_by_role("status")).to_have_text("利用者「kosodate」を登録しました。")
    expect(page.get_by_role("heading", level=1)).to_contain_text("利用者「kosodate」")


def test_a_member_changes_their_password_from_the_staff_menu(
    page: Page, live_server: LiveServer, people: People
) -> None:
    _log_in(page, live_server, "etsuran", PASSWORD)
    page.get_by_role("link", name="パスワード変更").click()
    page.get_by_label("現在のパスワード").fill(PASSWORD)
    page.get_by_label("新しいパスワード", exact=True).fill("kitamoto-2024-shinchoku")
    page.get_by_label("新しいパスワード(確認)").fill("kitamoto-2024-shinchok")
    page.get_by_role("button", name="パスワードを変更する").click()
    expect(page.get_by_role("alert")).to_contain_text("一致しません")
    assert describe("sign-in", axe_violations(page)) == []

    page.get_by_label("現在のパスワード").fill(PASSWORD)
    page.get_by_label("新しいパスワード", exact=True).fill("kitamoto-2024-shinchoku")
    page.get_by_label("新しいパスワード(確認)").fill("kitamoto-2024-shinchoku")
    page.get_by_role("button", name="パスワードを変更する").click()

    expect(page.get_by_role("status")).to_contain_text("パスワードを変更しました。")
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()


def test_a_new_secretariat_member_signs_in_with_the_one_time_password_and_must_change_it_first(
    page: Page, live_server: LiveServer, people: People
) -> None:
    outcome = set_up_municipality(None, name="上尾市", code="112194", admin_username="ageo-jimu")
    assert outcome.password is not None

    _log_in(page, live_server, "ageo-jimu", outcome.password)

    expect(page).to_have_url(live_server.url + reverse("web:password_change"))
    expect(page.get_by_role("status")).to_contain_text("パスワードの変更が必要です")
    assert describe("sign-in", axe_violations(page)) == []
    page.goto(live_server.url + reverse("web:users"))
    expect(page).to_have_url(live_server.url + reverse("web:password_change"))
    page.get_by_label("現在のパスワード").fill(outcome.password)
    page.get_by_label("新しいパスワード", exact=True).fill("ageo-2025-shinchoku")
    page.get_by_label("新しいパスワード(確認)").fill("ageo-2025-shinchoku")
    page.get_by_role("button", name="パスワードを変更する").click()

    expect(page).to_have_url(live_server.url + reverse("web:home"))
    page.get_by_role("link", name="利用者の管理").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("上尾市")
