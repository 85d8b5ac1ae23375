"""The plan editor by keyboard alone, in a real browser: the 事務局 reaches the editor from the
header, opens the tree, moves a project up with the 上へ button and renames it, without a mouse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts.models import User
from shinchoku.plans.models import PlanNode
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.web.test_browser import _tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_reorders_and_renames_a_project_by_keyboard_alone(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    user = make_user("jimukyoku", tiny.municipality, role=User.Role.SECRETARIAT)
    page.goto(live_server.url + "/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill("correct horse battery")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()

    editor_link = page.get_by_role("link", name="計画の編集", exact=True)
    _tab_to(page, editor_link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("計画の編集")

    tree_link = page.get_by_role("navigation", name="計画の編集").get_by_role("link", name="計画の体系")
    _tab_to(page, tree_link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("計画の体系")
    up = page.get_by_role("button", name=re.compile(r"^上へ\s*\(1-1-1-2\)$"))
    _tab_to(page, up, limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=re.compile(r"^下へ\s*\(1-1-1-2\)$"))).to_be_visible()
    assert list(
        PlanNode.objects.filter(parent=tiny.initiatives[0])
        .order_by("position")
        .values_list("code", flat=True)
    ) == ["1-1-1-2", "1-1-1-1"]

    edit = page.get_by_role("link", name=re.compile(r"^1-1-1-2\s*を編集$"))
    _tab_to(page, edit, limit=80)
    page.keyboard.press("Enter")
    title = page.get_by_label("名称", exact=True).first
    _tab_to(page, title)
    page.keyboard.press("Control+a")
    page.keyboard.type("地域の情報発信")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("事業「1-1-1-2」を保存しました。")
    assert PlanNode.objects.get(pk=tiny.shared.pk).title == "地域の情報発信"
