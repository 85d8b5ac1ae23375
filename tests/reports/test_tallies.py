"""The report's tallies (content, HTML, XLSX, PDF input) and the open data count every code of the
scale: the rating codes, each non-rating code apart, and 未評価 (no code at all) last."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import load_workbook

from shinchoku.reports.content import build_report_content
from shinchoku.reports.formats.csv import read_csv
from shinchoku.reports.opendata.dataset import load_for_report
from shinchoku.reports.opendata.document import document
from shinchoku.reports.pdf.typeset import typeset, typst_content
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.scaled_plan import ScaledPlan
from tests.reports.pdf_reading import pdf_pages, squeeze

CODES = ("S", "A", "B", "C", "未着手", "評価困難")


def test_the_content_counts_each_code_with_the_unrated_apart(scaled: ScaledPlan) -> None:
    tables = build_report_content(scaled.published).summary.tallies

    for table in tables:
        assert table.codes == CODES
    by_goal = tables[0]
    assert (by_goal.total.counts, by_goal.total.unrated, by_goal.total.total) == ((1, 2, 0, 1, 1, 2), 2, 9)
    by_department = {row.label: (row.counts, row.unrated) for row in tables[-1].rows}
    assert by_department == {"企画課": ((1, 1, 0, 0, 1, 0), 1), "福祉課": ((0, 1, 0, 1, 0, 2), 1)}


def test_the_html_report_has_a_column_per_code_and_says_what_is_counted_apart(scaled: ScaledPlan) -> None:
    html = get("html").render(ReportRequest(round=scaled.published)).decode()

    head = "".join(f'<th scope="col">{code}</th>' for code in (*CODES, "未評価", "計"))
    assert head in html
    assert "<td>1</td><td>2</td><td>0</td><td>1</td><td>1</td><td>2</td><td>2</td><td>9</td>" in html
    assert "評価ではない区分(未着手・評価困難)と未評価(評価の記入がないもの)" in html


def test_the_xlsx_summary_has_a_column_per_code(scaled: ScaledPlan) -> None:
    data = get("xlsx").render(ReportRequest(scaled.published))
    sheet = load_workbook(io.BytesIO(data))["集計"]
    values = [row for row in sheet.iter_rows(values_only=True) if any(row)]

    header = next(row for row in values if row[0] == "基本目標")
    assert header[1:9] == (*CODES, "未評価", "合計")
    assert values[values.index(header) + 1][1:9] == (1, 2, 0, 1, 1, 2, 2, 9)
    assert "評価ではない区分(未着手・評価困難)" in str(values[1][0])


def test_the_pdf_prints_a_column_per_code_and_says_what_is_counted_apart(
    scaled: ScaledPlan, tmp_path: Path
) -> None:
    content = build_report_content(scaled.published)
    assert typst_content(content)["summary"]["tallies"][0]["codes"] == list(CODES)

    text = squeeze(" ".join(pdf_pages(typeset(content), tmp_path)))
    assert squeeze("S A B C 未着手 評価困難 未評価 計") in text
    assert squeeze("合計 1 2 0 1 1 2 2 9") in text
    assert "評価ではない区分(未着手・評価困難)と未評価" in text


def test_the_json_summary_adds_the_non_rating_counts_and_keeps_its_keys(scaled: ScaledPlan) -> None:
    doc = document(load_for_report(ReportRequest(scaled.published)))

    assert doc["summary"] == {
        "projects": 9,
        "rated": 4,
        "unrated": 2,
        "counts": {"S": 1, "A": 2, "B": 0, "C": 1},
        "non_rating_counts": {"未着手": 1, "評価困難": 2},
    }
    assert json.loads(get("json").render(ReportRequest(scaled.published)))["summary"] == doc["summary"]


def test_the_csv_gives_a_non_rating_code_as_itself_and_the_unrated_empty(scaled: ScaledPlan) -> None:
    rows = read_csv(get("csv").render(ReportRequest(scaled.published)))

    assert [row["評価"] for row in rows] == ["S", "A", "未着手", "", "A", "C", "評価困難", "評価困難", ""]
