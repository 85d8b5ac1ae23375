"""The seed report against the hand-checked key for goals 1-2, and facts of the whole document.

The key lists every project of goals 1-2 in document order. A project the key does not mark
uncertain must be read exactly; for an uncertain one, each field must equal the key or be listed
in the project's needs_review (the parser may decline to guess, never guess wrongly in silence).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shinchoku.ingest.report_text.document import ParsedProject, ParsedReport
from shinchoku.ingest.report_text.parse import parse_report, read_report_file
from tests.conftest import SEED_GOLD

PROJECT_FIELDS = ("policy", "initiative", "name", "owners", "rating", "ratings_by_owner", "relisted")


@pytest.fixture(scope="module")
def seed(seed_report_path: Path) -> ParsedReport:
    return parse_report(read_report_file(seed_report_path), file_name=seed_report_path.name)


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    if not SEED_GOLD.exists():
        pytest.fail(f"the shared answer key is missing: {SEED_GOLD}")
    return dict(json.loads(SEED_GOLD.read_text(encoding="utf-8")))


def _goal(code: str) -> int:
    return int(code.split("-")[0])


def _mismatches(project: ParsedProject, expected: dict[str, Any]) -> list[str]:
    wrong = [name for name in PROJECT_FIELDS if getattr(project, name) != expected[name]]
    if expected["uncertain"]:
        wrong = [name for name in wrong if name not in project.review_fields]
    return wrong


def test_it_reads_every_project_of_goals_1_and_2_as_the_key_says(
    seed: ParsedReport, key: dict[str, Any]
) -> None:
    projects = [project for project in seed.projects if _goal(project.policy) <= 2]
    assert len(projects) == len(key["projects"]) == 46
    assert [project.seq for project in projects] == [expected["seq"] for expected in key["projects"]]
    errors = {
        expected["seq"]: (mismatches, project.line)
        for project, expected in zip(projects, key["projects"], strict=True)
        if (mismatches := _mismatches(project, expected))
    }
    assert errors == {}


def test_it_reads_the_clear_projects_of_goals_1_and_2_exactly(
    seed: ParsedReport, key: dict[str, Any]
) -> None:
    clear = [
        (project, expected)
        for project, expected in zip(seed.projects, key["projects"], strict=False)
        if not expected["uncertain"]
    ]
    assert len(clear) == 39
    assert all(
        getattr(project, name) == expected[name] for project, expected in clear for name in PROJECT_FIELDS
    )


def test_it_reads_the_policies_of_goals_1_and_2_as_the_key_says(
    seed: ParsedReport, key: dict[str, Any]
) -> None:
    policies = [(p.code, p.goal, p.title, p.rating) for p in seed.policies if p.goal <= 2]
    assert policies == [(p["code"], p["goal"], p["title"], p["rating"]) for p in key["policies"]]


def test_it_reads_policy_2_1_as_b_and_asks_for_review_of_the_star(seed: ParsedReport) -> None:
    policy = next(p for p in seed.policies if p.code == "2-1")
    assert policy.rating == "B"
    assert [item.field for item in policy.needs_review] == ["rating"]


def test_it_reads_the_goals_and_initiatives_of_goals_1_and_2_as_the_key_says(
    seed: ParsedReport, key: dict[str, Any]
) -> None:
    assert [(g.number, g.title) for g in seed.goals[:2]] == [(g["no"], g["title"]) for g in key["goals"]]
    initiatives = [(i.policy, i.number, i.title) for i in seed.initiatives if _goal(i.policy) <= 2]
    assert initiatives == [(i["policy"], i["no"], i["title"]) for i in key["initiatives"]]


# -- the whole document ------------------------------------------------------------------------


def test_it_reads_the_structure_of_the_whole_document(seed: ParsedReport) -> None:
    assert seed.fiscal_year == 2023
    assert [goal.number for goal in seed.goals] == [1, 2, 3, 4, 5]
    assert [policy.code for policy in seed.policies] == [
        "1-1", "1-2", "1-3", "2-1", "2-2", "3-1", "3-2", "3-3", "3-4", "4-1", "4-2", "5-1", "5-2",
    ]  # fmt: skip
    assert len(seed.initiatives) == 29
    # Every line of 8 or more cells that is not a 取組 line, a header row or a dashes row.
    assert len(seed.projects) == 109
    assert [project.seq for project in seed.projects] == list(range(1, 110))


def test_it_reads_per_department_ratings_of_1_3(seed: ParsedReport) -> None:
    project = next(p for p in seed.projects if p.name == "地域資源を活かした情報の発信")
    assert project.policy == "1-3"
    assert project.ratings_by_owner == {"共生福祉課": "B", "市長公室": "B", "社協": "A"}
    assert project.owners == ["共生福祉課", "市長公室", "社協"]
    assert len([p for p in seed.projects if p.ratings_by_owner]) == 4


def test_it_reads_the_relisted_rows(seed: ParsedReport) -> None:
    relisted = [(p.line, p.name, p.relisted_from) for p in seed.projects if p.relisted]
    assert relisted[0] == (370, "高齢者等見守りネットワーク事業", "3-1-1")
    assert [line for line, _, _ in relisted] == [370, 419]


def test_it_reads_indicators_with_their_baselines(seed: ParsedReport) -> None:
    project = next(p for p in seed.projects if p.name == "高齢者の通いの場")
    [indicator] = project.indicators
    assert (indicator.label, indicator.unit) == ("開催箇所数", "箇所")
    assert (indicator.target_value, indicator.baseline_value, indicator.baseline_year) == (
        Decimal(68),
        Decimal(62),
        2021,
    )
    assert sum(len(p.indicators) for p in seed.projects) == 12


def test_it_sends_misread_ratings_in_goals_3_to_5_to_review(seed: ParsedReport) -> None:
    misread = {
        p.line: p.rating_raw for p in seed.projects if p.rating is None and "rating" in p.review_fields
    }
    assert misread == {176: "Ь", 179: "R", 288: "٨", 315: "R", 374: "D", 406: "D"}


def test_it_reads_policy_3_1_as_bold_b_despite_the_stars(seed: ParsedReport) -> None:
    policy = next(p for p in seed.policies if p.code == "3-1")
    assert policy.rating == "B"
    assert [item.field for item in policy.needs_review] == ["rating"]
