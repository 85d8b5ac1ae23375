"""The round pages in a real browser, by label and role: the 事務局 runs a year and evaluates a
施策, a committee member writes an opinion and the 事務局 responds; axe-core's WCAG 2.x A/AA rules
hold on every state (forms, refusals, stale saves, the board, the review list)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts.models import User
from shinchoku.core.ratings import ConsolidationRule
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.services import EntryDraft, evaluate_node, respond_to_opinion, submit_entry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.web.judges import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    """Share a session made by Django's test client with the browser (login is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _assert_accessible(page: Page, label: str) -> None:
    assert describe(label, axe_violations(page)) == []


def _h1(page: Page) -> object:
    return page.get_by_role("heading", level=1)


def test_the_secretariat_runs_a_year_by_label_with_no_axe_violations(
    page: Page, live_server: LiveServer, tiny: TinyPlan, people: People
) -> None:
    Entry.objects.filter(round=tiny.collecting).delete()
    tiny.collecting.delete()
    _sign_in(page, live_server, people.secretariat)
    page.goto(live_server.url + reverse("web:home"))
    page.get_by_role("banner").get_by_role("link", name="年度の進行管理").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度の進行管理")
    _assert_accessible(page, "rounds")

    expect(page.get_by_label("年度", exact=True)).to_have_value("2024")
    page.get_by_role("button", name="この年度を始める").click()
    expect(page.get_by_role("status")).to_contain_text("令和6年度(2024年度)の準備ができました。")
    _assert_accessible(page, "round preparing")

    deadline = page.get_by_label("提出期限", exact=True)
    deadline.fill(f"{timezone.localdate() - timedelta(days=1)}")
    page.get_by_role("button", name="照会を始める").click()
    expect(page.get_by_label("提出期限", exact=True)).to_have_attribute("aria-invalid", "true")
    _assert_accessible(page, "start refused")
    page.get_by_label("提出期限", exact=True).fill(f"{timezone.localdate() + timedelta(days=30)}")
    page.get_by_role("button", name="照会を始める").click()
    expect(page.get_by_role("status")).to_contain_text("照会を始めました。")
    _assert_accessible(page, "round collecting")

    round_ = Round.objects.get(plan=tiny.plan, fiscal_year=2024)
    # Submitted by a colleague: whoever wrote an entry may not approve it (separation of duties).
    colleague = make_user("jimu2", tiny.municipality, role=people.secretariat.role)
    for entry in Entry.objects.filter(round=round_):
        draft = EntryDraft(progress="実施した。", rating="B", reason="", next_year_goal="続ける。")
        submit_entry(colleague, entry.pk, version=entry.version, draft=draft)
    page.get_by_role("button", name="確認に入る").click()
    page.get_by_role("button", name="締め切る").click()
    expect(page.get_by_role("alert")).to_contain_text("承認されていない評価が 4 件あります。")
    _assert_accessible(page, "close refused")

    page.get_by_role("link", name="すべての評価の一覧").click()
    expect(_h1(page)).to_contain_text("評価の一覧")  # type: ignore[arg-type]
    _assert_accessible(page, "review list")
    page.get_by_role("button", name="承認 (1-1-1-1 福祉教育 生涯学習課)").click()
    expect(page.get_by_role("status")).to_contain_text("を承認しました。")
    page.get_by_role("textbox", name="差戻しの理由 (1-1-2-1 福祉協力校設置 社協)").fill(
        "実績の数字を書いてください。"
    )
    page.get_by_role("button", name="差戻し (1-1-2-1 福祉協力校設置 社協)").click()
    expect(page.get_by_role("status")).to_contain_text("を差し戻しました。")
    _assert_accessible(page, "review list after actions")

    page.get_by_role("link", name="令和6年度(2024年度)の進行管理に戻る").click()
    expect(page.get_by_role("link", name="件(社協・差戻し)")).to_be_visible()
    page.get_by_label("戻す理由", exact=True).fill("")
    page.get_by_role("button", name="「照会中」に戻す").click()
    expect(page.get_by_label("戻す理由", exact=True)).to_have_attribute("aria-invalid", "true")
    _assert_accessible(page, "reopen refused")


def test_the_secretariat_evaluates_a_policy_and_meets_a_stale_save_with_no_axe_violations(
    page: Page, live_server: LiveServer, tiny: TinyPlan, people: People
) -> None:
    _sign_in(page, live_server, people.secretariat)
    page.goto(live_server.url + reverse("web:round", args=[tiny.collecting.pk]))
    page.get_by_role("link", name="1-1 福祉の心を育む学習機会の充実").click()
    expect(_h1(page)).to_contain_text("施策評価 1-1")  # type: ignore[arg-type]
    _assert_accessible(page, "policy evaluation")

    page.get_by_label("提案の算出方法").select_option("lowest")
    page.get_by_role("button", name="この方法で計算する").click()
    expect(page.get_by_text("最も低い評価: 評価済み 1 件から算出")).to_be_visible()
    page.get_by_role("radio", name=re.compile("^C:")).check()
    page.get_by_label("評価のコメント").fill("取組の遅れが見られる。")
    colleague = make_user("jimu2", tiny.municipality, role=User.Role.SECRETARIAT, display_name="事務局 二郎")
    evaluate_node(
        colleague,
        tiny.collecting.pk,
        tiny.policy.pk,
        rating="B",
        comment="二郎の判断",
        rule=ConsolidationRule.LOWEST,
        version=None,
    )
    page.get_by_role("button", name="評価を保存する").click()
    expect(page.get_by_role("alert")).to_contain_text("事務局 二郎さんの変更")
    expect(page.get_by_label("評価のコメント")).to_have_value("取組の遅れが見られる。")
    _assert_accessible(page, "policy evaluation stale")

    page.get_by_role("button", name="評価を保存する").click()
    expect(page.get_by_role("status")).to_contain_text("の評価を保存しました。")
    _assert_accessible(page, "policy evaluation saved")


def test_a_committee_member_writes_and_the_secretariat_responds_with_no_axe_violations(
    page: Page, live_server: LiveServer, tiny: TinyPlan, people: People
) -> None:
    tiny.collecting.state = Round.State.REVIEW
    tiny.collecting.save()
    _sign_in(page, live_server, people.committee)
    page.goto(live_server.url + reverse("web:home"))
    page.get_by_role("banner").get_by_role("link", name="委員意見").click()
    _assert_accessible(page, "opinion rounds")
    page.get_by_role("link", name="令和6年度(2024年度)").click()
    expect(_h1(page)).to_contain_text("委員意見と市の考え方")  # type: ignore[arg-type]
    _assert_accessible(page, "opinions for the committee")

    page.get_by_role("button", name=re.compile("^意見を登録する")).click()
    expect(page.get_by_label("意見", exact=True)).to_have_attribute("aria-invalid", "true")
    _assert_accessible(page, "opinion refused")
    page.get_by_label("意見", exact=True).fill("地域の行事でも福祉を学べるようにしてほしい。")
    page.get_by_role("button", name=re.compile("^意見を登録する")).click()
    expect(page.get_by_role("status")).to_contain_text("への意見を登録しました。")

    _sign_in(page, live_server, people.secretariat)
    page.goto(live_server.url + reverse("web:opinions", args=[tiny.collecting.pk]))
    _assert_accessible(page, "opinions for the secretariat")
    page.get_by_label("市の考え方").fill("公民館と連携します。")
    opinion = tiny.collecting.committee_opinions.get()
    colleague = make_user("jimu2", tiny.municipality, role=User.Role.SECRETARIAT, display_name="事務局 二郎")
    respond_to_opinion(colleague, opinion.pk, version=1, response="二郎の回答")
    page.get_by_role("button", name=re.compile("^市の考え方を保存する")).click()
    expect(page.get_by_role("alert")).to_contain_text("事務局 二郎さんの変更")
    _assert_accessible(page, "response stale")
    page.get_by_role("button", name=re.compile("^市の考え方を保存する")).click()
    expect(page.get_by_role("status")).to_contain_text("市の考え方を保存しました。")
    opinion.refresh_from_db()
    assert opinion.response == "公民館と連携します。"
