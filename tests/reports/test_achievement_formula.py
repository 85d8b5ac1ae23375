"""Every report format rates indicators by the plan's formula and states it beside the rates.

The tiny plan's indicator: baseline 3, target 12, 7.5 in the published year 2023, so the progress
from the baseline is (7.5 − 3) ÷ (12 − 3) = 50 % and the ratio 7.5 ÷ 12 = 62.5 %.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from openpyxl import load_workbook

from shinchoku.core.indicators import AchievementFormula
from shinchoku.editions.snapshot import take_snapshot
from shinchoku.reports.content import build_report_content
from shinchoku.reports.formats.csv import read_csv
from shinchoku.reports.pdf import typeset
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import pdf_pages

RATIO_SENTENCE = "達成率 = 実績値 ÷ 目標値"
PROGRESS_SENTENCE = "達成率 = (実績値 − 基準値) ÷ (目標値 − 基準値)"


@pytest.fixture
def ratio_plan(tiny: TinyPlan) -> TinyPlan:
    tiny.plan.achievement_formula = AchievementFormula.RATIO
    tiny.plan.save()
    take_snapshot(apps, tiny.published.pk)  # published so
    return tiny


def _render(tiny: TinyPlan, key: str, **options: str) -> bytes:
    return get(key).render(ReportRequest(tiny.published, options=options))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_html_report_gives_the_ratio_and_states_it_under_the_indicators(ratio_plan: TinyPlan) -> None:
    text = _text(_render(ratio_plan, "html").decode())

    assert "62.5%" in text
    assert "50.0%" not in text
    assert RATIO_SENTENCE in text


def test_the_html_report_of_a_progress_plan_states_the_progress_formula(tiny: TinyPlan) -> None:
    text = _text(_render(tiny, "html").decode())

    assert "50.0%" in text
    assert PROGRESS_SENTENCE in text


def test_the_pdf_gives_the_ratio_and_states_it_under_the_indicators(
    ratio_plan: TinyPlan, tmp_path: Path
) -> None:
    text = " ".join(pdf_pages(typeset.typeset(build_report_content(ratio_plan.published)), tmp_path))

    assert "62.5%" in text
    assert RATIO_SENTENCE in text


def test_the_xlsx_lists_the_indicators_with_the_rate_as_a_number_under_the_formula(
    ratio_plan: TinyPlan,
) -> None:
    sheet = load_workbook(io.BytesIO(_render(ratio_plan, "xlsx")))["数値指標"]
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]

    assert str(rows[1][0]).startswith(RATIO_SENTENCE)
    assert rows[2][:4] == ("項目", "指標", "方向", "単位")
    indicator = next(row for row in rows[3:] if row[1] == "福祉教育の実施校数")
    assert indicator[4:] == (3, "令和3年度", 12, "令和8年度", 7.5, 0.625)
    assert sheet.cell(row=5, column=10).number_format == "0%"


def test_the_indicators_csv_gives_the_ratio_and_names_the_formula_on_every_row(ratio_plan: TinyPlan) -> None:
    rows = read_csv(_render(ratio_plan, "csv", table="indicators"))

    row = next(row for row in rows if row["実績年度"] == "2023")
    assert row["達成率"] == "0.625"
    assert {row["達成率の計算方法"] for row in rows} == {"ratio"}
    assert all(row["達成率の計算方法の説明"].startswith(RATIO_SENTENCE) for row in rows)


def test_the_json_document_says_how_its_rates_were_computed(ratio_plan: TinyPlan) -> None:
    doc = json.loads(_render(ratio_plan, "json"))

    formula = doc["plan"]["achievement_formula"]
    assert (formula["code"], formula["label"]) == ("ratio", "実績値 ÷ 目標値")
    assert formula["description"].startswith(RATIO_SENTENCE)
    indicators = [item for node in _walk(doc["nodes"]) for item in node.get("indicators", [])]
    assert [item["achievement_formula"] for item in indicators] == ["ratio"]
    rates = {value["fiscal_year"]: value["achievement_rate"] for value in indicators[0]["values"]}
    assert rates[2023] == 0.625


def _walk(nodes: list[dict[str, object]]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for node in nodes:
        found += [node, *_walk(node["children"])]  # type: ignore[arg-type]
    return found
