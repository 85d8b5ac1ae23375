"""Both plans' reports carry the same entry of a shared project (共通事業), the plan showing it
with a note naming the other plan: HTML/PDF/XLSX content, CSV and JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shinchoku.reports.content import ProjectRow, build_report_content
from shinchoku.reports.formats.csv import read_csv
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.shared_plan import SharedPlan, build_shared_plan
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import pdf_pages

NOTE = "共通事業(北本市地域福祉計画 1-1-1-2)"


@pytest.fixture
def other(tiny: TinyPlan) -> SharedPlan:
    return build_shared_plan(tiny)


def _row(round_: object, code: str) -> ProjectRow:
    content = build_report_content(round_)  # type: ignore[arg-type]
    rows = [row for policy in content.policies for section in policy.sections for row in section.rows]
    return next(row for row in rows if row.code == code)


def test_the_report_content_of_both_plans_holds_the_same_entry(tiny: TinyPlan, other: SharedPlan) -> None:
    mine, theirs = _row(other.published, "1-1-1"), _row(tiny.published, "1-1-1-2")
    assert mine.shared_note == NOTE
    assert theirs.shared_note == ""
    fields = (
        "rating",
        "department_ratings",
        "owners",
        "final_target",
        "progress",
        "reason",
        "next_year_goal",
    )
    assert [getattr(mine, name) for name in fields] == [getattr(theirs, name) for name in fields]
    assert mine.progress


def test_the_csv_rows_carry_the_same_entry_and_name_the_source(tiny: TinyPlan, other: SharedPlan) -> None:
    def rows(round_: object, code: str) -> list[dict[str, str]]:
        data = get("csv").render(ReportRequest(round_))  # type: ignore[arg-type]
        return [row for row in read_csv(data) if row["事業番号"] == code]

    mine, theirs = rows(other.published, "1-1-1"), rows(tiny.published, "1-1-1-2")
    texts = ("担当課", "進捗状況", "評価")
    assert [[row[name] for name in texts] for row in mine] == [
        [row[name] for name in texts] for row in theirs
    ]
    assert {row["共通事業元事業ID"] for row in mine} == {f"112330_{tiny.plan.pk}_1-1-1-2"}
    assert {row["共通事業元事業ID"] for row in theirs} == {""}


def test_the_json_names_the_source(tiny: TinyPlan, other: SharedPlan) -> None:
    document = json.loads(get("json").render(ReportRequest(other.published)))
    text = json.dumps(document, ensure_ascii=False)
    assert f'"shared_from": "112330_{tiny.plan.pk}_1-1-1-2"' in text
    assert "民生委員に福祉サービスの情報を提供した。" in text


def test_the_xlsx_notes_the_source_beside_the_entry(tiny: TinyPlan, other: SharedPlan) -> None:
    book = load_workbook(io.BytesIO(get("xlsx").render(ReportRequest(other.published))))
    values = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert NOTE in values
    assert "民生委員に福祉サービスの情報を提供した。" in values


def test_the_pdf_and_html_note_the_source(tiny: TinyPlan, other: SharedPlan, tmp_path: Path) -> None:
    html = get("html").render(ReportRequest(other.published)).decode()
    assert NOTE in html
    pages = " ".join(pdf_pages(get("pdf").render(ReportRequest(other.published)), tmp_path))
    assert "共通事業" in pages
    assert "民生委員に福祉サービスの情報を提供した。" in pages.replace(" ", "")
