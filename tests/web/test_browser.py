"""The pages in a real browser: Debian's chromium driven by Playwright against the live server.

The ``page`` fixture (tests/browser.py) fails any test whose page fetched something from outside
127.0.0.1. Every wait is Playwright's own (``expect`` retries until its timeout), never a sleep.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts.models import User
from tests.evaluations.tiny_plan import TinyPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN_TITLE = "北本市地域福祉計画"
POLICY_LINK = "1-1 福祉の心を育む学習機会の充実"
SHEET_HEADERS = [
    "事業名",
    "事業内容",
    "計画最終年度までの目標",
    "令和5年度の進捗状況",
    "事業評価",
    "評価の理由・課題",
    "令和6年度の目標",
    "事業主体",
]
STYLESHEET = "/static/shinchoku/site.css"
DEFINITION_B = "具体的な施策への着手は認められるものの、より一層の取組や事業の伸展が求められる"


def _h1(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def _open_policy_by_clicking(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=PLAN_TITLE, exact=True).click()
    page.get_by_role("link", name=POLICY_LINK, exact=True).click()
    expect(_h1(page)).to_contain_text("施策 1-1 福祉の心を育む学習機会の充実")


def _tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until ``target`` has the focus; fail if it is not reached within ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target} in {limit} presses")


def _skip_to_main(page: Page) -> None:
    """The first Tab lands on the skip link, and Enter on it puts the focus on the main content."""
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="本文へ移動")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_a_visitor_clicks_from_the_home_page_to_the_plan_a_policy_and_a_project(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    page.goto(live_server.url + "/")
    expect(page).to_have_title("計画の一覧 | 進捗 計画の進行管理")
    expect(_h1(page)).to_have_text("計画の一覧")
    # The city is a section of the list of municipalities, named with its code.
    expect(page.get_by_role("heading", level=3, name="北本市(コード 112330)")).to_be_visible()

    page.get_by_role("link", name=PLAN_TITLE, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/plans/{tiny.plan.pk}/")
    expect(_h1(page)).to_have_text(f"{PLAN_TITLE}令和5年度(2023年度)の進捗状況")
    expect(page.get_by_role("heading", name="計画の体系")).to_be_visible()

    page.get_by_role("link", name=POLICY_LINK, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/plans/{tiny.plan.pk}/nodes/{tiny.policy.pk}/?year=2023")
    expect(_h1(page)).to_have_text("施策 1-1 福祉の心を育む学習機会の充実令和5年度(2023年度)の進捗状況")
    first_table = page.locator("table.sheet").first
    expect(first_table.locator("thead th")).to_have_text(SHEET_HEADERS)
    expect(page.get_by_role("heading", name="この施策の評価: B")).to_be_visible()
    expect(page.get_by_text("← この施策の評価")).to_be_visible()
    expect(page.get_by_text("おおむね順調に推移している。")).to_be_visible()

    first_table.get_by_role("link", name="福祉教育", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/plans/{tiny.plan.pk}/projects/{tiny.single.pk}/")
    expect(_h1(page)).to_have_text("事業 1-1-1-1 福祉教育")
    expect(page.get_by_role("heading", name="指標")).to_be_visible()
    expect(page.get_by_role("heading", name="令和5年度(2023年度)の評価")).to_be_visible()
    expect(page.get_by_role("table").get_by_text("福祉教育の実施校数")).to_be_visible()
    expect(page.get_by_role("img", name="福祉教育の実施校数の推移")).to_be_visible()


def test_the_whole_journey_works_by_keyboard_alone(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    page.goto(live_server.url + "/")
    _skip_to_main(page)
    _tab_to(page, page.get_by_role("link", name=PLAN_TITLE, exact=True))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/plans/{tiny.plan.pk}/")

    _skip_to_main(page)
    _tab_to(page, page.get_by_role("link", name=POLICY_LINK, exact=True))
    page.keyboard.press("Enter")
    expect(_h1(page)).to_contain_text("施策 1-1 福祉の心を育む学習機会の充実")

    _skip_to_main(page)
    _tab_to(page, page.locator("table.sheet").first.get_by_role("link", name="福祉教育", exact=True))
    page.keyboard.press("Enter")
    expect(_h1(page)).to_have_text("事業 1-1-1-1 福祉教育")

    _skip_to_main(page)
    _tab_to(page, page.get_by_role("navigation", name="現在位置").get_by_role("link", name="計画の一覧"))
    page.keyboard.press("Enter")
    expect(_h1(page)).to_have_text("計画の一覧")


def test_a_staff_member_signs_in_sees_the_unpublished_round_and_signs_out(
    page: Page, live_server: LiveServer, city_staff: User
) -> None:
    page.goto(live_server.url + "/")
    rounds = page.get_by_role("list", name=f"{PLAN_TITLE}の年度")
    expect(rounds).to_have_text(re.compile(r"^\s*令和5年度\(2023年度\)\s*公表済\s*$"))

    page.get_by_role("link", name="職員ログイン").click()
    expect(_h1(page)).to_have_text("職員ログイン")
    page.get_by_label("ユーザー名").fill(city_staff.username)
    page.get_by_label("パスワード").fill("correct horse battery")
    page.get_by_role("button", name="ログイン", exact=True).click()

    expect(page).to_have_url(live_server.url + "/staff/")
    expect(page.get_by_text("共生 花子 さん")).to_be_visible()
    expect(rounds.get_by_role("listitem")).to_have_text(
        [re.compile(r"令和6年度\(2024年度\)\s*照会中"), re.compile(r"令和5年度\(2023年度\)\s*公表済")]
    )
    page.get_by_role("link", name=PLAN_TITLE, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/staff/plans/{city_staff.municipality.plans.get().pk}/")
    expect(_h1(page)).to_have_text(f"{PLAN_TITLE}令和6年度(2024年度)の進捗状況")
    expect(page.get_by_role("note")).to_have_text(
        "公表前この年度は「照会中」です。公表前のため、内容は変わることがあります。"
    )

    page.get_by_role("button", name="ログアウト").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("link", name="職員ログイン")).to_be_visible()
    expect(page.get_by_text("共生 花子 さん")).to_have_count(0)
    expect(rounds).not_to_contain_text("照会中")


def test_no_page_fetches_anything_from_outside_and_the_stylesheet_loads(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    paths = [
        "/",
        f"/plans/{tiny.plan.pk}/",
        f"/plans/{tiny.plan.pk}/nodes/{tiny.goal.pk}/",
        f"/plans/{tiny.plan.pk}/nodes/{tiny.policy.pk}/",
        f"/plans/{tiny.plan.pk}/projects/{tiny.shared.pk}/",
        f"/plans/{tiny.plan.pk}/dashboard/",
        f"/plans/{tiny.plan.pk}/departments/{tiny.departments['社協'].pk}/",
        "/login/",
    ]
    for path in paths:
        with page.expect_response(lambda response: response.url.endswith(STYLESHEET)) as stylesheet:
            response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200, path
        assert stylesheet.value.status == 200, path
        # The stylesheet applied: the skip link is moved off screen until it has the focus.
        skip_top = page.get_by_role("link", name="本文へ移動").evaluate("link => getComputedStyle(link).top")
        assert skip_top.startswith("-"), path
    # Outside requests are checked by the page fixture when the test ends.


def test_the_policy_page_renders_as_a_full_page_screenshot(
    page: Page, live_server: LiveServer, tiny: TinyPlan, tmp_path: Path
) -> None:
    _open_policy_by_clicking(page, live_server)
    page.evaluate("document.fonts.ready.then(() => true)")
    shot = tmp_path / "policy.png"

    page.screenshot(path=str(shot), full_page=True)

    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    height = page.evaluate("document.documentElement.scrollHeight")
    width = int.from_bytes(shot.read_bytes()[16:20], "big")
    assert width == 1400
    assert int.from_bytes(shot.read_bytes()[20:24], "big") == height


def test_a_visitor_clicks_to_the_dashboard_and_on_to_a_department(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=PLAN_TITLE, exact=True).click()
    page.get_by_role("navigation", name="計画の表示").get_by_role("link", name="ダッシュボード").click()
    expect(page).to_have_url(f"{live_server.url}/plans/{tiny.plan.pk}/dashboard/?year=2023")
    expect(_h1(page)).to_have_text(f"{PLAN_TITLE} ダッシュボード令和5年度(2023年度)の事業評価")
    for name in ["基本目標別の評価の件数と割合", "施策別の評価の件数と割合", "担当課別の評価の件数と割合"]:
        expect(page.get_by_role("img", name=name)).to_be_visible()
        expect(page.get_by_role("table", name=re.compile(name))).to_be_visible()
    departments = page.get_by_role("table", name=re.compile("担当課別"))
    expect(departments.get_by_role("row", name=re.compile("^社協"))).to_contain_text("1件(100%)")

    departments.get_by_role("link", name="社協", exact=True).click()
    expect(page).to_have_url(
        f"{live_server.url}/plans/{tiny.plan.pk}/departments/{tiny.departments['社協'].pk}/"
    )
    expect(_h1(page)).to_have_text(f"社協{PLAN_TITLE}の担当事業")
    expect(page.get_by_role("heading", name="公表前の年度で未記入の事業")).to_have_count(0)

    page.get_by_role("link", name="1-1-1-2 地域資源を活かした情報の発信").click()
    expect(_h1(page)).to_have_text("事業 1-1-1-2 地域資源を活かした情報の発信")
    page.get_by_role("link", name="共生福祉課", exact=True).first.click()
    expect(_h1(page)).to_have_text(f"共生福祉課{PLAN_TITLE}の担当事業")


def test_a_staff_member_clicks_to_a_departments_missing_entries(
    page: Page, live_server: LiveServer, city_staff: User, tiny: TinyPlan
) -> None:
    page.goto(live_server.url + "/login/")
    page.get_by_label("ユーザー名").fill(city_staff.username)
    page.get_by_label("パスワード").fill("correct horse battery")
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.get_by_role("link", name=PLAN_TITLE, exact=True).click()
    page.get_by_role("link", name="ダッシュボード").click()
    expect(page.get_by_role("heading", name="前年度 令和5年度(2023年度)からの変化")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("評価が下がった事業"))).to_contain_text(
        "1-1-1-1 福祉教育"
    )

    page.get_by_role("table", name=re.compile("担当課別")).get_by_role(
        "link", name="社協", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/staff/plans/\d+/departments/\d+/$"))
    missing = page.get_by_role("table", name=re.compile("社協の未記入"))
    expect(missing).to_contain_text("1-1-1-2 地域資源を活かした情報の発信")
    expect(missing).to_contain_text("未提出")


def test_a_ratings_definition_shows_on_hover_and_on_keyboard_focus(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    page.goto(f"{live_server.url}/plans/{tiny.plan.pk}/projects/{tiny.shared.pk}/")
    badge = page.locator(".own-rating").get_by_text("B", exact=True)
    tooltip = page.get_by_role("tooltip")
    expect(tooltip.first).to_be_hidden()

    badge.hover()
    expect(page.get_by_role("tooltip", name=DEFINITION_B).first).to_be_visible()
    page.mouse.move(0, 0)
    expect(tooltip.first).to_be_hidden()

    _skip_to_main(page)
    _tab_to(page, badge)
    expect(badge).to_have_accessible_description(DEFINITION_B)
    expect(page.get_by_role("tooltip", name=DEFINITION_B).first).to_be_visible()


def test_the_dashboard_renders_its_charts_as_a_full_page_screenshot(
    page: Page, live_server: LiveServer, tiny: TinyPlan, tmp_path: Path
) -> None:
    page.goto(f"{live_server.url}/plans/{tiny.plan.pk}/dashboard/")
    bar = page.locator("svg.bar-chart rect.bar-segment").first
    expect(bar).to_be_visible()
    assert bar.bounding_box()["width"] > 50  # type: ignore[index]
    shot = tmp_path / "dashboard.png"

    page.screenshot(path=str(shot), full_page=True)

    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
