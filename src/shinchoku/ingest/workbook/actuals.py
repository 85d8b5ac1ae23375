"""The 指標の実績 sheet of a department's workbook: this year's actual (実績値) of each indicator of
the department's projects, written offline beside the entries and stored through
:func:`~shinchoku.evaluations.services.indicators.record_indicator_value`.

One row per indicator, in the order of the 評価入力 sheet: grey reference cells (番号, 事業名,
指標名, 単位, 目標値, 前年度の実績値), two white cells (今年度の実績値, 備考) and two hidden
locked ones (the indicator id and a checksum of the visible cells as downloaded, which names an
edited grey cell and tells which white cells the person changed, as on the entries sheet). An
actual is read by :func:`~shinchoku.core.numbers.parse_typed_number` (「46人」「1,234件」「▲3」).
A file made before this sheet existed simply has no actuals.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.core.fiscal_year import format_short
from shinchoku.core.numbers import TypedNumberError, parse_typed_number
from shinchoku.evaluations.models import IndicatorValue, Round
from shinchoku.ingest.workbook.layout import Column, cell_text
from shinchoku.ingest.workbook.problems import Problem
from shinchoku.plans.models import Indicator

ACTUALS_SHEET = "指標の実績"
HEADER_ROW = 3
FIRST_DATA_ROW = 4
NOTE_LENGTH = 300  # IndicatorValue.note
_DIGEST_LENGTH = 8
_MAX_STORED_INTEGER = 2**63 - 1


@dataclass(frozen=True)
class ActualColumn(Column):
    """A column of the 指標の実績 sheet; ``position`` is its place (1 = A)."""

    position: int = 0

    @property
    def letter(self) -> str:
        return str(get_column_letter(self.position))


def _columns(*specs: tuple[str, str, float, str]) -> tuple[ActualColumn, ...]:
    kinds = {"": {}, "edit": {"editable": True}, "hidden": {"hidden": True}}
    return tuple(
        ActualColumn(key, header, width, position=position, **kinds[kind])
        for position, (key, header, width, kind) in enumerate(specs, start=1)
    )


ACTUAL_COLUMNS = _columns(
    ("code", "番号", 8, ""),
    ("title", "事業名", 18, ""),
    ("indicator", "指標名", 24, ""),
    ("unit", "単位", 6, ""),
    ("target", "目標値", 12, ""),
    ("previous", "前年度の実績値", 12, ""),
    ("actual", "今年度の実績値", 14, "edit"),
    ("note", "備考", 26, "edit"),
    ("indicator_id", "指標ID", 8, "hidden"),
    ("checksum", "照合", 12, "hidden"),
)
ACTUAL_BY_KEY = {column.key: column for column in ACTUAL_COLUMNS}
CHECKED = tuple(column for column in ACTUAL_COLUMNS if not column.hidden)
REFERENCE_KEYS = tuple(column.key for column in CHECKED if not column.editable)


def number_cell(value: Decimal | None) -> int | float | None:
    """How a stored number is written into a cell (and so read back): an integer when whole."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def number_text(value: Decimal | None) -> str:
    return cell_text(number_cell(value))


# --- what the sheet holds ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActualRow:
    """One indicator of one of the department's projects, with this year's and last year's actual."""

    indicator: Indicator
    current: IndicatorValue | None
    previous: IndicatorValue | None
    editable: bool

    def texts(self) -> dict[str, str]:
        """The visible cells' texts as downloaded (the checksum's input)."""
        indicator = self.indicator
        target = number_text(indicator.target_value)
        if target and indicator.target_year:
            target += f"({format_short(indicator.target_year)})"
        return {
            "code": cell_text(indicator.node.code),
            "title": cell_text(indicator.node.display_title),
            "indicator": cell_text(indicator.label),
            "unit": cell_text(indicator.unit),
            "target": target,
            "previous": number_text(self.previous.value if self.previous else None),
            "actual": number_text(self.current.value if self.current else None),
            "note": cell_text(self.current.note if self.current else ""),
        }


def actual_rows(actor: User, round_: Round, project_ids: list[int]) -> list[ActualRow]:
    """The indicators of ``project_ids`` (in that order, then each project's own order) with their
    actuals of ``round_``'s year and the year before; three queries."""
    order = {pk: index for index, pk in enumerate(project_ids)}
    indicators = sorted(
        Indicator.objects.filter(node_id__in=project_ids)
        .select_related("node__plan")
        .prefetch_related("node__ownerships"),
        key=lambda indicator: (order[indicator.node_id], indicator.position, indicator.pk),
    )
    years = (round_.fiscal_year, round_.fiscal_year - 1)
    values = {
        (value.indicator_id, value.fiscal_year): value
        for value in IndicatorValue.objects.filter(indicator__in=indicators, fiscal_year__in=years)
    }
    return [
        ActualRow(
            indicator,
            values.get((indicator.pk, years[0])),
            values.get((indicator.pk, years[1])),
            permissions.can_record_indicator_value(actor, indicator, round_),
        )
        for indicator in indicators
    ]


def _digest(indicator_id: int, key: str, text: str) -> str:
    return hashlib.sha256(f"{indicator_id}\x1f{key}\x1f{text}".encode()).hexdigest()[:_DIGEST_LENGTH]


def checksum(indicator_id: int, texts: dict[str, str]) -> str:
    return "".join(_digest(indicator_id, column.key, texts[column.key]) for column in CHECKED)


def _changed_keys(indicator_id: int, texts: dict[str, str], recorded: str) -> set[str] | None:
    if len(recorded) != _DIGEST_LENGTH * len(CHECKED):
        return None
    parts = [recorded[i : i + _DIGEST_LENGTH] for i in range(0, len(recorded), _DIGEST_LENGTH)]
    return {
        column.key
        for column, part in zip(CHECKED, parts, strict=True)
        if _digest(indicator_id, column.key, texts[column.key]) != part
    }


# --- reading it back --------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedActual:
    """A row whose white cells the person changed: the actual typed (None: cleared) and the note."""

    row: int
    indicator_id: int
    value: Decimal | None
    note: str


def _problem(message: str, row: int, key: str) -> Problem:
    return Problem(message, ACTUALS_SHEET, row, ACTUAL_BY_KEY[key])


def _indicator_id(value: object) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAX_STORED_INTEGER:
        return value
    return None


def _read_row(
    number: int, cells: dict[str, object], formulas: set[str], known: set[int], seen: dict[int, int]
) -> tuple[ParsedActual | None, list[Problem]]:
    indicator_id = _indicator_id(cells["indicator_id"])
    if indicator_id is None:
        message = "指標IDが読めません。行の追加・コピーや、非表示の列の変更はしないでください。"
        return None, [_problem(message, number, "indicator_id")]
    if indicator_id not in known:
        message = (
            f"指標ID {indicator_id} はこの担当課の指標ではありません。行の追加・コピーはしないでください。"
        )
        return None, [_problem(message, number, "indicator_id")]
    if indicator_id in seen:
        message = f"{seen[indicator_id]}行目と同じ指標の行です。行のコピーはしないでください。"
        return None, [_problem(message, number, "indicator_id")]
    seen[indicator_id] = number
    texts = {column.key: cell_text(cells[column.key]) for column in CHECKED}
    changed = _changed_keys(indicator_id, texts, cell_text(cells["checksum"]))
    if changed is None:
        message = "非表示の照合情報が壊れています。もう一度ダウンロードしてください。"
        return None, [_problem(message, number, "checksum")]
    problems = [
        _problem(
            "灰色の列は変更できません(ダウンロードした時から変わっています)。元に戻してください。",
            number,
            key,
        )
        for key in REFERENCE_KEYS
        if key in changed
    ]
    problems += [
        _problem("数式は使えません。数値や文字で入力してください。", number, key)
        for key in ("actual", "note")
        if key in changed and key in formulas
    ]
    if problems or not changed & {"actual", "note"}:
        return None, problems
    try:
        value = parse_typed_number(texts["actual"])
    except TypedNumberError as error:
        return None, [_problem(str(error), number, "actual")]
    if len(texts["note"]) > NOTE_LENGTH:
        return None, [_problem(f"備考は{NOTE_LENGTH}文字以内にしてください。", number, "note")]
    return ParsedActual(number, indicator_id, value, texts["note"]), []


def parse_actuals(book: Workbook, known: set[int]) -> tuple[list[ParsedActual], list[Problem]]:
    """The rows of the 指標の実績 sheet the person changed, and the problems of the others;
    ``known`` are the ids of the indicators the sheet may hold (the department's projects')."""
    if ACTUALS_SHEET not in book.sheetnames:
        return [], []
    sheet: ReadOnlyWorksheet = book[ACTUALS_SHEET]
    sheet.reset_dimensions()
    header = next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
    headers = [cell_text(value) for value in header[: len(ACTUAL_COLUMNS)]]
    if headers != [column.header for column in ACTUAL_COLUMNS]:
        message = "見出しが変わっています。列の追加・削除・移動はしないでください。"
        return [], [Problem(message, ACTUALS_SHEET, HEADER_ROW)]
    keys = [column.key for column in ACTUAL_COLUMNS]
    parsed: list[ParsedActual] = []
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    rows = sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=len(ACTUAL_COLUMNS))
    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        cells = {key: cell.value for key, cell in zip(keys, row, strict=False)}
        if all(cell_text(value) == "" for value in cells.values()):
            continue
        cells = {key: cells.get(key) for key in keys}
        formulas = {key for key, cell in zip(keys, row, strict=False) if cell.data_type == "f"}
        actual, found = _read_row(number, cells, formulas, known, seen)
        problems += found
        if actual is not None:
            parsed.append(actual)
    return parsed, problems
