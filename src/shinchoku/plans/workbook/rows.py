"""Reading the rows of one sheet of the plan workbook: columns found by their header, each cell
parsed by :mod:`.cells`, every problem noted with its place (sheet, row, column) and reading
going on, so that one pass reports every problem of the file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from shinchoku.plans.workbook import cells, layout
from shinchoku.plans.workbook.document import Problem
from shinchoku.plans.workbook.layout import Place, word_key

_T = TypeVar("_T")


class Row:
    """One data row of a sheet: its cells by header, and where each is."""

    def __init__(self, sheet: str, number: int, values: dict[str, Any], columns: dict[str, int]) -> None:
        self.sheet, self.number, self.values, self.columns = sheet, number, values, columns

    def place(self, header: str) -> Place:
        return Place(self.sheet, self.number, self.columns.get(header), header)


class SheetReader:
    """Reads rows and cells, collecting :attr:`problems` and each sheet's :attr:`columns`."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.columns: dict[str, dict[str, int]] = {}

    def problem(self, place: Place, message: str) -> None:
        self.problems.append(Problem(place, message))

    def cell(self, row: Row, header: str, parse: Callable[[Any], _T], fallback: _T) -> _T:
        """``parse`` the cell under ``header``; on a problem, note it and return ``fallback``."""
        try:
            return parse(row.values.get(header))
        except cells.CellError as error:
            self.problem(row.place(header), str(error))
            return fallback

    def required(self, row: Row, header: str, what: str) -> str:
        value = self.cell(row, header, cells.line, "")
        if not value:
            self.problem(row.place(header), f"{what}を入力してください。")
        return value

    # -- sheets ----------------------------------------------------------------------------
    def rows(self, sheet: ReadOnlyWorksheet, name: str) -> Iterator[Row]:
        """The non-empty rows under the header row; a missing required header is one problem."""
        expected = layout.HEADERS[name]
        lines = sheet.iter_rows()
        header_cells = next(lines, ())
        columns: dict[str, int] = {}
        by_key = {word_key(header): header for header in expected}
        for cell in header_cells:
            if isinstance(cell.value, str) and word_key(cell.value) in by_key:
                columns.setdefault(by_key[word_key(cell.value)], cell.column)
        self.columns[name] = columns
        optional = layout.OPTIONAL_HEADERS.get(name, ())
        missing = [header for header in expected if header not in columns and header not in optional]
        if missing:
            required = [header for header in expected if header not in optional]
            self.problem(
                Place(name, 1),
                f"見出し「{'」「'.join(missing)}」がありません。1行目の見出しは"
                f"「{'」「'.join(required)}」にしてください(テンプレートの見出しを変えないでください)。",
            )
            return
        for number, line_cells in enumerate(lines, start=2):
            values: dict[str, Any] = {}
            by_column = {cell.column: cell for cell in line_cells if hasattr(cell, "column")}
            formula = False
            for header, column in columns.items():
                cell = by_column.get(column)
                if cell is None or cell.value is None:
                    continue
                if cell.data_type == "f":
                    self.problem(
                        Place(name, number, column, header), "数式は使えません。値を直接入力してください。"
                    )
                    formula = True
                    continue
                values[header] = cell.value
            if formula or any(cells.line(value) for value in values.values() if not _is_date(value)):
                yield Row(name, number, values, columns)

    def optional_year(self, row: Row, header: str) -> int | None:
        if not cells.line(row.values.get(header)):
            return None
        return self.cell(row, header, cells.fiscal_year, None)

    def optional_number(self, row: Row, header: str) -> Decimal | None:
        if not cells.line(row.values.get(header)):
            return None
        return self.cell(row, header, cells.number, None)

    def required_year(self, row: Row) -> int:
        if not cells.line(row.values.get("年度")):
            self.problem(row.place("年度"), "年度を入力してください(例: 令和5年度、2023)。")
            return 0
        return self.cell(row, "年度", cells.fiscal_year, 0)


def _is_date(value: Any) -> bool:
    return hasattr(value, "year") and hasattr(value, "month")
