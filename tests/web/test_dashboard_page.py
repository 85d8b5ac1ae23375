"""The dashboard page: counts and shares per group as SVG charts with table equivalents."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.evaluations.tiny_plan import TinyPlan


def _html(client: Client, url: str, **query: object) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def dashboard_url(tiny: TinyPlan, site: str = "public") -> str:
    return reverse(f"{site}:dashboard", args=[tiny.plan.pk])


def test_it_counts_the_year_with_the_unrated_apart(client: Client, tiny: TinyPlan) -> None:
    text = _text(_html(client, dashboard_url(tiny)))

    assert "令和5年度(2023年度)の事業評価" in text
    assert "A 1件 B 1件 C 0件 未評価 1件" in text


def test_each_chart_is_an_image_with_a_name_and_a_table_with_the_same_numbers(
    client: Client, tiny: TinyPlan
) -> None:
    html = _html(client, dashboard_url(tiny))

    charts = re.findall(r'<svg class="bar-chart"[^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == 3
    for labels in charts:
        title_id = labels.split()[0]
        assert re.search(rf'<title id="{title_id}">[^<]+</title>', html)
    assert html.count("<caption") >= 3
    assert '<th scope="col">基本目標</th>' in html
    assert '<th scope="col">担当課</th>' in html
    # Segments are labelled with their code, not only coloured.
    assert re.search(r'<text class="bar-label bar-label--0"[^>]*>A</text>', html)


def test_the_tables_give_counts_and_shares_of_the_rated(client: Client, tiny: TinyPlan) -> None:
    text = _text(_html(client, dashboard_url(tiny)))

    assert "1 すべての世代に福祉の心を広げる意識づくり 1件 (50%) 1件 (50%) 0件 (0%) 1件 3件" in text
    assert "社協 1件 (100%) 0件 (0%) 0件 (0%) 1件 2件" in text


def test_groups_link_to_their_node_and_department_pages(client: Client, tiny: TinyPlan) -> None:
    html = _html(client, dashboard_url(tiny))

    assert f'href="{reverse("public:node", args=[tiny.plan.pk, tiny.policy.pk])}?year=2023"' in html
    assert f'href="{reverse("public:department", args=[tiny.plan.pk, tiny.departments["社協"].pk])}"' in html


def test_the_public_has_no_previous_year_to_compare_with(client: Client, tiny: TinyPlan) -> None:
    assert "比べられる前年度の評価がありません" in _text(_html(client, dashboard_url(tiny)))


def test_staff_see_what_changed_since_the_previous_year(staff_client: Client, tiny: TinyPlan) -> None:
    text = _text(_html(staff_client, dashboard_url(tiny, "web")))

    assert "前年度 令和5年度(2023年度)からの変化" in text
    assert "評価が下がった事業(1件)" in text
    assert re.search(r"1-1-1-1 福祉教育 A .*C", text)
    assert "前年度まで記載があり、この年度は記載のない事業(2件)" in text
    assert "公表前 この年度は「照会中」です。" in text


def test_the_plan_page_links_to_the_dashboard_keeping_the_year(client: Client, tiny: TinyPlan) -> None:
    html = _html(client, reverse("public:plan", args=[tiny.plan.pk]))

    assert f'href="{dashboard_url(tiny)}?year=2023"' in html


def test_a_plan_without_visible_rounds_says_so(client: Client, tiny: TinyPlan) -> None:
    tiny.published.state = tiny.published.State.REVIEW
    tiny.published.save()

    assert "公表された年度の評価はまだありません" in _text(_html(client, dashboard_url(tiny)))
