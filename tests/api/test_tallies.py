"""The API's round document counts each non-rating code apart from the unrated, as its OpenAPI
document describes."""

from __future__ import annotations

import json

import jsonschema
from django.test import Client

from tests.evaluations.scaled_plan import ScaledPlan


def test_the_round_document_counts_each_non_rating_code_apart(client: Client, scaled: ScaledPlan) -> None:
    response = client.get(f"/api/v1/plans/{scaled.plan.pk}/rounds/2023/")
    assert response.status_code == 200

    summary = json.loads(response.content)["summary"]
    assert summary == {
        "projects": 9,
        "rated": 4,
        "unrated": 2,
        "counts": {"S": 1, "A": 2, "B": 0, "C": 1},
        "non_rating_counts": {"未着手": 1, "評価困難": 2},
    }
    assert (
        summary["projects"]
        == summary["rated"] + sum(summary["non_rating_counts"].values()) + summary["unrated"]
    )


def test_the_openapi_document_describes_the_summary_it_returns(client: Client, scaled: ScaledPlan) -> None:
    schemas = json.loads(client.get("/api/v1/openapi.json").content)["components"]["schemas"]
    summary = json.loads(client.get(f"/api/v1/plans/{scaled.plan.pk}/rounds/2023/").content)["summary"]

    assert "non_rating_counts" in schemas["Document"]["properties"]["summary"]["required"]
    jsonschema.validate(summary, schemas["Document"]["properties"]["summary"])
