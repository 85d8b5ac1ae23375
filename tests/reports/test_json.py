"""The open-data JSON: the round nested plan → nodes → projects → entries, with stable ids."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import PlanNode
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan


def document(round_: Round, audience: str = "public") -> dict[str, Any]:
    data = get("json").render(ReportRequest(round_, audience=audience))  # type: ignore[arg-type]
    result: dict[str, Any] = json.loads(data.decode("utf-8"))
    return result


def walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for node in nodes:
        found.append(node)
        found += walk(node["children"])
    return found


def by_code(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return next(node for node in walk(doc["nodes"]) if node["code"] == code)


def test_it_names_its_schema_version_and_the_year_in_both_forms(tiny: TinyPlan) -> None:
    doc = document(tiny.published)
    assert doc["schema_version"] == "1.3"
    assert (doc["fiscal_year"], doc["fiscal_year_wareki"]) == (2023, "令和5年度")
    assert doc["plan"]["municipality"] == {"code": "112330", "name": "北本市"}
    assert doc["plan"]["level_labels"] == ["基本目標", "施策", "取組", "事業"]


def test_it_nests_projects_under_their_initiatives_with_stable_ids(tiny: TinyPlan) -> None:
    doc = document(tiny.published)
    goal = doc["nodes"][0]
    initiative = goal["children"][0]["children"][0]
    assert initiative["id"] == f"112330_{tiny.plan.pk}_1-1-1"
    assert [child["code"] for child in initiative["children"]] == ["1-1-1-1", "1-1-1-2"]


def test_a_shared_project_has_each_departments_entry_and_the_consolidated_rating(tiny: TinyPlan) -> None:
    project = by_code(document(tiny.published), "1-1-1-2")
    assert [(e["department"]["name"], e["rating"]["code"]) for e in project["entries"]] == [
        ("共生福祉課", "B"),
        ("社協", "A"),
    ]
    assert project["rating"]["code"] == "B"
    assert project["rating_rule"] == "最も低い評価"


def test_unrated_stays_null_and_is_counted_apart(tiny: TinyPlan) -> None:
    doc = document(tiny.published)
    assert by_code(doc, "1-1-2-1")["rating"] is None
    assert by_code(doc, "1-1-2-1")["entries"][0]["rating"] is None
    assert doc["summary"] == {
        "projects": 3,
        "rated": 2,
        "unrated": 1,
        "counts": {"A": 1, "B": 1, "C": 0},
        "non_rating_counts": {},
    }


def test_a_cross_listing_refers_to_its_original(tiny: TinyPlan) -> None:
    relisted = by_code(document(tiny.published), "1-1-2-2")
    assert relisted["cross_listing_of"] == f"112330_{tiny.plan.pk}_1-1-1-2"
    assert relisted["entries"] == []


def test_the_policy_evaluation_and_the_indicator_values_are_included(tiny: TinyPlan) -> None:
    doc = document(tiny.published)
    evaluation = by_code(doc, "1-1")["evaluation"]
    assert (evaluation["rating"]["code"], evaluation["rule"]) == ("B", "manual")
    indicator = by_code(doc, "1-1-1-1")["indicators"][0]
    assert indicator["baseline"] == {"value": 3, "fiscal_year": 2021}
    assert [(v["fiscal_year"], v["fiscal_year_wareki"], v["value"]) for v in indicator["values"]] == [
        (2022, "令和4年度", 5),
        (2023, "令和5年度", 7.5),
    ]


def test_a_public_document_of_an_unpublished_round_is_refused(tiny: TinyPlan) -> None:
    with pytest.raises(PermissionDenied):
        document(tiny.collecting)


def test_every_project_and_entry_of_the_seed_is_in_the_document(seed_round: Round) -> None:
    doc = document(seed_round)
    projects = [node for node in walk(doc["nodes"]) if node["is_project"]]
    expected = PlanNode.objects.filter(plan=seed_round.plan, level=seed_round.plan.project_level)
    assert sorted(p["code"] for p in projects) == sorted(expected.values_list("code", flat=True))
    ratings = {
        (p["code"], e["department"]["name"]): (e["rating"] or {}).get("code")
        for p in projects
        for e in p["entries"]
    }
    for entry in Entry.objects.filter(round=seed_round).select_related("project", "department", "rating"):
        assert ratings[entry.project.code, entry.department.name] == (
            entry.rating.code if entry.rating else None
        )
