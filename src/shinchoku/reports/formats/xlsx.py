"""Excel workbook (key "xlsx"): the report's content as sheets staff can filter, print and edit.

Built from :func:`shinchoku.reports.content.build_report_content`, the content every report
format shares. Sheets:

- 説明: what the workbook is, for whom, and how to read it
- 事業別評価 (named after the plan's projects): one row per project × department (the report's
  eight columns plus codes, a column for the levels between the evaluated node and the projects
  when the plan has any), with a frozen, repeated header, filters, wrapped text and row heights
  estimated from the text
- 集計: rating counts per top-level node, evaluated node and department, unrated counted apart
- 数値指標: each indicator's baseline, target, the year's actual and achievement rate, under the
  sentence stating the plan's formula of the rate
- <evaluation level>評価 (施策評価 …): each evaluated node's rating and the secretariat's comment

Levels are named as the plan names them (``ReportContent.level_labels``).
- 注記: only when a text was longer than Excel's cell limit: which cells were cut

Every typed text goes through :func:`~shinchoku.reports.xlsx_cells.write_text`: a string cell,
never a formula, cut with a visible mark over Excel's limit. Pages print one page wide at 8 pt or
more (10 pt text at 100 % on A3 landscape for 事業別評価 and on A4 landscape for the others;
checked by a test through :func:`~shinchoku.reports.xlsx_cells.sheet_printed_font_size`). Cells
use the BIZ UDPゴシック font; Excel substitutes a Japanese font where it is not installed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.core.row_height import estimate_row_height
from shinchoku.core.text import clean_typed_line
from shinchoku.reports.content import CellText, PolicyPart, ProjectRow, ReportContent, build_report_content
from shinchoku.reports.registry import ReportFormat, ReportRequest, register
from shinchoku.reports.xlsx_cells import (
    PAPER_A3,
    PAPER_A4,
    header_footer_text,
    sheet_title,
    was_cut,
    write_text,
)

FONT_NAME = "BIZ UDPゴシック"
FONT_SIZE = 10.0
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="top", horizontal="center")


@dataclass(frozen=True)
class _Column:
    header: str
    width: float
    centred: bool = False


def _columns(content: ReportContent) -> list[_Column]:
    # About 190 units in all: 100 % on A3 landscape by Excel's width conversion, and still above
    # 8 pt if a program measures the columns a third wider (LibreOffice with a Japanese default
    # font printed the earlier 249 units at 4.4 pt on A4).
    between = [_Column(content.section_label, 12)] if content.section_label else []
    return [
        _Column(content.evaluation_label, 12 if between else 24),
        *between,
        _Column(f"{content.project_label}番号", 7),
        _Column(f"{content.project_label}名", 14),
        _Column(f"{content.project_label}内容", 20),
        _Column("担当課・事業主体", 10),
        _Column("計画最終年度までの目標", 18),
        _Column(f"{content.short_year_label}の進捗状況", 30),
        _Column("評価", 5, centred=True),
        _Column("評価の理由・課題", 26),
        _Column(f"{content.next_year_label}の目標", 20),
        _Column(f"{content.project_label}評価", 6, centred=True),
        _Column("備考", 10),
    ]


def _font(*, bold: bool = False, size: float = FONT_SIZE) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold)


def _text_for(cell: Sequence[CellText], department: str | None) -> str:
    """The text of a cell on a department's row: the text shared by all departments (the whole
    project's target, or one text they all wrote), then the department's own."""
    own = [item.text for item in cell if item.department == department and department is not None]
    shared = [item.text for item in cell if item.department is None]
    return "\n".join([*shared, *own])


def _department_rating(row: ProjectRow, department: str | None) -> str | None:
    for item in row.department_ratings:
        if item.department == department:
            return item.rating
    return row.rating if len(row.owners) <= 1 else None


def _project_lines(policy: PolicyPart, *, with_section: bool) -> Iterator[list[str | None]]:
    """The rows of one evaluated node: one per project × department. A cross-listing (再掲) takes
    one row without texts or ratings, which stay on its original's rows so that nothing counts
    twice. ``with_section``: a column names the node between (取組 …) the project hangs under."""
    for section in policy.sections:
        names = [
            node.label for node in (*section.path, *([section.initiative] if section.initiative else []))
        ]
        between = [" › ".join(names)] if with_section else []
        for row in section.rows:
            heading = [policy.node.label, *between, row.code, row.title, row.description]
            original = row.cross_listing_of
            if original is not None:
                note = f"再掲(掲載元: {original.label})。評価は掲載元の行にあります。"
                yield [*heading, "、".join(row.owners), None, None, None, None, None, None, note]
                continue
            for department in row.owners or (None,):
                yield [
                    *heading,
                    department or "",
                    _text_for(row.final_target, department),
                    _text_for(row.progress, department),
                    _department_rating(row, department),
                    _text_for(row.reason, department),
                    _text_for(row.next_year_goal, department),
                    row.rating,
                    # 備考: the other plan a shared project (共通事業) shows, and the mark of a correction
                    # (正誤) with its date, each on its own line.
                    "\n".join(note for note in (row.shared_note, row.corrected) if note),
                ]


def _prepare_for_print(sheet: Worksheet, title: str, header_rows: str, paper: str = PAPER_A4) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = paper
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddHeader.center.text = header_footer_text(title)
    sheet.oddFooter.center.text = "&P / &N ページ"
    if header_rows:
        sheet.print_title_rows = header_rows


def _write_header(sheet: Worksheet, row: int, headers: Sequence[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = write_text(sheet, row, column, text)
        cell.font = _font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _CENTRE


def _projects_sheet(sheet: Worksheet, content: ReportContent) -> None:
    columns = _columns(content)
    widths = [column.width for column in columns]
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    _write_header(sheet, 1, [column.header for column in columns])
    sheet.row_dimensions[1].height = estimate_row_height(
        [c.header for c in columns], widths, font_size=FONT_SIZE
    )
    row_number = 1
    for policy in content.policies:
        for values in _project_lines(policy, with_section=content.section_label is not None):
            row_number += 1
            for position, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
                cell = write_text(sheet, row_number, position, value)
                cell.font = _font()
                cell.border = _BORDER
                cell.alignment = _CENTRE if column.centred else _WRAP
            texts = [value or "" for value in values]
            sheet.row_dimensions[row_number].height = estimate_row_height(texts, widths, font_size=FONT_SIZE)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_number}"
    _prepare_for_print(sheet, f"{content.title} {_projects_sheet_title(content)}", "1:1", paper=PAPER_A3)


def _summary_sheet(sheet: Worksheet, content: ReportContent) -> None:
    row = 1
    write_text(sheet, row, 1, f"{content.title} 集計").font = _font(bold=True, size=12)
    row += 1
    note = f"評価の件数には再掲の事業を含めていません。{content.summary.tally_note}"
    write_text(sheet, row, 1, note).font = _font()
    sheet.column_dimensions["A"].width = 48
    for table in content.summary.tallies:
        row += 2
        write_text(sheet, row, 1, table.title).font = _font(bold=True)
        row += 1
        _write_header(sheet, row, [table.group_label, *table.codes, "未評価", "合計"])
        for tally in (*table.rows, table.total):
            row += 1
            values: list[str | int] = [tally.label, *tally.counts, tally.unrated, tally.total]
            for column, value in enumerate(values, start=1):
                cell = (
                    write_text(sheet, row, column, value)
                    if isinstance(value, str)
                    else sheet.cell(row=row, column=column, value=value)
                )
                cell.font = _font(bold=tally is table.total)
                cell.border = _BORDER
                cell.alignment = _WRAP
            sheet.row_dimensions[row].height = estimate_row_height([tally.label], [48], font_size=FONT_SIZE)
    for column in range(2, 12):
        sheet.column_dimensions[get_column_letter(column)].width = 9
    _prepare_for_print(sheet, f"{content.title} 集計", "")


def _indicators_sheet(sheet: Worksheet, content: ReportContent) -> None:
    """The indicators of the year with their rates as numbers (percent format), the formula above."""
    write_text(sheet, 1, 1, f"{content.title} 数値指標").font = _font(bold=True, size=12)
    lines = content.summary.indicators
    intro = content.summary.achievement_formula if lines else "数値指標は設定されていません。"
    write_text(sheet, 2, 1, intro).font = _font()
    headers = ["項目", "指標", "方向", "単位", "基準値", "基準年度", "目標値", "目標年度", "実績値", "達成率"]
    widths = [28.0, 28.0, 10.0, 5.0, 9.0, 11.0, 9.0, 11.0, 9.0, 7.0]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    if lines:
        _write_header(sheet, 4, headers)
    for row, line in enumerate(lines, start=5):
        texts = [line.node.label, line.label, line.direction_label, line.unit]
        numbers = [line.baseline, line.baseline_year_label, line.target, line.target_year_label, line.actual]
        for column, value in enumerate([*texts, *numbers, line.achievement], start=1):
            if value is None or isinstance(value, str):
                cell = write_text(sheet, row, column, value)
            else:
                cell = sheet.cell(row=row, column=column, value=value)
            cell.font = _font()
            cell.border = _BORDER
            cell.alignment = _WRAP
        sheet.cell(row=row, column=len(headers)).number_format = "0%"
        sheet.row_dimensions[row].height = estimate_row_height(texts, widths[:4], font_size=FONT_SIZE)
    sheet.freeze_panes = "A5" if lines else None
    _prepare_for_print(sheet, f"{content.title} 数値指標", "4:4" if lines else "")


def _policies_sheet(sheet: Worksheet, content: ReportContent) -> None:
    headers = [content.evaluation_label, "評価", "評価のコメント"]
    widths = [40.0, 8.0, 80.0]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    _write_header(sheet, 1, headers)
    for row, policy in enumerate(content.policies, start=2):
        values = [policy.node.label, policy.rating, policy.evaluation_comment]
        for column, value in enumerate(values, start=1):
            cell = write_text(sheet, row, column, value)
            cell.font = _font()
            cell.border = _BORDER
            cell.alignment = _CENTRE if column == 2 else _WRAP
        texts = [value or "" for value in values]
        sheet.row_dimensions[row].height = estimate_row_height(texts, widths, font_size=FONT_SIZE)
    sheet.freeze_panes = "A2"
    _prepare_for_print(sheet, f"{content.title} {content.evaluation_label}評価", "1:1")


def _projects_sheet_title(content: ReportContent) -> str:
    """「事業別評価」, named after the plan's projects."""
    return sheet_title(f"{content.project_label}別評価")


def _about_sheet(sheet: Worksheet, content: ReportContent) -> None:
    policy, project, projects = (
        content.evaluation_label,
        content.project_label,
        _projects_sheet_title(content),
    )
    groups = "・".join(dict.fromkeys([content.level_labels[0], policy, "担当課"]))
    lines = [
        (content.title, True),
        (f"{content.municipality}(全国地方公共団体コード {content.municipality_code})", False),
        (f"計画期間: {content.period_label}　対象年度: {content.year_label}", False),
        ("", False),
        ("このファイルについて", True),
        (
            "進捗状況報告書と同じ内容を、職員が並べ替え・絞り込み・印刷・編集できるようにした"
            " Excel ファイルです。",
            False,
        ),
        (
            f"「{projects}」: {project}と担当課(事業主体)の組み合わせごとに1行です。"
            f"複数の担当課がある{project}は担当課の数だけ行があります。",
            False,
        ),
        (
            f"「評価」は担当課ごとの評価、「{project}評価」は{project}としての評価です。"
            "空欄は未評価で、0点ではありません。",
            False,
        ),
        (f"再掲の{project}は「備考」に掲載元を示し、評価は掲載元の行にあります(二重に数えないため)。", False),
        (f"「集計」: {groups}ごとの評価の件数です。未評価は別に数えています。", False),
        (
            "「数値指標」: 指標ごとの基準値・目標値・この年度の実績値と達成率です。"
            f"{content.summary.achievement_formula}",
            False,
        ),
        (f"「{policy}評価」: {policy}ごとの評価とコメントです。", False),
        (
            "印刷は幅を1ページに合わせる設定です"
            f"(「{projects}」は A3 横、ほかは A4 横。文字は 8 ポイント以上)。"
            "見出し行は各ページに繰り返して印刷されます。",
            False,
        ),
        (
            "Excel の1セルに入る 32,767 文字を超える記述は末尾を省略し、省略したことをセルの末尾とコメント、"
            "「注記」シートに示します。全文はシステムの画面、CSV・HTML 版にあります。",
            False,
        ),
        ("このファイルを編集しても、システムのデータは変わりません。", False),
    ]
    if content.draft_notice:
        lines.insert(4, (content.draft_notice, True))
    sheet.column_dimensions["A"].width = 110
    for row, (text, bold) in enumerate(lines, start=1):
        cell = write_text(sheet, row, 1, text)
        cell.font = _font(bold=bold, size=12 if row == 1 else FONT_SIZE)
        cell.alignment = _WRAP
        sheet.row_dimensions[row].height = estimate_row_height([text], [110], font_size=FONT_SIZE)
    _prepare_for_print(sheet, content.title, "")


def _notes_sheet(workbook: Workbook, content: ReportContent) -> None:
    """The 注記 sheet listing every cell whose text was cut at Excel's limit (none: no sheet)."""
    cut = [
        (sheet.title, cell.coordinate, str(sheet.cell(row=1, column=cell.column).value or ""))
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if was_cut(cell)
    ]
    if not cut:
        return
    sheet = workbook.create_sheet("注記")
    widths = [16.0, 10.0, 30.0]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.column_dimensions["D"].width = 60
    intro = (
        "次のセルの記述は Excel の1セルの上限(32,767 文字)を超えるため、末尾を省略しました。"
        "全文はシステムの画面、CSV・HTML 版にあります。"
    )
    write_text(sheet, 1, 1, intro).font = _font(bold=True)
    _write_header(sheet, 2, ["シート", "セル", "列", "省略した理由"])
    for row, (title, coordinate, header) in enumerate(cut, start=3):
        values = [title, coordinate, header, "Excel の1セルの上限を超えるため"]
        for column, value in enumerate(values, start=1):
            cell = write_text(sheet, row, column, value)
            cell.font = _font()
            cell.border = _BORDER
            cell.alignment = _WRAP
    _prepare_for_print(sheet, f"{content.title} 注記", "2:2")


def _corrections_sheet(sheet: Worksheet, content: ReportContent) -> None:
    """The 正誤表: every correction of the published year (date, place, before → after, reason)."""
    widths = [14.0, 36.0, 30.0, 30.0, 30.0]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    _write_header(sheet, 1, ["訂正日", "箇所", "訂正前", "訂正後", "理由"])
    for row, line in enumerate(content.corrections, start=2):
        values = [line.date_label, line.place, line.previous, line.corrected, line.reason]
        for column, value in enumerate(values, start=1):
            cell = write_text(sheet, row, column, value)
            cell.font = _font()
            cell.border = _BORDER
            cell.alignment = _WRAP
        sheet.row_dimensions[row].height = estimate_row_height(values, widths, font_size=FONT_SIZE)
    sheet.freeze_panes = "A2"
    _prepare_for_print(sheet, f"{content.title} 正誤表", "1:1")


def build_workbook(content: ReportContent) -> Workbook:
    workbook = Workbook()
    about = workbook.active
    about.title = "説明"
    _about_sheet(about, content)
    _projects_sheet(workbook.create_sheet(_projects_sheet_title(content)), content)
    _summary_sheet(workbook.create_sheet("集計"), content)
    _indicators_sheet(workbook.create_sheet("数値指標"), content)
    _policies_sheet(workbook.create_sheet(sheet_title(f"{content.evaluation_label}評価")), content)
    if content.corrections:
        _corrections_sheet(workbook.create_sheet("正誤表"), content)
    _notes_sheet(workbook, content)
    workbook.properties.title = clean_typed_line(content.title)[:200]
    workbook.properties.creator = "shinchoku"
    return workbook


def render(request: ReportRequest) -> bytes:
    content = build_report_content(request.round, request.audience)
    buffer = io.BytesIO()
    build_workbook(content).save(buffer)
    return buffer.getvalue()


XLSX = register(
    ReportFormat(
        key="xlsx",
        label="Excel(編集・印刷用)",
        description="事業と担当課ごとに1行の評価と集計を、並べ替え・印刷・編集できる Excel ファイルです。",
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        extension="xlsx",
        render=render,
    )
)
