"""Open-data CSV (key "csv"), and :func:`read_csv`, which reads it back.

Options:
- ``table``: ``entries`` (default; one row per project × department), ``indicators`` or
  ``evaluations`` (see :mod:`shinchoku.reports.opendata.columns`).
- ``bom``: ``true`` (default; Excel then opens the UTF-8 file correctly) or ``false``.

Rows end with CRLF (RFC 4180); every cell holds one datum; an unrated item's rating is empty,
never 0. A text cell (and a header) that a spreadsheet program could run as a formula (it begins
with ``= + - @``, a tab or a CR) is written with a leading apostrophe
(:func:`shinchoku.core.cells.csv_safe`, the OWASP advice); number and flag cells are written as
they are (-5 stays a number). :func:`read_csv` returns cells as written, apostrophe included:
docs/opendata.md tells consumers how to read it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from shinchoku.core.cells import csv_safe
from shinchoku.reports.opendata.columns import TABLES, Column, R, Table, table, text_row, value_kinds
from shinchoku.reports.opendata.dataset import Dataset, load_for_report
from shinchoku.reports.registry import ReportFormat, ReportRequest, register

BOM = "\ufeff"


class OpenDataOptionError(ValueError):
    """An option value the format does not know; the message is Japanese."""


class CsvReadError(ValueError):
    """A CSV that cannot be read; the message is Japanese and names the line (and column)."""


def _table_option(request: ReportRequest) -> Table:
    name = request.options.get("table", "entries")
    for known in TABLES:
        if name == known:
            return known
    raise OpenDataOptionError(f"table には {'、'.join(TABLES)} のいずれかを指定してください(指定: {name})。")


def _table_name(request: ReportRequest) -> str:
    """The table in the file name, so the tables of one round download side by side."""
    try:
        return _table_option(request)
    except OpenDataOptionError:
        return ""  # render refuses the request anyway


def _flag_option(request: ReportRequest, name: str, default: bool) -> bool:
    value = request.options.get(name, "true" if default else "false").strip().lower()
    if value not in {"true", "false"}:
        raise OpenDataOptionError(f"{name} には true か false を指定してください(指定: {value})。")
    return value == "true"


def render(request: ReportRequest) -> bytes:
    """The CSV of the table chosen by the options, for the request's round and audience."""
    name = _table_option(request)
    bom = _flag_option(request, "bom", True)
    data = load_for_report(request)
    columns, rows = table(data, name)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(header_cells(columns))
    for row in rows:
        writer.writerow(row_cells(columns, data, row))
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def csv_writer(buffer: io.StringIO) -> Any:
    """A CSV writer as every open-data CSV uses it (RFC 4180: CRLF line ends, quotes as needed)."""
    return csv.writer(buffer, lineterminator="\r\n")


def header_cells(columns: Sequence[Column[Any]]) -> list[str]:
    """The header row: the Japanese column names, inert in a spreadsheet."""
    return [csv_safe(column.header) for column in columns]


def row_cells(columns: Sequence[Column[R]], data: Dataset, row: R) -> list[str]:
    """One row's cells as written: text inert (:func:`csv_safe`), numbers and flags as they are.
    The one way a row of an open-data CSV is written (per round and national)."""
    cells = text_row(list(columns), data, row).values()
    return [
        csv_safe(cell) if column.kind == "text" else cell for column, cell in zip(columns, cells, strict=True)
    ]


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else cp932 (Shift_JIS as Windows writes it)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp932")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            column = utf8_error.start - (data.rfind(b"\n", 0, utf8_error.start) + 1) + 1
            raise CsvReadError(
                f"{line}行目 {column}バイト目: 文字コードを読み取れません。"
                "UTF-8 または Shift_JIS(cp932)で保存してください。"
            ) from None


def read_csv(data: bytes) -> list[dict[str, str]]:
    """The rows of an open-data CSV as dicts keyed by header, values as written.

    Nothing is undone silently: a text cell that the writer prefixed with an apostrophe (it began
    with ``= + - @``, a tab or a CR) is returned with the apostrophe, as a spreadsheet shows it.

    Accepts UTF-8 with or without BOM and cp932. Raises :class:`CsvReadError` naming the line
    (and the column, where one is at fault) for a broken quote, an empty or repeated header, a
    row whose cell count differs from the header's, or a number or flag column holding text.
    """
    reader = csv.reader(io.StringIO(_decode(data), newline=""), strict=True)
    kinds = value_kinds()
    try:
        header = next(reader, None)
        if header is None:
            raise CsvReadError("1行目: 見出しの行がありません。")
        for position, name in enumerate(header, start=1):
            if not name.strip():
                raise CsvReadError(f"1行目 {position}列目: 見出しが空です。")
            if header.index(name) != position - 1:
                raise CsvReadError(f"1行目 {position}列目: 見出し「{name}」が重複しています。")
        rows = []
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                raise CsvReadError(
                    f"{reader.line_num}行目: 列の数が見出しと合いません"
                    f"(見出し {len(header)} 列、この行 {len(cells)} 列)。"
                )
            for position, (name, cell) in enumerate(zip(header, cells, strict=True), start=1):
                if cell and name in kinds and not _PATTERNS[kinds[name]].fullmatch(cell):
                    raise CsvReadError(
                        f"{reader.line_num}行目 {position}列目「{name}」: 「{cell}」は"
                        f"{_KIND_NAMES[kinds[name]]}として読めません。"
                    )
            rows.append(dict(zip(header, cells, strict=True)))
    except csv.Error as error:
        raise CsvReadError(f"{reader.line_num}行目: CSV の形式が正しくありません({error})。") from None
    return rows


_PATTERNS = {
    "integer": re.compile(r"-?\d+"),
    "decimal": re.compile(r"-?\d+(\.\d+)?"),
    "flag": re.compile(r"[01]"),
}
_KIND_NAMES = {"integer": "整数", "decimal": "数値", "flag": "1 または 0"}


CSV = register(
    ReportFormat(
        key="csv",
        label="CSV(オープンデータ)",
        description="事業と担当課ごとに1行のオープンデータです(Excel で開ける UTF-8、BOM 付き)。",
        media_type="text/csv; charset=utf-8",
        extension="csv",
        render=render,
        name_suffix=_table_name,
    )
)
