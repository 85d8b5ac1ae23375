"""The Excel workbook: the report's content, printable and editable."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import PlanNode
from shinchoku.reports.content import ReportContentError
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan


def workbook(round_: Round, audience: str = "public") -> Workbook:
    data = get("xlsx").render(ReportRequest(round_, audience=audience))  # type: ignore[arg-type]
    return load_workbook(io.BytesIO(data))


def rows(sheet: Worksheet) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def test_it_has_the_explanation_projects_summary_and_policy_sheets(tiny: TinyPlan) -> None:
    book = workbook(tiny.published)
    assert book.sheetnames == ["説明", "事業別評価", "集計", "施策評価"]
    about = "\n".join(str(c.value) for c in book["説明"]["A"] if c.value)
    assert "北本市地域福祉計画 令和5年度 進捗状況報告書" in about
    assert "空欄は未評価で、0点ではありません" in about


def test_it_has_one_row_per_project_and_department(tiny: TinyPlan) -> None:
    lines = rows(workbook(tiny.published)["事業別評価"])
    assert [(r["事業番号"], r["担当課・事業主体"], r["評価"], r["事業評価"]) for r in lines] == [
        ("1-1-1-1", "生涯学習課", "A", "A"),
        ("1-1-1-2", "共生福祉課", "B", "B"),
        ("1-1-1-2", "社協", "A", "B"),
        ("1-1-2-1", "社協", None, None),
        ("1-1-2-2", "共生福祉課、社協", None, None),
    ]
    assert lines[2]["令和5年度の進捗状況"] == "支え合い通信を発行した。"
    assert lines[0]["施策"] == "1-1 福祉の心を育む学習機会の充実"
    assert str(lines[4]["備考"]).startswith("再掲(掲載元: 1-1-1-2")


def test_the_project_sheet_prints_landscape_a4_one_page_wide_with_repeated_headers(tiny: TinyPlan) -> None:
    sheet = workbook(tiny.published)["事業別評価"]
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == Worksheet.PAPERSIZE_A4  # "9"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M6"


def test_cells_wrap_in_a_japanese_font(tiny: TinyPlan) -> None:
    sheet = workbook(tiny.published)["事業別評価"]
    cell = sheet["H2"]
    assert cell.alignment.wrap_text
    assert cell.font.name == "BIZ UDPゴシック"
    assert sheet.column_dimensions["H"].width == 38


def test_row_heights_grow_with_the_text(tiny: TinyPlan) -> None:
    sheet = workbook(tiny.published)["事業別評価"]
    two_lines = sheet.row_dimensions[2].height  # a progress text of two lines
    one_line = sheet.row_dimensions[5].height
    assert one_line is not None
    assert two_lines is not None
    assert 12 < one_line < two_lines <= 409


def test_the_summary_counts_unrated_apart(tiny: TinyPlan) -> None:
    values = [row for row in workbook(tiny.published)["集計"].iter_rows(values_only=True) if any(row)]
    header = next(row for row in values if row[0] == "基本目標")
    assert header[1:6] == ("A", "B", "C", "未評価", "合計")
    goal = values[values.index(header) + 1]
    assert goal[1:6] == (1, 1, 0, 1, 3)


def test_the_policy_sheet_has_the_rating_and_comment(tiny: TinyPlan) -> None:
    lines = rows(workbook(tiny.published)["施策評価"])
    assert lines == [
        {
            "施策": "1-1 福祉の心を育む学習機会の充実",
            "評価": "B",
            "評価のコメント": "おおむね順調に推移している。",
        }
    ]


def test_a_public_workbook_of_an_unpublished_round_is_refused(tiny: TinyPlan) -> None:
    with pytest.raises(ReportContentError):
        workbook(tiny.collecting)


def test_a_staff_workbook_of_the_collecting_round_says_it_is_a_draft(tiny: TinyPlan) -> None:
    book = workbook(tiny.collecting, audience="staff")
    assert any("公表前" in str(cell.value) for cell in book["説明"]["A"])


def test_every_project_and_rating_of_the_seed_is_in_the_workbook(seed_round: Round) -> None:
    sheet = workbook(seed_round)["事業別評価"]
    lines = rows(sheet)
    projects = PlanNode.objects.filter(plan=seed_round.plan, level=seed_round.plan.project_level)
    assert {r["事業番号"] for r in lines} == set(projects.values_list("code", flat=True))
    written = {(r["事業番号"], r["担当課・事業主体"]): r["評価"] for r in lines}
    for entry in Entry.objects.filter(round=seed_round).select_related("project", "department", "rating"):
        assert written[entry.project.code, entry.department.name] == (
            entry.rating.code if entry.rating else None
        )
    heights = [sheet.row_dimensions[n].height for n in range(2, sheet.max_row + 1)]
    assert all(h is not None and 12 < h <= 409 for h in heights)
    assert max(h for h in heights if h) > 100  # long progress texts make tall rows
