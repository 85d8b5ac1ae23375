"""Reading an uploaded department workbook back into rows, refusing what cannot be read.

:func:`parse_workbook` raises :class:`~.problems.WorkbookFormatError` when the file as a whole is
not ours (not an .xlsx file, a sheet or header missing, made for another round or department).
Otherwise it returns every row it could read and a :class:`~.problems.Problem` for every cell it
could not: an unknown entry id or one of another department or round, a rating not in the
plan's scale, an edited grey cell, and, in the white cells the person changed (the checksum
tells which), a formula or a text too long. A cell as downloaded is never refused for what the
system wrote into it. It does not compare with the stored entries; :mod:`.preview` does.

The 指標の実績 sheet is read by :mod:`.actuals`. The file is checked against :mod:`.limits` first
and then read with openpyxl in read-only mode, one row at a time.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from shinchoku.evaluations.models import Entry, Round
from shinchoku.ingest.workbook import layout
from shinchoku.ingest.workbook.actuals import ParsedActual, parse_actuals
from shinchoku.ingest.workbook.layout import BY_KEY, COLUMNS, EDITABLE, ENTRIES_SHEET, SUBMIT_WORD
from shinchoku.ingest.workbook.limits import check_workbook_size
from shinchoku.ingest.workbook.problems import Problem, WorkbookFormatError
from shinchoku.plans.models import Department, Indicator, RatingCode

NOT_OURS = "職員用の画面の「Excelでダウンロード」で作ったファイルを使ってください。"
# The largest id and version a database column holds (SQLite and PostgreSQL bigint); a larger
# number in a hidden cell would make the database driver raise OverflowError.
_MAX_STORED_INTEGER = 2**63 - 1
_META_ROWS = 20


@dataclass(frozen=True)
class ParsedRow:
    """One readable entry row: the white cells' texts (``rating`` as the scale's code) and which
    of them differ from the file as downloaded (``touched``; ``submit`` counts when chosen)."""

    row: int
    entry: Entry
    version: int
    texts: dict[str, str]
    touched: frozenset[str]

    @property
    def submit(self) -> bool:
        return self.texts["submit"] == SUBMIT_WORD


@dataclass(frozen=True)
class ParsedWorkbook:
    rows: list[ParsedRow]
    problems: list[Problem]
    actuals: list[ParsedActual] = field(default_factory=list)  # changed rows of 指標の実績


def _open(data: bytes, file_name: str) -> Workbook:
    """The workbook, opened read-only (rows are streamed, never all in memory) once
    :func:`~.limits.check_workbook_size` has found it within the limits."""
    check_workbook_size(data, file_name)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on files that are not .xlsx
        message = (
            f"ファイル「{file_name}」を Excel ブック(.xlsx)として読めません。"
            f"古い形式(.xls)や CSV で保存した場合は、.xlsx 形式で保存し直してください。{NOT_OURS}"
        )
        raise WorkbookFormatError([Problem(message)]) from error
    if ENTRIES_SHEET not in book.sheetnames or layout.META_SHEET not in book.sheetnames:
        missing = ENTRIES_SHEET if ENTRIES_SHEET not in book.sheetnames else layout.META_SHEET
        raise WorkbookFormatError(
            [
                Problem(
                    f"ファイル「{file_name}」は評価入力用のファイルではありません(「{missing}」シートがありません)。{NOT_OURS}"
                )
            ]
        )
    _check_meta(book[layout.META_SHEET], file_name)
    return book


def _meta(sheet: ReadOnlyWorksheet) -> dict[str, object]:
    rows = sheet.iter_rows(max_row=_META_ROWS, max_col=2, values_only=True)
    return {layout.cell_text(row[0]): row[1] for row in rows}


def _check_meta(sheet: ReadOnlyWorksheet, file_name: str) -> None:
    meta = _meta(sheet)
    if meta.get("形式") != layout.FORMAT_TAG:
        raise WorkbookFormatError(
            [
                Problem(
                    f"ファイル「{file_name}」は評価入力用のファイルではないか、形式が古いものです。{NOT_OURS}"
                )
            ]
        )


def _check_target(book: Workbook, round_: Round, department: Department) -> None:
    meta = _meta(book[layout.META_SHEET])
    if meta.get("担当課ID") != department.pk:
        other = layout.cell_text(meta.get("担当課")) or "別の担当課"
        raise WorkbookFormatError(
            [
                Problem(
                    f"このファイルは「{other}」の評価入力用です。「{department.name}」のファイルとしては"
                    f"アップロードできません。{department.name}の画面からダウンロードしたファイルを使ってください。"
                )
            ]
        )
    if meta.get("年度ID") != round_.pk:
        raise WorkbookFormatError(
            [
                Problem(
                    f"このファイルは別の年度の評価入力用です。{round_.fiscal_year_label}の画面から"
                    "ダウンロードしたファイルを使ってください。"
                )
            ]
        )


def _check_headers(sheet: ReadOnlyWorksheet) -> None:
    header = next(
        sheet.iter_rows(
            min_row=layout.HEADER_ROW, max_row=layout.HEADER_ROW, max_col=len(COLUMNS), values_only=True
        ),
        (None,) * len(COLUMNS),
    )
    problems = [
        Problem(
            f"見出しが「{column.header}」ではありません(「{layout.cell_text(value)}」)。"
            "列の追加・削除・移動はしないでください。",
            ENTRIES_SHEET,
            layout.HEADER_ROW,
            column,
        )
        for column, value in zip(COLUMNS, header, strict=True)
        if layout.cell_text(value) != column.header
    ]
    if problems:
        raise WorkbookFormatError(problems)


class _RowReader:
    """Reads one row's cells, collecting a :class:`Problem` for each it refuses. ``formulas``: the
    keys of the cells that hold a formula (typed in Excel; the system writes none)."""

    def __init__(
        self, number: int, cells: dict[str, object], formulas: frozenset[str], codes: dict[str, str]
    ) -> None:
        self.number = number
        self.cells = cells
        self.formulas = formulas
        self.codes = codes
        self.problems: list[Problem] = []

    def refuse(self, key: str, message: str) -> None:
        self.problems.append(Problem(message, ENTRIES_SHEET, self.number, BY_KEY[key]))

    def integer(self, key: str, what: str) -> int | None:
        value = self.cells[key]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAX_STORED_INTEGER:
            return value
        self.refuse(key, f"{what}が読めません。行の追加・コピーや、非表示の列の変更はしないでください。")
        return None

    def text(self, key: str) -> str:
        return layout.cell_text(self.cells[key])

    def check_changed(self, changed: set[str], texts: dict[str, str]) -> None:
        """Refuse a formula or an over-long text in the cells the person changed. A cell as
        downloaded is never refused for what the system wrote into it (a web text of any length,
        or a formula written by an older version)."""
        for column in EDITABLE:
            key = column.key
            if key not in changed:
                continue
            if key in self.formulas:
                self.refuse(
                    key,
                    "数式は使えません。文字で入力してください(先頭の「=」を消すか、「'」を付けてください)。",
                )
            elif key in layout.TEXT_KEYS and len(texts[key]) > layout.MAX_TEXT_LENGTH:
                length = len(texts[key])
                self.refuse(key, f"{length}文字あります。{layout.MAX_TEXT_LENGTH}文字以内にしてください。")

    def rating(self) -> str:
        written = self.text("rating")
        if not written:
            return ""
        code = self.codes.get(written) or self.codes.get(unicodedata.normalize("NFKC", written).upper())
        if code is None:
            choices = "・".join(dict.fromkeys(self.codes.values()))
            self.refuse("rating", f"「{written}」は評価基準にありません。{choices} から選んでください。")
            return ""
        return code

    def submit(self) -> str:
        written = self.text("submit")
        if written not in ("", SUBMIT_WORD):
            self.refuse(
                "submit", f"「{written}」は選べません。「{SUBMIT_WORD}」を選ぶか、空欄にしてください。"
            )
            return ""
        return written


def _codes(round_: Round) -> dict[str, str]:
    """Accepted spellings of the scale's codes (as stored, and NFKC upper-cased) → the code."""
    codes = RatingCode.objects.filter(scale_id=round_.plan.rating_scale_id).order_by("position")
    accepted: dict[str, str] = {}
    for code in codes.values_list("code", flat=True):
        accepted[code] = code
        accepted.setdefault(unicodedata.normalize("NFKC", code).upper(), code)
    return accepted


def _read_rows(
    sheet: ReadOnlyWorksheet, codes: dict[str, str]
) -> tuple[list[tuple[_RowReader, int, int]], list[Problem]]:
    """Every non-empty row as (reader, entry id, version); problems of rows without a readable id."""
    read: list[tuple[_RowReader, int, int]] = []
    problems: list[Problem] = []
    keys = [column.key for column in COLUMNS]
    for number, row in enumerate(
        sheet.iter_rows(min_row=layout.FIRST_DATA_ROW, max_col=len(COLUMNS)), start=layout.FIRST_DATA_ROW
    ):
        cells = {key: cell.value for key, cell in zip(keys, row, strict=True)}
        if all(layout.cell_text(value) == "" for value in cells.values()):
            continue
        formulas = frozenset(key for key, cell in zip(keys, row, strict=True) if cell.data_type == "f")
        reader = _RowReader(number, cells, formulas, codes)
        entry_id = reader.integer("entry_id", "評価ID")
        version = reader.integer("version", "版")
        if entry_id is None or version is None:
            problems += reader.problems
            continue
        read.append((reader, entry_id, version))
    return read, problems


def _row(reader: _RowReader, entry: Entry, version: int) -> ParsedRow | None:
    texts = {column.key: layout.cell_text(reader.cells[column.key]) for column in layout.REFERENCE}
    texts |= {key: reader.text(key) for key in layout.TEXT_KEYS}
    texts |= {"rating": reader.rating(), "submit": reader.submit()}
    changed = layout.changed_keys(entry.pk, texts, layout.cell_text(reader.cells["checksum"]))
    if changed is None:
        reader.refuse("checksum", "非表示の照合情報が壊れています。もう一度ダウンロードしてください。")
        return None
    reader.check_changed(changed, texts)
    for column in layout.REFERENCE:
        if column.key in changed:
            reader.refuse(
                column.key,
                "灰色の列は変更できません(ダウンロードした時から変わっています)。"
                "元に戻すか、もう一度ダウンロードして記入し直してください。",
            )
    if reader.problems:
        return None
    editable = {column.key for column in EDITABLE}
    return ParsedRow(
        reader.number, entry, version, {k: texts[k] for k in editable}, frozenset(changed & editable)
    )


def parse_workbook(data: bytes, *, file_name: str, round_: Round, department: Department) -> ParsedWorkbook:
    """Read the entry rows of an uploaded workbook made for ``department`` in ``round_``.

    Raises :class:`WorkbookFormatError` when the file as a whole cannot be used.
    """
    book = _open(data, file_name)
    try:
        _check_target(book, round_, department)
        sheet = book[ENTRIES_SHEET]
        sheet.reset_dimensions()  # read every row there is, not only those the file claims to have
        _check_headers(sheet)
        read, problems = _read_rows(sheet, _codes(round_))
        actuals, actual_problems = parse_actuals(book, _department_indicators(round_, department))
    finally:
        book.close()
    entries = Entry.objects.select_related("department", "round__plan", "project", "rating").in_bulk(
        [entry_id for _, entry_id, _ in read]
    )
    rows: list[ParsedRow] = []
    seen: dict[int, int] = {}
    for reader, entry_id, version in read:
        entry = entries.get(entry_id)
        if entry is None:
            reader.refuse(
                "entry_id", f"評価ID {entry_id} の評価はありません。行の追加・コピーはしないでください。"
            )
        elif entry.department_id != department.pk:
            reader.refuse(
                "entry_id",
                f"この行は「{entry.department.name}」の評価です。自分の担当課の行だけを記入してください。",
            )
        elif entry.round_id != round_.pk:
            reader.refuse(
                "entry_id", "この行は別の年度の評価です。この年度のファイルをダウンロードし直してください。"
            )
        elif entry_id in seen:
            reader.refuse(
                "entry_id", f"{seen[entry_id]}行目と同じ事業の行です。行のコピーはしないでください。"
            )
        else:
            seen[entry_id] = reader.number
            parsed = _row(reader, entry, version)
            if parsed is not None:
                rows.append(parsed)
        problems += reader.problems
    return ParsedWorkbook(rows, sorted(problems, key=_position) + actual_problems, actuals)


def _department_indicators(round_: Round, department: Department) -> set[int]:
    """The indicators the 指標の実績 sheet may hold: those of the department's projects."""
    projects = Entry.objects.filter(round=round_, department=department).values_list("project_id")
    return set(Indicator.objects.filter(node_id__in=projects).values_list("pk", flat=True))


def _position(problem: Problem) -> tuple[int, int]:
    """Where ``problem`` is, for listing problems in reading order: row, then column."""
    return problem.row or 0, COLUMNS.index(problem.column) if problem.column else -1
