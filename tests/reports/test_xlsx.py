"""The Excel workbook: the report's content, printable and editable."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.core.print_scale import MIN_LEGIBLE_POINTS
from shinchoku.editions.snapshot import take_snapshot
from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.plans.models import Plan, PlanNode
from shinchoku.reports.content import ReportContentError
from shinchoku.reports.formats.xlsx import FONT_SIZE
from shinchoku.reports.registry import ReportRequest, get
from shinchoku.reports.xlsx_cells import CUT_MARK, sheet_printed_font_size
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
    assert book.sheetnames == ["説明", "事業別評価", "集計", "数値指標", "施策評価"]
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


def test_the_project_sheet_prints_landscape_a3_one_page_wide_with_repeated_headers(tiny: TinyPlan) -> None:
    sheet = workbook(tiny.published)["事業別評価"]
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == Worksheet.PAPERSIZE_A3  # "8"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M6"


def test_cells_wrap_in_a_japanese_font(tiny: TinyPlan) -> None:
    sheet = workbook(tiny.published)["事業別評価"]
    cell = sheet["H2"]
    assert cell.alignment.wrap_text
    assert cell.font.name == "BIZ UDPゴシック"
    assert sheet.column_dimensions["H"].width == 30


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


# --- typed text that used to break the workbook or run in it (issue 11) ---------------------------


def _published_entry(tiny: TinyPlan) -> Entry:
    return Entry.objects.get(round=tiny.published, project=tiny.single)


def test_a_stored_soft_line_break_or_noncharacter_no_longer_breaks_the_published_year(tiny: TinyPlan) -> None:
    # Stored before the services cleaned typed text: the entry is published and locked.
    Plan.objects.filter(pk=tiny.plan.pk).update(title="北本市\x01地域福祉計画\x0b")
    Entry.objects.filter(pk=_published_entry(tiny).pk).update(
        progress="一行目\x0b二行目\x01\x08\x1b\x1f\x7f", reason="理由\ufffe\uffff"
    )
    book = workbook(tiny.published)
    assert book.properties.title.startswith("北本市地域福祉計画")
    lines = rows(book["事業別評価"])
    assert lines[0]["令和5年度の進捗状況"] == "一行目\n二行目"
    assert lines[0]["評価の理由・課題"] == "理由"


def test_a_text_beginning_with_an_equals_sign_is_text_in_every_sheet(tiny: TinyPlan) -> None:
    formula = '=HYPERLINK("http://example.com","clickme")'
    Entry.objects.filter(pk=_published_entry(tiny).pk).update(
        progress=formula, reason="+1", next_year_goal="@A1"
    )
    PlanNode.objects.filter(pk=tiny.policy.pk).update(title="=1+1")
    NodeEvaluation.objects.filter(node=tiny.policy).update(comment="-SUM(A1:A9)")
    book = workbook(tiny.published)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert formula in {cell.value for cell in cells}


def test_a_text_over_excels_cell_limit_is_cut_visibly_and_listed_in_a_note(tiny: TinyPlan) -> None:
    Entry.objects.filter(pk=_published_entry(tiny).pk).update(progress="進" * 40_000)
    book = workbook(tiny.published)
    cell = book["事業別評価"]["H2"]
    assert str(cell.value).endswith(CUT_MARK)
    assert cell.comment is not None
    assert "注記" in book.sheetnames
    notes = list(book["注記"].iter_rows(values_only=True))
    assert ("事業別評価", "H2", "令和5年度の進捗状況", "Excel の1セルの上限を超えるため") in notes


def test_a_workbook_without_a_cut_text_has_no_note_sheet(tiny: TinyPlan) -> None:
    assert "注記" not in workbook(tiny.published).sheetnames


def test_every_sheet_prints_at_eight_points_or_more(tiny: TinyPlan) -> None:
    Entry.objects.filter(pk=_published_entry(tiny).pk).update(progress="進" * 40_000)
    book = workbook(tiny.published)
    sizes = {sheet.title: sheet_printed_font_size(sheet, FONT_SIZE) for sheet in book.worksheets}
    assert set(sizes) == {"説明", "事業別評価", "集計", "数値指標", "施策評価", "注記"}
    assert min(sizes.values()) >= MIN_LEGIBLE_POINTS, sizes
    # With a third more width per unit (as LibreOffice measured), the widest sheet stays legible.
    projects = book["事業別評価"]
    for _letter, dimension in list(projects.column_dimensions.items()):
        dimension.width = dimension.width * 4 / 3
    assert sheet_printed_font_size(projects, FONT_SIZE) >= MIN_LEGIBLE_POINTS


def test_a_level_label_excel_refuses_in_a_sheet_name_is_made_acceptable(tiny: TinyPlan) -> None:
    Plan.objects.filter(pk=tiny.plan.pk).update(level_labels=["基本目標", "施策/方針", "取組", "事業"])
    take_snapshot(apps, tiny.published.pk)  # published so
    assert "施策／方針評価" in workbook(tiny.published).sheetnames
