"""Reading a staff sheet (.xlsx, or .csv in UTF-8 or Shift_JIS/cp932) into rows of cell texts.

The file is checked against the limits of the department workbook
(:mod:`shinchoku.ingest.workbook.limits`: size, unzipped size, rows, cells) before it is read;
an .xlsx file is then read with openpyxl in read-only mode, one row at a time. A cell holding a
formula is read as the formula's text, which the preview refuses or stores as plain text: nothing
in the file is ever computed. Cell values become text through the department workbook's
:func:`~shinchoku.ingest.workbook.layout.cell_text` (control characters removed, numbers as typed).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import load_workbook

from shinchoku.ingest.staff_sheet.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    HEADERS,
    INSTRUCTIONS_SHEET,
    OPTIONAL_HEADERS,
    REQUIRED_HEADERS,
    SHEET,
    SheetProblem,
    StaffSheetError,
)
from shinchoku.ingest.workbook.layout import cell_text
from shinchoku.ingest.workbook.limits import LIMITS_TEXT, MAX_ROWS, check_upload_size, check_workbook_size
from shinchoku.ingest.workbook.problems import WorkbookFormatError

USE_TEMPLATE = "「利用者の管理」の「一括登録」でダウンロードした様式に記入してください。"


@dataclass(frozen=True)
class RawRow:
    row: int  # the row number people see in Excel (or the line of the CSV file)
    cells: tuple[str, ...]  # one text per column of layout.COLUMNS, in that order


@dataclass(frozen=True)
class RawSheet:
    sheet: str | None  # the sheet's name; None for a CSV file
    rows: list[RawRow]


def read_staff_sheet(data: bytes, file_name: str) -> RawSheet:
    """The non-empty rows of the file's staff sheet. Raises :class:`StaffSheetError` when the
    file is too large, not an .xlsx or CSV file, or lacks the sheet or a header."""
    if file_name.lower().endswith(".csv"):
        return _read_csv(data, file_name)
    return _read_xlsx(data, file_name)


def _refuse(message: str) -> StaffSheetError:
    return StaffSheetError([SheetProblem(message)])


def _read_xlsx(data: bytes, file_name: str) -> RawSheet:
    try:
        check_workbook_size(data, file_name)
    except WorkbookFormatError as error:
        raise StaffSheetError([SheetProblem(str(problem)) for problem in error.problems]) from error
    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on files that are not .xlsx
        raise _refuse(
            f"ファイル「{file_name}」を Excel ブック(.xlsx)としても CSV としても読めません。"
            f"古い形式(.xls)で保存した場合は、.xlsx 形式で保存し直してください。{USE_TEMPLATE}"
        ) from error
    try:
        names = [name for name in book.sheetnames if name != INSTRUCTIONS_SHEET]
        if SHEET in names:
            name = SHEET
        elif len(names) == 1:
            name = names[0]
        else:
            raise _refuse(f"ファイル「{file_name}」に「{SHEET}」シートがありません。{USE_TEMPLATE}")
        rows = [
            [cell_text(value) for value in values]
            for values in book[name].iter_rows(min_row=HEADER_ROW, values_only=True)
        ]
    finally:
        book.close()
    return _rows(rows, name, file_name)


def _read_csv(data: bytes, file_name: str) -> RawSheet:
    try:
        check_upload_size(len(data), file_name)
    except WorkbookFormatError as error:
        raise StaffSheetError([SheetProblem(str(problem)) for problem in error.problems]) from error
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _refuse(
            f"ファイル「{file_name}」の文字コードが分かりません。"
            "CSV は UTF-8 か Shift_JIS で保存してください。"
        )
    rows: list[list[str]] = []
    for values in csv.reader(io.StringIO(text, newline="")):
        if len(rows) >= MAX_ROWS:
            raise _refuse(
                f"ファイル「{file_name}」は {MAX_ROWS:,}行を超えるため読みませんでした。{LIMITS_TEXT}"
            )
        rows.append([cell_text(value) for value in values])
    return _rows(rows, None, file_name)


def _rows(rows: list[list[str]], sheet: str | None, file_name: str) -> RawSheet:
    """Find the columns by the header row, then keep each non-empty row's cells in layout order."""
    header = rows[0] if rows else []
    positions = {text: index for index, text in reversed(list(enumerate(header))) if text}
    missing = [name for name in REQUIRED_HEADERS if name not in positions]
    if missing:
        where = f"「{sheet}」シートの" if sheet else ""
        raise StaffSheetError(
            [
                SheetProblem(
                    f"ファイル「{file_name}」の{where}{HEADER_ROW}行目に見出し「{'」「'.join(missing)}」がありません。"
                    f"見出しは {' | '.join(REQUIRED_HEADERS)}(任意で {' | '.join(OPTIONAL_HEADERS)})です。"
                    f"{USE_TEMPLATE}",
                    sheet=sheet,
                    row=HEADER_ROW,
                )
            ]
        )
    found: list[RawRow] = []
    for offset, values in enumerate(rows[1:]):
        cells = tuple(
            values[positions[name]] if name in positions and positions[name] < len(values) else ""
            for name in HEADERS
        )
        if any(cells):
            found.append(RawRow(FIRST_DATA_ROW + offset, cells))
    return RawSheet(sheet, found)
