"""Committee opinions (委員意見と市の考え方) through the API: published rounds only for visitors."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from shinchoku.evaluations.models import CommitteeOpinion
from tests.evaluations.tiny_plan import TinyPlan


def url(tiny: TinyPlan, year: int) -> str:
    return f"/api/v1/plans/{tiny.plan.pk}/rounds/{year}/opinions/"


def results(client: Client, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, response.content.decode()
    return json.loads(response.content)


def test_a_visitor_gets_the_opinions_of_a_published_round_in_the_order_of_the_tree(
    client: Client, opinions: TinyPlan
) -> None:
    rows = results(client, url(opinions, 2023))["results"]
    assert rows == [
        {
            "node_id": f"112330_{opinions.plan.pk}_1-1",
            "node_code": "1-1",
            "level_label": "施策",
            "node_title": opinions.policy.title,
            "position": 1,
            "opinion": "成果を数字で示してほしい。",
            "response": "次年度から指標を示します。",
        },
        {
            "node_id": f"112330_{opinions.plan.pk}_1-1-1-1",
            "node_code": "1-1-1-1",
            "level_label": opinions.plan.level_label(opinions.single.level),
            "node_title": opinions.single.title,
            "position": 1,
            "opinion": "対象を広げてほしい。",
            "response": None,
        },
    ]


def test_the_committee_member_who_wrote_an_opinion_is_never_given(client: Client, opinions: TinyPlan) -> None:
    assert "iin" not in json.dumps(results(client, url(opinions, 2023)), ensure_ascii=False)


def test_a_visitor_never_gets_the_opinions_of_an_unpublished_round(
    client: Client, opinions: TinyPlan
) -> None:
    body = results(client, url(opinions, 2024), status=404)
    assert "まだ公表されていません" in body["error"]["message"]


def test_staff_of_the_municipality_get_the_opinions_of_the_collecting_round(
    staff_client: Client, opinions: TinyPlan
) -> None:
    rows = results(staff_client, url(opinions, 2024))["results"]
    assert [row["opinion"] for row in rows] == ["作業中の意見"]


def test_unchanged_opinions_are_not_sent_again(client: Client, opinions: TinyPlan) -> None:
    first = client.get(url(opinions, 2023))
    assert client.get(url(opinions, 2023), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    CommitteeOpinion.objects.filter(round=opinions.published, node=opinions.single).update(
        response="検討します。"
    )
    assert client.get(url(opinions, 2023), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
