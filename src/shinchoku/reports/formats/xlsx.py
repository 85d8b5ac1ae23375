"""Excel workbook (key "xlsx"): the report's content as sheets staff can filter, print and edit.

Built from :func:`shinchoku.reports.content.build_report_content`, the content every report
format shares. Sheets:

- 説明: what the workbook is, for whom, and how to read it
- 事業別評価: one row per project × department (the report's eight columns plus codes), with
  a frozen, repeated header, filters, wrapped text and row heights estimated from the text
- 集計: rating counts per 基本目標, 施策 and department, unrated counted apart
- 施策評価: each 施策's rating and the secretariat's comment

Pages are A4 landscape, one page wide. Cells use the BIZ UDPゴシック font; Excel substitutes a
Japanese font where it is not installed.
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
from shinchoku.reports.content import CellText, PolicyPart, ProjectRow, ReportContent, build_report_content
from shinchoku.reports.registry import ReportFormat, ReportRequest, register

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


def _columns(content: ReportContent, labels: tuple[str, str]) -> list[_Column]:
    policy, initiative = labels
    return [
        _Column(policy, 16),
        _Column(initiative, 16),
        _Column("事業番号", 9),
        _Column("事業名", 18),
        _Column("事業内容", 26),
        _Column("担当課・事業主体", 12),
        _Column("計画最終年度までの目標", 26),
        _Column(f"{content.short_year_label}の進捗状況", 38),
        _Column("評価", 6, centred=True),
        _Column("評価の理由・課題", 34),
        _Column(f"{content.next_year_label}の目標", 26),
        _Column("事業評価", 8, centred=True),
        _Column("備考", 14),
    ]


def _font(*, bold: bool = False, size: float = FONT_SIZE) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold)


def _text_for(cell: Sequence[CellText], department: str | None) -> str:
    """The text a department wrote in a cell: its own, or the text shared by all departments."""
    own = [item.text for item in cell if item.department == department and department is not None]
    shared = [item.text for item in cell if item.department is None]
    return "\n".join(own or shared)


def _department_rating(row: ProjectRow, department: str | None) -> str | None:
    for item in row.department_ratings:
        if item.department == department:
            return item.rating
    return row.rating if len(row.owners) <= 1 else None


def _project_lines(policy: PolicyPart) -> Iterator[list[str | None]]:
    """The rows of one 施策: one per project × department. A cross-listing (再掲) takes one row
    without texts or ratings, which stay on its original's rows so that nothing counts twice."""
    for section in policy.sections:
        initiative = section.initiative.label if section.initiative else ""
        for row in section.rows:
            heading = [policy.node.label, initiative, row.code, row.title, row.description]
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
                    "",
                ]


def _prepare_for_print(sheet: Worksheet, title: str, header_rows: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddHeader.center.text = title
    sheet.oddFooter.center.text = "&P / &N ページ"
    if header_rows:
        sheet.print_title_rows = header_rows


def _write_header(sheet: Worksheet, row: int, headers: Sequence[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font = _font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _CENTRE


def _projects_sheet(sheet: Worksheet, content: ReportContent, labels: tuple[str, str]) -> None:
    columns = _columns(content, labels)
    widths = [column.width for column in columns]
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    _write_header(sheet, 1, [column.header for column in columns])
    sheet.row_dimensions[1].height = estimate_row_height(
        [c.header for c in columns], widths, font_size=FONT_SIZE
    )
    row_number = 1
    for policy in content.policies:
        for values in _project_lines(policy):
            row_number += 1
            for position, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
                cell = sheet.cell(row=row_number, column=position, value=value or None)
                cell.font = _font()
                cell.border = _BORDER
                cell.alignment = _CENTRE if column.centred else _WRAP
            texts = [value or "" for value in values]
            sheet.row_dimensions[row_number].height = estimate_row_height(texts, widths, font_size=FONT_SIZE)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_number}"
    _prepare_for_print(sheet, f"{content.title} 事業別評価", "1:1")


def _summary_sheet(sheet: Worksheet, content: ReportContent) -> None:
    row = 1
    sheet.cell(row=row, column=1, value=f"{content.title} 集計").font = _font(bold=True, size=12)
    row += 1
    sheet.cell(row=row, column=1, value="未評価の事業は評価の件数に含めず、「未評価」の列に数えています。")
    sheet.cell(row=row, column=1).font = _font()
    sheet.column_dimensions["A"].width = 48
    for table in content.summary.tallies:
        row += 2
        sheet.cell(row=row, column=1, value=table.title).font = _font(bold=True)
        row += 1
        _write_header(sheet, row, [table.group_label, *table.codes, "未評価", "合計"])
        for tally in (*table.rows, table.total):
            row += 1
            values: list[str | int] = [tally.label, *tally.counts, tally.unrated, tally.total]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.font = _font(bold=tally is table.total)
                cell.border = _BORDER
                cell.alignment = _WRAP
            sheet.row_dimensions[row].height = estimate_row_height([tally.label], [48], font_size=FONT_SIZE)
    for column in range(2, 12):
        sheet.column_dimensions[get_column_letter(column)].width = 9
    _prepare_for_print(sheet, f"{content.title} 集計", "")


def _policies_sheet(sheet: Worksheet, content: ReportContent, labels: tuple[str, str]) -> None:
    headers = [labels[0], "評価", "評価のコメント"]
    widths = [40.0, 8.0, 80.0]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    _write_header(sheet, 1, headers)
    for row, policy in enumerate(content.policies, start=2):
        values = [policy.node.label, policy.rating, policy.evaluation_comment]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value or None)
            cell.font = _font()
            cell.border = _BORDER
            cell.alignment = _CENTRE if column == 2 else _WRAP
        texts = [value or "" for value in values]
        sheet.row_dimensions[row].height = estimate_row_height(texts, widths, font_size=FONT_SIZE)
    sheet.freeze_panes = "A2"
    _prepare_for_print(sheet, f"{content.title} {labels[0]}評価", "1:1")


def _about_sheet(sheet: Worksheet, content: ReportContent, labels: tuple[str, str]) -> None:
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
            "「事業別評価」: 事業と担当課(事業主体)の組み合わせごとに1行です。"
            "複数の担当課がある事業は担当課の数だけ行があります。",
            False,
        ),
        (
            "「評価」は担当課ごとの評価、「事業評価」は事業としての評価です。空欄は未評価で、0点ではありません。",
            False,
        ),
        ("再掲の事業は「備考」に掲載元を示し、評価は掲載元の行にあります(二重に数えないため)。", False),
        (f"「集計」: 基本目標・{labels[0]}・担当課ごとの評価の件数です。未評価は別に数えています。", False),
        (f"「{labels[0]}評価」: {labels[0]}ごとの評価とコメントです。", False),
        ("印刷は A4 横、幅を1ページに合わせる設定です。見出し行は各ページに繰り返して印刷されます。", False),
        ("このファイルを編集しても、システムのデータは変わりません。", False),
    ]
    if content.draft_notice:
        lines.insert(4, (content.draft_notice, True))
    sheet.column_dimensions["A"].width = 110
    for row, (text, bold) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text or None)
        cell.font = _font(bold=bold, size=12 if row == 1 else FONT_SIZE)
        cell.alignment = _WRAP
        sheet.row_dimensions[row].height = estimate_row_height([text], [110], font_size=FONT_SIZE)
    _prepare_for_print(sheet, content.title, "")


def _level_labels(content: ReportContent) -> tuple[str, str]:
    """The names of the 施策 and 取組 levels as the plan calls them."""
    for policy in content.policies:
        for section in policy.sections:
            if section.initiative is not None:
                return policy.node.level_label, section.initiative.level_label
        return policy.node.level_label, "取組"
    return "施策", "取組"


def build_workbook(content: ReportContent) -> Workbook:
    workbook = Workbook()
    labels = _level_labels(content)
    about = workbook.active
    about.title = "説明"
    _about_sheet(about, content, labels)
    _projects_sheet(workbook.create_sheet("事業別評価"), content, labels)
    _summary_sheet(workbook.create_sheet("集計"), content)
    _policies_sheet(workbook.create_sheet(f"{labels[0]}評価"), content, labels)
    workbook.properties.title = content.title
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
