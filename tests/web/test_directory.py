"""The home and prefecture pages: a directory of municipalities that stays one page whatever the
number of cities (shinchoku.web.directory)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shinchoku.web.directory import PER_PAGE
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan, make_user
from tests.many_cities import add_cities, city_code


@pytest.fixture
def tiny(db: None) -> TinyPlan:
    return build_tiny_plan()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _queries(client: Client, url: str) -> int:
    caches["pages"].clear()  # a rendered page, not the stored one
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_a_home_of_one_city_lists_its_plans_without_a_search_form(client: Client, tiny: TinyPlan) -> None:
    html = client.get(reverse("public:home")).content.decode()

    assert tiny.plan.title in html
    assert reverse("public:plan", args=[tiny.plan.pk]) in html
    assert "自治体を探す" not in html
    assert "都道府県から探す" not in html


def test_a_large_home_shows_one_page_of_cities_grouped_by_prefecture(client: Client, tiny: TinyPlan) -> None:
    add_cities(PER_PAGE + 5)

    html = client.get(reverse("public:home")).content.decode()
    text = _text(html)

    assert "自治体を探す" in html
    assert "都道府県から探す" in html
    assert text.count("(コード ") == PER_PAGE
    assert "北海道" in text  # the first city by code, 01…, under its prefecture
    assert 'rel="next"' in html
    second = _text(client.get(reverse("public:home") + "?page=2").content.decode())
    assert second.count("(コード ") == 6  # the 26 cities: the tiny plan's and 25 generated


def test_the_home_shows_published_years_only_and_links_each(client: Client, tiny: TinyPlan) -> None:
    plan = add_cities(1)[0]

    html = client.get(reverse("public:home")).content.decode()

    assert f"{reverse('public:plan', args=[plan.pk])}?year=2023" in html
    assert f"{reverse('public:plan', args=[plan.pk])}?year=2024" not in html


def test_the_city_staff_home_shows_their_unpublished_year(client: Client, tiny: TinyPlan) -> None:
    plan = add_cities(1)[0]
    client.force_login(make_user("seisei", plan.municipality))

    html = client.get(reverse("web:home")).content.decode()

    assert f"{reverse('web:plan', args=[plan.pk])}?year=2024" in html


@pytest.mark.parametrize("query", ["生成市0003", "0003", city_code(3)[:5], "１１９００"])
def test_the_home_finds_a_city_by_name_or_by_the_beginning_of_its_code(
    client: Client, tiny: TinyPlan, query: str
) -> None:
    add_cities(PER_PAGE + 5)
    expected = "生成市0003" if query != "１１９００" else "生成市0010"  # 11 = 埼玉県, the 11th prefecture

    text = _text(client.get(reverse("public:home"), {"q": query}).content.decode())

    assert expected in text
    assert "生成市0004" not in text
    assert "1団体" in text


def test_a_search_finding_no_city_says_so_and_keeps_the_form(client: Client, tiny: TinyPlan) -> None:
    text = _text(client.get(reverse("public:home"), {"q": "存在しない町"}).content.decode())

    assert "「存在しない町」に一致する自治体はありません。" in text
    assert "自治体名または全国地方公共団体コード" in text


def test_a_prefecture_page_lists_only_its_cities(client: Client, tiny: TinyPlan) -> None:
    add_cities(60)

    text = _text(client.get(reverse("public:prefecture", args=["11"])).content.decode())

    assert "埼玉県の計画" in text
    assert "北本市" in text  # the tiny plan's city, 112330
    assert "生成市0010" in text  # the 11th prefecture's, twice round
    assert "生成市0057" in text
    assert "生成市0011" not in text


@pytest.mark.parametrize("code", ["48", "00", "1", "abc"])
def test_a_prefecture_that_does_not_exist_is_not_found(client: Client, tiny: TinyPlan, code: str) -> None:
    assert client.get(reverse("public:prefecture", args=[code])).status_code == 404


def test_the_home_and_prefecture_pages_read_as_many_rows_for_30_cities_as_for_3(
    client: Client, tiny: TinyPlan
) -> None:
    urls = [
        reverse("public:home"),
        reverse("public:home") + "?q=生成",
        reverse("public:prefecture", args=["11"]),
    ]
    add_cities(3)
    few = [_queries(client, url) for url in urls]
    add_cities(27, start=3)
    many = [_queries(client, url) for url in urls]

    assert few == many
