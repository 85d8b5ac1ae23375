"""A whole yearly round played in a real browser by the people of the tiny plan's city.

The 事務局 opens 令和6年度 from 令和5年度; 生涯学習課 fills its entry in the form and 社協 fills
its two through the Excel workbook; the 事務局 returns one entry, which 生涯学習課 corrects; the
施策 is evaluated, a committee member writes an opinion and the 事務局 answers it; the round is
closed and published, and a visitor without an account then reads it on the public site.
"""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from tests.evaluations.services.personas import People, make_people
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan
from tests.ingest.workbook.roundtrip import entries_sheet, fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
ROUND_LINK = "令和6年度(2024年度)"
SINGLE = "1-1-1-1 福祉教育"


@pytest.fixture
def city(db: None) -> tuple[TinyPlan, People]:
    """The tiny plan with its published 令和5年度 only: 令和6年度 is still to be opened."""
    tiny = build_tiny_plan()
    Entry.objects.filter(round=tiny.collecting).delete()
    IndicatorValue.objects.filter(fiscal_year=2024).delete()
    tiny.collecting.delete()
    # Two departments take part: 社協 becomes the only owner of the project it shared.
    tiny.shared.ownerships.filter(department=tiny.departments["共生福祉課"]).delete()
    Entry.objects.filter(round=tiny.published, project=tiny.single).update(
        next_year_goal="支援籍学習を全校に広げる。", status=Entry.Status.APPROVED
    )
    return tiny, make_people(tiny)


def _sign_in(page: Page, live_server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/login/")
    page.get_by_label("ログインID").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン", exact=True).click()
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()


def _open_round_page(page: Page) -> None:
    page.get_by_role("link", name="年度の進行管理").first.click()
    page.get_by_role("link", name=ROUND_LINK, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{ROUND_LINK}の進行管理")


def _press(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()


def _open_my_entry(page: Page, project: str) -> None:
    page.get_by_role("link", name="自分の担当").click()
    page.get_by_role("link", name=re.compile(project.split(" ", 1)[1])).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(project)


def _secretariat_opens_the_year(page: Page, live_server: LiveServer) -> None:
    _sign_in(page, live_server, "jimu")
    page.get_by_role("link", name="年度の進行管理").first.click()
    page.get_by_label("年度", exact=True).select_option("2024")
    _press(page, "この年度を始める")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{ROUND_LINK}の進行管理")
    page.get_by_label("提出期限").first.fill("2099-05-31")
    _press(page, "照会を始める")
    expect(page.locator(".round-steps")).to_contain_text("照会中(現在の段階)")


def _lifelong_learning_fills_the_form(page: Page, live_server: LiveServer, progress: str) -> None:
    _sign_in(page, live_server, "shogai")
    _open_my_entry(page, SINGLE)
    # Last year's 次年度の目標 is this year's target.
    expect(page.locator("main")).to_contain_text("支援籍学習を全校に広げる。")
    page.get_by_label("進捗状況").fill(progress)
    page.locator("label[for=id_rating_1]").click()  # B
    page.get_by_label("評価の理由・課題").fill("実施校が増えた。")
    page.get_by_label("次年度の目標").fill("全校で実施する。")
    _press(page, "提出")
    expect(page.locator("main")).to_contain_text("提出済")


def _social_welfare_council_uploads_its_workbook(page: Page, live_server: LiveServer, tiny: TinyPlan) -> None:
    _sign_in(page, live_server, "shakyo")
    page.get_by_role("link", name="自分の担当").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Excelでダウンロード")).first.click()
    book = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    sheet = entries_sheet(book)
    for entry in Entry.objects.filter(round__fiscal_year=2024, department=tiny.departments["社協"]):
        fill(
            sheet,
            entry,
            progress=f"{entry.project.title}を進めた。",
            rating="A",
            reason="計画どおり。",
            next_year_goal="継続する。",
            submit="提出する",
        )
    buffer = io.BytesIO()
    book.save(buffer)
    page.get_by_role("link", name="自分の担当").click()
    page.get_by_role("link", name=re.compile("Excelからアップロード")).first.click()
    page.get_by_label("評価入力用ファイル(.xlsx)").set_input_files(
        files=[{"name": "社協.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}]
    )
    _press(page, "確認する")
    expect(page.locator("main")).to_contain_text("計画どおり。")
    _press(page, "反映する")
    submitted = Entry.objects.filter(round__fiscal_year=2024, department=tiny.departments["社協"])
    expect(page.locator("main")).to_contain_text("反映")
    assert {entry.status for entry in submitted} == {Entry.Status.SUBMITTED}


def _secretariat_reviews(page: Page, live_server: LiveServer) -> None:
    _sign_in(page, live_server, "jimu")
    _open_round_page(page)
    _press(page, "確認に入る")
    page.get_by_role("link", name="すべての評価の一覧").click()
    page.get_by_role("link", name=re.compile("福祉教育")).first.click()
    page.get_by_label(re.compile("^差戻しの理由")).fill("実施校の数を書いてください。")
    page.get_by_role("button", name=re.compile("^差し戻す")).click()
    expect(page.locator("main")).to_contain_text("差戻し")


def _approve_everything_submitted(page: Page) -> None:
    page.get_by_role("link", name="すべての評価の一覧").click()
    approve = page.get_by_role("button", name=re.compile(r"^承認\s*[((]"))
    for remaining in range(approve.count(), 0, -1):
        approve.first.click()
        expect(approve).to_have_count(remaining - 1)


def test_a_whole_round_from_opening_to_publication(page: Page, live_server: LiveServer, city: tuple) -> None:
    tiny, _ = city
    _secretariat_opens_the_year(page, live_server)
    _lifelong_learning_fills_the_form(page, live_server, "市内の小・中学校で支援籍学習を実施した。")
    _social_welfare_council_uploads_its_workbook(page, live_server, tiny)
    _secretariat_reviews(page, live_server)

    # 生涯学習課 sees the returned entry with the comment and corrects it.
    _sign_in(page, live_server, "shogai")
    page.get_by_role("link", name="自分の担当").click()
    expect(page.locator("main")).to_contain_text("実施校の数を書いてください。")
    _open_my_entry(page, SINGLE)
    page.get_by_label("進捗状況").fill("市内の小・中学校12校で支援籍学習を実施した。")
    _press(page, "提出")
    expect(page.locator("main")).to_contain_text("提出済")

    # The 事務局 approves everything and evaluates the 施策.
    _sign_in(page, live_server, "jimu")
    _open_round_page(page)
    _approve_everything_submitted(page)
    assert set(Entry.objects.filter(round__fiscal_year=2024).values_list("status", flat=True)) == {"approved"}
    _open_round_page(page)
    page.get_by_role("link", name="1-1 福祉の心を育む学習機会の充実").click()
    page.get_by_label(re.compile(r"\bB: 具体的な施策への着手")).check()
    page.get_by_label("評価のコメント").fill("おおむね順調に進んでいる。")
    _press(page, "評価を保存する")
    expect(page.locator("main")).to_contain_text("おおむね順調に進んでいる。")

    # A committee member writes an opinion; the 事務局 answers it.
    _sign_in(page, live_server, "iin")
    page.get_by_role("link", name="委員意見").click()
    page.get_by_role("link", name=re.compile("令和6年度")).first.click()
    page.get_by_label("意見").first.fill("福祉体験の受け入れ先を増やしてほしい。")
    page.get_by_role("button", name=re.compile("^意見を登録する")).first.click()
    expect(page.locator("main")).to_contain_text("福祉体験の受け入れ先を増やしてほしい。")
    _sign_in(page, live_server, "jimu")
    _open_round_page(page)
    page.get_by_role("link", name="委員意見と市の考え方").click()
    page.get_by_label("市の考え方").first.fill("受け入れ先の開拓を進めます。")
    page.get_by_role("button", name=re.compile("^市の考え方を保存する")).first.click()
    expect(page.locator("main")).to_contain_text("受け入れ先の開拓を進めます。")

    # Close and publish.
    _open_round_page(page)
    _press(page, "締め切る")
    _press(page, "公表する")
    expect(page.locator(".round-steps")).to_contain_text("公表済(現在の段階)")
    assert Round.objects.get(fiscal_year=2024).state == Round.State.PUBLISHED

    # A visitor reads it on the public site.
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="北本市地域福祉計画", exact=True).click()
    page.get_by_role("link", name="1-1 福祉の心を育む学習機会の充実", exact=True).click()
    main = page.locator("main")
    expect(main).to_contain_text("令和6年度")
    expect(main).to_contain_text("市内の小・中学校12校で支援籍学習を実施した。")
    expect(main).to_contain_text("おおむね順調に進んでいる。")
