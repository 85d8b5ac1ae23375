"""to_preview_dict: the dry-run JSON of a parsed report."""

from __future__ import annotations

import json
from pathlib import Path

from shinchoku.ingest.report_text.parse import parse_report, read_report_file
from shinchoku.ingest.report_text.preview import to_preview_dict
from tests.ingest.report_text.snippets import page, report, row


def test_it_gives_the_documented_shape() -> None:
    rows = [
        row("福祉教育", rating="Α"),
        row("広報", rating="", owners="共生福祉課B 社協A"),
        row("", rating="R"),
    ]
    preview = to_preview_dict(parse_report(report(page(rows))))
    assert preview["fiscal_year"] == 2023
    policy = preview["policies"][0]
    assert (policy["code"], policy["title"], policy["rating"]) == ("1-1", "福祉の心を育む学習機会の充実", "B")
    assert preview["initiatives"][0]["policy"] == "1-1"
    assert preview["initiatives"][0]["number"] == 1
    first, second, third = preview["projects"]
    assert {key: first[key] for key in ("policy", "initiative", "name", "owners", "rating", "relisted")} == {
        "policy": "1-1",
        "initiative": 1,
        "name": "福祉教育",
        "owners": ["学校教育課"],
        "rating": "A",
        "relisted": False,
    }
    assert (first["ratings_by_owner"], first["needs_review"]) == ({}, [])
    assert (second["rating"], second["ratings_by_owner"]) == (None, {"共生福祉課": "B", "社協": "A"})
    assert third["needs_review"] == ["name", "rating"]
    assert [item["field"] for item in third["review_items"]] == ["name", "rating"]
    assert third["review_items"][1]["raw"] == "R"


def test_it_includes_texts_indicators_and_every_review_item() -> None:
    rows = [row(target="開催箇所数 68箇所 ※R3 62箇所", progress="【共生福祉課】 周知した。", rating="D")]
    preview = to_preview_dict(parse_report(report(page(rows))))
    project = preview["projects"][0]
    assert project["texts"]["progress"] == [{"department": "共生福祉課", "text": "周知した。"}]
    assert project["indicators"][0]["target_value"] == "68"
    assert project["indicators"][0]["baseline_year"] == 2021
    assert preview["counts"]["projects"] == 1
    assert [(item["where"], item["field"]) for item in preview["review_items"]] == [
        ("事業「福祉教育」", "rating")
    ]
    assert [item["code"] for item in preview["legend"]] == ["A", "B", "C"]


def test_the_preview_of_the_seed_report_is_json(seed_report_path: Path) -> None:
    preview = to_preview_dict(parse_report(read_report_file(seed_report_path)))
    assert json.loads(json.dumps(preview, ensure_ascii=False)) == preview
    assert preview["counts"] | {"needs_review": 0} == {
        "goals": 5,
        "policies": 13,
        "initiatives": 29,
        "projects": 109,
        "relisted": 2,
        "indicators": 12,
        "needs_review": 0,
    }
