"""The read-only JSON API: the same visibility as the pages, Japanese errors, pages and ETags."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan


def fetch(client: Client, path: str, status: int = 200, **extra: Any) -> Any:
    response = client.get(path, **extra)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content.decode("utf-8"))


def base(tiny: TinyPlan) -> str:
    return f"/api/v1/plans/{tiny.plan.pk}"


def test_a_visitor_sees_only_published_years_in_the_plan_list(client: Client, tiny: TinyPlan) -> None:
    plans = fetch(client, "/api/v1/plans/")["results"]
    assert [(p["title"], p["fiscal_years"]) for p in plans] == [("北本市地域福祉計画", [2023])]


def test_staff_of_the_municipality_also_see_the_collecting_year(staff_client: Client, tiny: TinyPlan) -> None:
    assert fetch(staff_client, "/api/v1/plans/")["results"][0]["fiscal_years"] == [2024, 2023]
    rounds = fetch(staff_client, f"{base(tiny)}/rounds/")["rounds"]
    assert [(r["fiscal_year"], r["state"]) for r in rounds] == [(2024, "collecting"), (2023, "published")]


def test_a_visitor_never_gets_the_entries_of_an_unpublished_round(client: Client, tiny: TinyPlan) -> None:
    body = fetch(client, f"{base(tiny)}/rounds/2024/entries/", status=404)
    assert body["error"]["code"] == "not_found"
    assert "2024年度の評価は見つからないか、まだ公表されていません" in body["error"]["message"]
    fetch(client, f"{base(tiny)}/rounds/2024/", status=404)
    fetch(client, f"{base(tiny)}/rounds/2024/evaluations/", status=404)


def test_staff_of_another_municipality_see_what_a_visitor_sees(
    other_staff_client: Client, tiny: TinyPlan
) -> None:
    fetch(other_staff_client, f"{base(tiny)}/rounds/2024/entries/", status=404)
    assert fetch(other_staff_client, "/api/v1/plans/")["results"][0]["fiscal_years"] == [2023]


def test_staff_get_the_draft_entries_of_the_collecting_round(staff_client: Client, tiny: TinyPlan) -> None:
    rows = fetch(staff_client, f"{base(tiny)}/rounds/2024/entries/")["results"]
    drafted = next(row for row in rows if row["project_code"] == "1-1-1-1")
    assert (drafted["rating"], drafted["progress"]) == ("C", "令和6年度の下書きの進捗")


def test_an_unknown_plan_is_a_japanese_404(client: Client, tiny: TinyPlan) -> None:
    body = fetch(client, "/api/v1/plans/99999/", status=404)
    assert body == {
        "error": {"status": 404, "code": "not_found", "message": "計画(ID 99999)は見つかりません。"}
    }


def test_the_entries_are_the_rows_of_the_open_data_csv(client: Client, tiny: TinyPlan) -> None:
    rows = fetch(client, f"{base(tiny)}/rounds/2023/entries/")["results"]
    assert [(r["project_id"], r["department"], r["rating"]) for r in rows] == [
        (f"112330_{tiny.plan.pk}_1-1-1-1", "生涯学習課", "A"),
        (f"112330_{tiny.plan.pk}_1-1-1-2", "共生福祉課", "B"),
        (f"112330_{tiny.plan.pk}_1-1-1-2", "社協", "A"),
        (f"112330_{tiny.plan.pk}_1-1-2-1", "社協", None),
        (f"112330_{tiny.plan.pk}_1-1-2-2", None, None),
    ]
    assert rows[0]["fiscal_year"] == 2023
    assert rows[0]["fiscal_year_wareki"] == "令和5年度"
    assert rows[4]["is_cross_listing"] is True


def test_the_round_is_the_open_data_json_document(client: Client, tiny: TinyPlan) -> None:
    body = fetch(client, f"{base(tiny)}/rounds/2023/")
    assert body == json.loads(get("json").render(ReportRequest(tiny.published)))


def test_the_evaluations_list_the_inner_nodes(client: Client, tiny: TinyPlan) -> None:
    rows = fetch(client, f"{base(tiny)}/rounds/2023/evaluations/")["results"]
    assert [(r["node_code"], r["rating"]) for r in rows] == [
        ("1", None),
        ("1-1", "B"),
        ("1-1-1", None),
        ("1-1-2", None),
    ]


def test_the_node_tree_has_the_structure_without_ratings(client: Client, tiny: TinyPlan) -> None:
    goal = fetch(client, f"{base(tiny)}/nodes/")["nodes"][0]
    project = goal["children"][0]["children"][0]["children"][1]
    assert project["code"] == "1-1-1-2"
    assert [d["name"] for d in project["departments"]] == ["共生福祉課", "社協"]
    assert "entries" not in project
    assert "rating" not in project


def test_a_visitor_does_not_get_indicator_values_of_an_unpublished_year(
    client: Client, tiny: TinyPlan
) -> None:
    indicator = fetch(client, f"{base(tiny)}/indicators/")["results"][0]
    assert [v["fiscal_year"] for v in indicator["values"]] == [2022, 2023]


def test_staff_get_indicator_values_of_every_year(staff_client: Client, tiny: TinyPlan) -> None:
    indicator = fetch(staff_client, f"{base(tiny)}/indicators/")["results"][0]
    assert [v["fiscal_year"] for v in indicator["values"]] == [2022, 2023, 2024]


def test_the_plan_names_its_rating_scale(client: Client, tiny: TinyPlan) -> None:
    plan = fetch(client, f"{base(tiny)}/")
    assert [code["code"] for code in plan["rating_scale"]] == ["A", "B", "C"]
    assert [r["fiscal_year"] for r in plan["rounds"]] == [2023]


def test_lists_are_paginated_with_links(client: Client, tiny: TinyPlan) -> None:
    first = fetch(client, f"{base(tiny)}/rounds/2023/entries/?per_page=2")
    assert (first["count"], first["pages"], len(first["results"])) == (5, 3, 2)
    assert first["previous"] is None
    assert first["next"].endswith("?per_page=2&page=2")
    last = fetch(client, f"{base(tiny)}/rounds/2023/entries/?per_page=2&page=3")
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_a_page_past_the_end_and_a_bad_page_number_are_japanese_errors(
    client: Client, tiny: TinyPlan
) -> None:
    assert "ページ目はありません" in fetch(client, "/api/v1/plans/?page=9", status=404)["error"]["message"]
    body = fetch(client, "/api/v1/plans/?per_page=abc", status=400)
    assert body["error"]["message"] == "per_page には1以上の整数を半角数字で指定してください(指定: abc)。"


@pytest.mark.parametrize("number", ["²", "١", "１", "0", "-1", "1.0", " 1", ""])
def test_a_page_number_in_anything_but_ascii_digits_from_1_is_a_400(
    client: Client, tiny: TinyPlan, number: str
) -> None:
    body = fetch(client, f"/api/v1/plans/?{urlencode({'page': number})}", status=400)
    assert body["error"]["code"] == "bad_request"
    assert "半角数字" in body["error"]["message"]


def test_more_than_500_rows_a_page_is_refused_as_the_openapi_document_says(
    client: Client, tiny: TinyPlan
) -> None:
    assert fetch(client, "/api/v1/plans/?per_page=500")["per_page"] == 500
    body = fetch(client, "/api/v1/plans/?per_page=501", status=400)
    assert body["error"]["message"] == "per_page は500以下にしてください(指定: 501)。"


def test_a_page_number_longer_than_any_page_is_a_404_not_a_500(client: Client, tiny: TinyPlan) -> None:
    fetch(client, "/api/v1/plans/?page=" + "9" * 5000, status=404)
    fetch(client, "/api/v1/plans/?per_page=" + "9" * 5000, status=400)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/plans/abc/",
        "/api/v1/plans/1/rounds/二〇二三/",
        "/api/v1/nothing/",
        "/api/v1/plans/a%0Ab/",
        "/api/",
        "/api/v1/plans/99999999999999999999999/",
        "/api/v1/plans/{plan}/rounds/99999999999999999999999/",
    ],
)
def test_every_address_under_api_that_is_not_found_is_a_json_404(
    client: Client, tiny: TinyPlan, path: str
) -> None:
    body = fetch(client, path.format(plan=tiny.plan.pk), status=404)
    assert body["error"]["code"] == "not_found"


def test_an_unchanged_response_is_not_sent_again(client: Client, tiny: TinyPlan) -> None:
    response = client.get("/api/v1/plans/")
    assert "Cookie" in response["Vary"]
    again = client.get("/api/v1/plans/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["/api/v1/plans/", "/api/v1/plans/1/", "/api/v1/nothing/"])
def test_any_method_but_get_is_a_json_405_even_with_csrf_checks_on(
    tiny: TinyPlan, method: str, path: str
) -> None:
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET, HEAD"
    assert (
        json.loads(response.content)["error"]["message"] == "この API は読み取り専用です(GET と HEAD のみ)。"
    )


def test_the_municipalities_list_their_plans(client: Client, tiny: TinyPlan) -> None:
    municipalities = fetch(client, "/api/v1/municipalities/")["results"]
    assert municipalities == [
        {"code": "112330", "name": "北本市", "plans": [{"id": tiny.plan.pk, "title": "北本市地域福祉計画"}]}
    ]


def test_the_plan_and_its_indicators_say_how_achievement_rates_are_computed(
    client: Client, tiny: TinyPlan
) -> None:
    tiny.plan.achievement_formula = "ratio"
    tiny.plan.save()

    plan = fetch(client, f"{base(tiny)}/")
    indicator = fetch(client, f"{base(tiny)}/indicators/")["results"][0]

    assert plan["achievement_formula"]["code"] == "ratio"
    assert plan["achievement_formula"]["description"].startswith("達成率 = 実績値 ÷ 目標値")
    assert indicator["achievement_formula"] == "ratio"
    assert [value["achievement_rate"] for value in indicator["values"]] == [0.417, 0.625]
