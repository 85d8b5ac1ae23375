"""The lists of municipalities and plans at national scale: filtered by prefecture and municipality
code, read one page at a time, kept in the page cache."""

from __future__ import annotations

import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.test_views import fetch
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.many_cities import add_cities, city_code
from tests.web.test_page_cache import record_change


def test_the_plans_are_filtered_by_prefecture(client: Client, tiny: TinyPlan) -> None:
    add_cities(60)  # 生成市0010 and 生成市0057 are in 埼玉県 (11), as 北本市

    body = fetch(client, "/api/v1/plans/?prefecture=11")

    assert body["count"] == 3
    assert [plan["municipality"]["name"] for plan in body["results"]] == [
        "北本市",
        "生成市0057",
        "生成市0010",
    ]


def test_the_municipalities_are_filtered_by_code_of_six_or_five_digits(
    client: Client, tiny: TinyPlan
) -> None:
    add_cities(5)
    code = city_code(3)

    for given in (code, code[:5]):
        body = fetch(client, f"/api/v1/municipalities/?municipality={given}")
        assert [city["name"] for city in body["results"]] == ["生成市0003"]
        assert body["results"][0]["plans"][0]["title"] == "地域福祉計画"
    assert fetch(client, "/api/v1/plans/?municipality=112330&prefecture=11")["count"] == 1
    assert fetch(client, "/api/v1/plans/?municipality=112330&prefecture=13")["count"] == 0
    assert fetch(client, "/api/v1/plans/?municipality=112331")["count"] == 0  # a wrong check digit


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("prefecture=48", "都道府県コード"),
        ("prefecture=1", "都道府県コード"),
        ("municipality=11233x", "5桁または6桁"),
        ("municipality=abc", "5桁または6桁"),
    ],
)
def test_a_place_that_is_not_a_code_is_a_japanese_400(
    client: Client, tiny: TinyPlan, query: str, words: str
) -> None:
    for path in ("/api/v1/plans/", "/api/v1/municipalities/"):
        body = fetch(client, f"{path}?{query}", status=400)
        assert words in body["error"]["message"]


def test_the_plans_give_each_reader_the_years_they_may_read(client: Client, tiny: TinyPlan) -> None:
    plan = add_cities(1)[0]
    path = f"/api/v1/plans/?municipality={plan.municipality.code}"

    assert fetch(client, path)["results"][0]["fiscal_years"] == [2023]
    client.force_login(make_user("seisei", plan.municipality, role="secretariat"))
    assert fetch(client, path)["results"][0]["fiscal_years"] == [2024, 2023]


def _queries(client: Client, path: str) -> int:
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        fetch(client, path)
    return len(queries)


def test_the_lists_read_as_many_rows_for_30_cities_as_for_3(client: Client, tiny: TinyPlan) -> None:
    paths = [
        "/api/v1/plans/?per_page=2",
        "/api/v1/municipalities/?per_page=2",
        "/api/v1/plans/?prefecture=11",
    ]
    add_cities(3)
    few = [_queries(client, path) for path in paths]
    add_cities(27, start=3)

    assert [_queries(client, path) for path in paths] == few


def test_a_list_is_served_from_the_cache_with_its_etag(client: Client, tiny: TinyPlan) -> None:
    record_change(tiny, "作成")  # the data have a version: pages are stored
    first = client.get("/api/v1/plans/")
    again = client.get("/api/v1/plans/")

    assert first["X-Page-Cache"] == "miss"
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert client.get("/api/v1/plans/", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
    assert client.get("/api/v1/plans/?per_page=1")["X-Page-Cache"] == "miss"  # another address


def test_a_typed_slot_of_the_page_cache_stays_a_text_in_a_stored_list(client: Client, tiny: TinyPlan) -> None:
    record_change(tiny, "作成")
    tiny.plan.title = "計画<!--shinchoku:account-menu-->"
    tiny.plan.save()
    client.get("/api/v1/plans/")

    again = client.get("/api/v1/plans/")

    assert again["X-Page-Cache"] == "hit"
    assert json.loads(again.content)["results"][0]["title"] == "計画<!--shinchoku:account-menu-->"


def test_a_stored_list_is_never_served_to_a_signed_in_reader(client: Client, tiny: TinyPlan) -> None:
    record_change(tiny, "作成")
    assert fetch(client, "/api/v1/plans/")["results"][0]["fiscal_years"] == [2023]
    client.force_login(make_user("kyosei", tiny.municipality, role="secretariat"))

    assert fetch(client, "/api/v1/plans/")["results"][0]["fiscal_years"] == [2024, 2023]


def test_the_openapi_document_describes_the_place_filters(client: Client, tiny: TinyPlan) -> None:
    paths = fetch(client, "/api/v1/openapi.json")["paths"]

    for path in ("/api/v1/plans/", "/api/v1/municipalities/"):
        names = [parameter["name"] for parameter in paths[path]["get"]["parameters"]]
        assert names == ["page", "per_page", "prefecture", "municipality"]
