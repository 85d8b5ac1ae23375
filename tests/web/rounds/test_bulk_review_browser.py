"""Bulk review in a real browser, without JavaScript of ours: the 事務局 ticks 20 entries and
approves them in one action, then returns the 3 others with one comment; axe-core's WCAG 2.x A/AA
rules hold on the list and on the page of results."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.judges import axe_violations, describe
from tests.web.rounds.many_entries import add_submitted_entries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    """Share a session made by Django's test client with the browser (login is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _label(entry: Entry) -> str:
    return f"選ぶ({entry.project.code} {entry.project.display_title} {entry.department.name})"


def test_the_secretariat_approves_20_entries_in_one_action_and_returns_3_with_one_comment(
    page: Page, live_server: LiveServer, tiny: TinyPlan, people: People
) -> None:
    entries = add_submitted_entries(tiny, 23)
    _sign_in(page, live_server, people.secretariat)
    listing = live_server.url + reverse("web:round_entries", args=[tiny.collecting.pk])
    page.goto(listing)
    page.locator("details.entry-texts summary").nth(1).click()
    expect(page.locator("details.entry-texts").nth(1)).to_contain_text("見守り訪問を1回行った。")
    assert describe("entries with bulk review", axe_violations(page)) == []

    for entry in entries[:20]:
        page.get_by_label(_label(entry), exact=True).check()
    page.get_by_role("button", name="まとめて承認").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("まとめて承認した結果")
    expect(page.locator(".bulk-summary")).to_contain_text("20件を承認しました")
    assert describe("bulk result", axe_violations(page)) == []
    page.get_by_role("link", name="評価の一覧に戻る").click()

    for entry in entries[20:]:
        page.get_by_label(_label(entry), exact=True).check()
    page.get_by_label("差戻しの理由(まとめて差戻しのとき。選んだすべての担当課に表示されます)").fill(
        "指標の実績値を入れてください"
    )
    page.get_by_role("button", name="まとめて差戻し").click()
    expect(page.locator(".bulk-summary")).to_contain_text("3件を差し戻しました")

    statuses = dict(Entry.objects.filter(pk__in=[entry.pk for entry in entries]).values_list("pk", "status"))
    assert [statuses[entry.pk] for entry in entries] == ["approved"] * 20 + ["returned"] * 3
    returned = Entry.objects.filter(pk__in=[entry.pk for entry in entries[20:]])
    assert {entry.review_comment for entry in returned} == {"指標の実績値を入れてください"}
    assert AuditEntry.objects.filter(action="approve_entry").count() == 20
    assert AuditEntry.objects.filter(action="return_entry").count() == 3


def test_the_toggle_ticks_and_unticks_every_entry_of_the_list(
    page: Page, live_server: LiveServer, tiny: TinyPlan, people: People
) -> None:
    entries = add_submitted_entries(tiny, 4)
    _sign_in(page, live_server, people.secretariat)
    page.goto(live_server.url + reverse("web:round_entries", args=[tiny.collecting.pk]))
    toggle = page.get_by_role("button", name="一覧の評価をすべて選ぶ")

    toggle.click()

    expect(toggle).to_have_attribute("aria-pressed", "true")
    for entry in entries:
        expect(page.get_by_label(_label(entry), exact=True)).to_be_checked()
    assert describe("entries with every entry ticked", axe_violations(page)) == []
    toggle.click()
    for entry in entries:
        expect(page.get_by_label(_label(entry), exact=True)).not_to_be_checked()
