"""Every tally on the pages shows each code of the scale: the rating codes, then each non-rating
code (未着手, 評価困難) apart, then 未評価 (no code at all) — never one folded into another."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.evaluations.scaled_plan import ScaledPlan

EVERY_CODE = "S 1件 A 2件 B 0件 C 1件 未着手 1件 評価困難 2件 未評価 2件"


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_dashboard_counts_each_non_rating_code_apart_from_the_unrated(
    client: Client, scaled: ScaledPlan
) -> None:
    text = _text(client, reverse("public:dashboard", args=[scaled.plan.pk]))

    assert EVERY_CODE in text
    assert "事業 9件(再掲を除く)" in text
    assert "評価ではない区分(未着手・評価困難)と未評価" in text


def test_the_dashboard_tables_share_over_the_rated_and_count_the_rest_apart(
    client: Client, scaled: ScaledPlan
) -> None:
    text = _text(client, reverse("public:dashboard", args=[scaled.plan.pk]))

    assert "1 活力あるまち 1件 (25%) 2件 (50%) 0件 (0%) 1件 (25%) 1件 2件 2件 9件" in text
    assert "企画課 1件 (50%) 1件 (50%) 0件 (0%) 0件 (0%) 1件 0件 1件 4件" in text
    assert "福祉課 0件 (0%) 1件 (50%) 0件 (0%) 1件 (50%) 0件 2件 1件 5件" in text


def test_the_dashboard_table_headers_follow_the_scale_then_the_unrated(
    client: Client, scaled: ScaledPlan
) -> None:
    html = client.get(reverse("public:dashboard", args=[scaled.plan.pk])).content.decode()

    heads = re.findall(r'<th scope="col" class="num">([^<]+)</th>', html)
    assert heads[:8] == ["S", "A", "B", "C", "未着手", "評価困難", "未評価", "事業数"]


def test_the_dashboard_charts_write_the_non_rating_codes_after_the_bar(
    client: Client, scaled: ScaledPlan
) -> None:
    html = client.get(reverse("public:dashboard", args=[scaled.plan.pk])).content.decode()

    assert '<text class="chart-note"' in html
    assert re.search(r'<text class="chart-note"[^>]*>未着手 1件 評価困難 2件 未評価 2件</text>', html)
    assert not re.search(r'<text class="bar-label[^"]*"[^>]*>(未着手|評価困難)</text>', html)


def test_the_plan_page_counters_show_every_code(client: Client, scaled: ScaledPlan) -> None:
    text = _text(client, reverse("public:plan", args=[scaled.plan.pk]))

    assert EVERY_CODE in text
    assert "S 1 A 2 B 0 C 1 未着手 1 評価困難 2 未評価 2" in text


def test_the_department_page_counts_its_year_by_every_code(client: Client, scaled: ScaledPlan) -> None:
    url = reverse("public:department", args=[scaled.plan.pk, scaled.departments["福祉課"].pk])
    text = _text(client, url)

    assert "年度 S A B C 未着手 評価困難 未評価 事業数" in text
    assert "令和5年度(2023年度) 0件 1件 0件 1件 0件 2件 1件 5件" in text
