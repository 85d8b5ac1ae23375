"""The dashboard page: counts and shares per group as SVG charts with table equivalents."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from shinchoku.evaluations.models import Entry, NodeEvaluation
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


def _chart(html: str, key: str) -> str:
    found = re.search(rf'<svg class="bar-chart"[^>]*"chart-{key}-title.*?</svg>', html, re.S)
    assert found, key
    return found.group()


def test_each_chart_row_is_a_group_with_its_label_labelled_segments_and_unrated_count(
    client: Client, tiny: TinyPlan
) -> None:
    chart = _chart(_html(client, dashboard_url(tiny)), "goals")

    [row] = re.findall(r"<g .*?</g>", chart)
    assert row.startswith(
        '<g transform="translate(0 14.0)"><text class="chart-row-label" x="242.0" y="18.0">1 '
    )
    segments = (
        r'<rect class="bar-segment" x="[\d.]+" width="200.0" height="26.0" fill="url\(#chart-goals-fill-(\d)'
    )
    assert re.findall(segments, row) == ["0", "1"]
    assert re.findall(r'<text class="bar-label bar-label--\d" x="[\d.]+" y="18.0">(\w)</text>', row) == [
        "A",
        "B",
    ]
    assert row.endswith('<text class="chart-note" x="658.0" y="18.0">未評価 1件</text></g>')


def test_a_chart_row_with_nothing_rated_draws_an_empty_bar_saying_so(client: Client, tiny: TinyPlan) -> None:
    Entry.objects.filter(round=tiny.published).update(rating=None)
    NodeEvaluation.objects.filter(round=tiny.published).update(rating=None)

    chart = _chart(_html(client, dashboard_url(tiny)), "goals")

    assert '<rect class="bar-empty" x="250.0" width="400.0" height="26.0"/>' in chart
    assert '<text class="chart-note" x="258.0" y="18.0">評価済みの事業なし</text>' in chart
    assert 'class="bar-segment"' not in chart


def _between(html: str, start: str, end: str) -> str:
    """The part of ``html`` from ``start`` up to the next ``end``."""
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_the_change_tables_write_the_codes_and_the_key_before_them_their_definitions_once(
    staff_client: Client, tiny: TinyPlan
) -> None:
    changes = _between(
        _html(staff_client, dashboard_url(tiny, "web")), '<section class="changes"', "</section>"
    )

    # 2024: 福祉教育 A → C; the shared project (B in 2023) is no longer reported.
    key = _between(changes, '<dl class="rating-key">', "</dl>")
    assert re.findall(r'<dt><span class="rating">(\w)</span></dt><dd>([^<]+)</dd>', key) == [
        (code.code, code.definition) for code in tiny.codes.values()
    ]
    for code in tiny.codes.values():
        assert changes.count(code.definition) == 1
    assert "title=" not in changes
    fell = _between(changes, 'id="changes-fell"', "</table>")
    assert '<td><span class="rating">A</span></td><td><span class="rating">C</span></td>' in fell
    ended = _between(changes, 'id="changes-ended"', "</table>")
    assert '<td><span class="rating">B</span></td><td>記載なし</td>' in ended
    assert '<td><span class="rating rating--none">未評価</span></td><td>記載なし</td>' in ended
