"""The 未提出 list printed from a real browser: A4, without the site's navigation."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
A4_POINTS = (595, 842)  # 210 × 297 mm


def test_the_list_prints_on_a4_without_navigation(
    page: Page, live_server: LiveServer, tiny: TinyPlan, people: People
) -> None:
    client = Client()
    client.force_login(people.secretariat)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("web:round_unsubmitted", args=[tiny.collecting.pk]))
    expect(page.get_by_role("navigation", name="サイト")).to_be_visible()

    page.emulate_media(media="print")

    for hidden in (
        page.get_by_role("banner"),
        page.locator(".breadcrumbs"),
        page.get_by_role("link", name="CSVでダウンロード"),
    ):
        expect(hidden).to_be_hidden()
    expect(page.get_by_role("table")).to_contain_text("1-1-1-1")
    pdf = page.pdf(prefer_css_page_size=True)
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box is not None
    assert (round(float(box[1])), round(float(box[2]))) == A4_POINTS
