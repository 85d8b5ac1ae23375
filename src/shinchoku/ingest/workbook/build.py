"""The pre-filled workbook a department downloads to write its entries of one round offline.

Sheets: 説明 (instructions and rating definitions, :mod:`.instructions`), 評価入力 (one row per
entry in plan order, laid out by :mod:`.layout`), 指標の実績 (one row per indicator of those
projects, see :mod:`.actuals`) and 管理情報 (very hidden: which round and department the file is
for).

Sheets are protected without a password. The protection keeps people from typing into the grey
reference cells by accident; it is not a security boundary (anybody can remove a sheet
protection), which is why the upload checks every row again and a password would only make
people call the 事務局 when they want to widen a column.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.accounts.models import User
from shinchoku.core.fiscal_year import format_short
from shinchoku.core.row_height import estimate_row_height
from shinchoku.evaluations.models import Round
from shinchoku.ingest.workbook import actuals, layout
from shinchoku.ingest.workbook.instructions import FONT_NAME, FONT_SIZE, deadline_text, write_instructions
from shinchoku.ingest.workbook.layout import BY_KEY, COLUMNS, FIRST_DATA_ROW, HEADER_ROW, SUBMIT_WORD, Column
from shinchoku.ingest.workbook.source import SourceRow, WorkbookSource, status_label, workbook_source
from shinchoku.plans.models import Department
from shinchoku.reports.xlsx_cells import fit_cell_text, write_text

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_REFERENCE_FILL = PatternFill("solid", fgColor="E7E6E6")
_LOCKED_ROW_FILL = PatternFill("solid", fgColor="BFBFBF")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="top", horizontal="center")
_UNLOCKED = Protection(locked=False)
_TEXT_FORMAT = "@"  # keeps 12 or 1-2 typed into a text cell as the text typed


def _font(*, bold: bool = False, size: float = FONT_SIZE) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold)


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    # Widening columns and heightening rows stay allowed: that is how people read long texts.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def row_texts(row: SourceRow) -> dict[str, str]:
    """The text of every visible column of ``row`` as downloaded (the checksum's input): a text
    over Excel's cell limit as it is cut in the cell, so that a cut cell nobody changed reads as
    unchanged and never replaces the full text."""
    entry, previous = row.entry, row.previous
    texts = {
        "code": entry.project.code,
        "title": entry.project.display_title,
        "description": entry.project.description,
        "final_target": entry.final_target,
        "year_target": entry.year_target,
        "previous_progress": previous.progress if previous else "",
        "previous_rating": previous.rating.code if previous and previous.rating else "",
        "previous_reason": previous.reason if previous else "",
        "status": status_label(entry) + ("" if row.editable else "\n(この行は編集できません)"),
        "progress": entry.progress,
        "rating": entry.rating.code if entry.rating else "",
        "reason": entry.reason,
        "next_year_goal": entry.next_year_goal,
        "submit": "",
        "findings": row.findings,
    }
    return {key: layout.cell_text(fit_cell_text(text)[0]) for key, text in texts.items()}


def _write_header(sheet: Worksheet, source: WorkbookSource) -> None:
    round_ = source.round
    title = f"{round_.plan.title} {round_.fiscal_year_label} 評価入力({source.department.name})"
    write_text(sheet, 1, 1, layout.cell_text(title)).font = _font(bold=True, size=12)
    guide = (
        f"{deadline_text(source)}　灰色の列は参考です(変更できません)。白い列に記入し、"
        f"提出するときは「提出」で「{SUBMIT_WORD}」を選んでください。詳しくは「説明」シートをご覧ください。"
    )
    sheet.cell(row=2, column=1, value=guide).font = _font()
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=position, value=column.header)
        cell.font = _font(bold=True)
        cell.fill = _HEADER_FILL if column.editable else _REFERENCE_FILL
        cell.border = _BORDER
        cell.alignment = _CENTRE
        sheet.column_dimensions[column.letter].width = column.width
        sheet.column_dimensions[column.letter].hidden = column.hidden
    sheet.row_dimensions[HEADER_ROW].height = estimate_row_height(
        [column.header for column in layout.VISIBLE], [column.width for column in layout.VISIBLE]
    )


def _write_row(sheet: Worksheet, number: int, row: SourceRow) -> None:
    texts = row_texts(row)
    values: dict[str, str | int] = dict(texts)
    values |= {
        "entry_id": row.entry.pk,
        "version": row.entry.version,
        "checksum": layout.checksum(row.entry.pk, texts),
    }
    for position, column in enumerate(COLUMNS, start=1):
        value = values[column.key]
        # Typed texts are written as strings, never formulas (a web text "=HYPERLINK(…)" stays text).
        cell = (
            write_text(sheet, number, position, value)
            if isinstance(value, str)
            else sheet.cell(row=number, column=position, value=value)
        )
        cell.font = _font()
        cell.border = _BORDER
        cell.alignment = _CENTRE if column.key in ("rating", "previous_rating", "submit") else _WRAP
        if column.editable and row.editable:
            cell.protection = _UNLOCKED
            cell.number_format = _TEXT_FORMAT
        elif not row.editable:
            cell.fill = _LOCKED_ROW_FILL
        elif not column.editable:
            cell.fill = _REFERENCE_FILL
    sheet.row_dimensions[number].height = estimate_row_height(
        [texts[column.key] for column in layout.VISIBLE],
        [column.width for column in layout.VISIBLE],
        font_size=FONT_SIZE,
    )


def _validations(sheet: Worksheet, codes_range: str, last_row: int) -> None:
    """Drop-downs for 評価 and 提出, and a length limit on the texts (Excel refuses bad input;
    the upload checks again, since validation is easy to bypass by pasting)."""
    rating = DataValidation(type="list", formula1=codes_range, allow_blank=True)
    rating.error, rating.errorTitle = "一覧から評価を選んでください(定義は「説明」シート)。", "評価"
    rating.prompt, rating.promptTitle = "一覧から選んでください。定義は「説明」シートにあります。", "評価"
    submit = DataValidation(type="list", formula1=f'"{SUBMIT_WORD}"', allow_blank=True)
    submit.error, submit.errorTitle = f"「{SUBMIT_WORD}」を選ぶか、空欄にしてください。", "提出"
    length = DataValidation(
        type="textLength", operator="lessThanOrEqual", formula1=str(layout.MAX_TEXT_LENGTH), allow_blank=True
    )
    length.error, length.errorTitle = f"{layout.MAX_TEXT_LENGTH}文字以内で入力してください。", "文字数"
    for validation in (rating, submit, length):
        validation.showErrorMessage = True
        validation.showInputMessage = validation is rating
        sheet.add_data_validation(validation)
    if last_row < FIRST_DATA_ROW:
        return
    rating.add(f"{BY_KEY['rating'].letter}{FIRST_DATA_ROW}:{BY_KEY['rating'].letter}{last_row}")
    submit.add(f"{BY_KEY['submit'].letter}{FIRST_DATA_ROW}:{BY_KEY['submit'].letter}{last_row}")
    for key in layout.TEXT_KEYS:
        length.add(f"{BY_KEY[key].letter}{FIRST_DATA_ROW}:{BY_KEY[key].letter}{last_row}")


def _entries_sheet(sheet: Worksheet, source: WorkbookSource, codes_range: str) -> None:
    _write_header(sheet, source)
    last_row = HEADER_ROW
    for last_row, row in enumerate(source.rows, start=FIRST_DATA_ROW):
        _write_row(sheet, last_row, row)
    _validations(sheet, codes_range, last_row)
    sheet.freeze_panes = f"C{FIRST_DATA_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:{layout.PRINTED[-1].letter}{max(last_row, HEADER_ROW)}"
    # A3 landscape, one page wide: the 14 visible columns print at 84 % (10 pt → 8.4 pt); on A4
    # they would shrink to 5 pt. Rows wrap; the header row repeats on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "&P / &N ページ"


def _style(cell: Cell, column: Column, *, editable: bool, locked_row: bool) -> None:
    cell.font = _font()
    cell.border = _BORDER
    cell.alignment = _WRAP
    if editable:
        cell.protection = _UNLOCKED
    elif locked_row:
        cell.fill = _LOCKED_ROW_FILL
    elif not column.editable:
        cell.fill = _REFERENCE_FILL


def _actuals_sheet(sheet: Worksheet, source: WorkbookSource) -> None:
    """The 指標の実績 sheet (see :mod:`.actuals`): one row per indicator of the department's projects."""
    title = f"{source.round.plan.title} {source.round.fiscal_year_label} 指標の実績({source.department.name})"
    write_text(sheet, 1, 1, layout.cell_text(title)).font = _font(bold=True, size=12)
    guide = (
        "灰色の列は参考です(変更できません)。今年度の実績値を白い列に入力してください。"
        "「46人」「1,234件」「▲3」のように単位や区切り、マイナスの記号を付けても読み取ります。"
    )
    sheet.cell(row=2, column=1, value=guide).font = _font()
    for column in actuals.ACTUAL_COLUMNS:
        cell = sheet.cell(row=actuals.HEADER_ROW, column=column.position, value=column.header)
        cell.font = _font(bold=True)
        cell.fill = _HEADER_FILL if column.editable else _REFERENCE_FILL
        cell.border = _BORDER
        cell.alignment = _CENTRE
        sheet.column_dimensions[column.letter].width = column.width
        sheet.column_dimensions[column.letter].hidden = column.hidden
    for number, row in enumerate(source.actuals, start=actuals.FIRST_DATA_ROW):
        texts = row.texts()
        values: dict[str, object] = dict(texts)
        values["actual"] = actuals.number_cell(row.current.value if row.current else None)
        values["previous"] = actuals.number_cell(row.previous.value if row.previous else None)
        values |= {"indicator_id": row.indicator.pk, "checksum": actuals.checksum(row.indicator.pk, texts)}
        for column in actuals.ACTUAL_COLUMNS:
            value = values[column.key]
            # Texts are written as strings, never formulas; the actual as a number.
            cell = (
                write_text(sheet, number, column.position, value)
                if isinstance(value, str)
                else sheet.cell(row=number, column=column.position, value=value)
            )
            _style(cell, column, editable=column.editable and row.editable, locked_row=not row.editable)
    sheet.freeze_panes = f"D{actuals.FIRST_DATA_ROW}"
    sheet.print_title_rows = f"{actuals.HEADER_ROW}:{actuals.HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _meta_sheet(sheet: Worksheet, source: WorkbookSource) -> None:
    rows = [
        ("形式", layout.FORMAT_TAG),
        ("年度ID", source.round.pk),
        ("担当課ID", source.department.pk),
        ("担当課", source.department.name),
        ("年度", source.round.fiscal_year),
    ]
    for number, (label, value) in enumerate(rows, start=1):
        sheet.cell(row=number, column=1, value=label)
        if isinstance(value, str):
            write_text(sheet, number, 2, layout.cell_text(value))
        else:
            sheet.cell(row=number, column=2, value=value)
    sheet.sheet_state = "veryHidden"


def build_workbook(source: WorkbookSource) -> Workbook:
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = layout.INSTRUCTIONS_SHEET
    codes_range = write_instructions(instructions, source)
    entries = workbook.create_sheet(layout.ENTRIES_SHEET)
    _entries_sheet(entries, source, codes_range)
    _actuals_sheet(workbook.create_sheet(actuals.ACTUALS_SHEET), source)
    _meta_sheet(workbook.create_sheet(layout.META_SHEET), source)
    for sheet in workbook.worksheets:
        _protect(sheet)
    workbook.active = workbook.worksheets.index(entries)
    workbook.properties.title = layout.cell_text(
        f"{source.round.plan.title} {source.round.fiscal_year_label} 評価入力"
    )
    workbook.properties.creator = "shinchoku"
    return workbook


def department_workbook(actor: User, round_: Round, department: Department) -> bytes:
    """The .xlsx file of ``department``'s entries in ``round_``, pre-filled for ``actor``
    (rows ``actor`` may not edit now are greyed and locked)."""
    buffer = io.BytesIO()
    build_workbook(workbook_source(actor, round_, department)).save(buffer)
    return buffer.getvalue()


def workbook_file_name(round_: Round, department: Department) -> str:
    """評価入力_R6_共生福祉課.xlsx"""
    return f"評価入力_{format_short(round_.fiscal_year)}_{department.name}.xlsx"
