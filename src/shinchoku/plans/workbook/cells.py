"""Reading one cell of the plan workbook as the value its column expects.

Each function returns the value, or raises :class:`CellError` with a Japanese message saying what
the cell should hold; the reader adds the place. Typed text is cleaned by the one normaliser
(:func:`shinchoku.core.text.clean_typed_text`); a formula is never evaluated or kept.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shinchoku.core.fiscal_year import FiscalYearError, parse_fiscal_year
from shinchoku.core.numbers import DECIMAL_PLACES, MAX_INTEGER_DIGITS, TypedNumberError, parse_typed_number
from shinchoku.core.text import clean_typed_line, clean_typed_text
from shinchoku.plans.workbook.layout import word_key


class CellError(ValueError):
    """The cell does not hold what its column expects; the message is Japanese."""


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        raise CellError("日付ではなく文字で入力してください(セルの書式を「文字列」にしてください)。")
    return str(value)


def text(value: Any) -> str:
    """A multi-line text (説明・事業内容, 進捗状況 …), stored as typed."""
    return clean_typed_text(_plain(value)).strip("\n")


def line(value: Any) -> str:
    """A one-line text (番号, 名称, 記号 …)."""
    return clean_typed_line(_plain(value))


def fiscal_year(value: Any) -> int:
    """2023, 令和5年度, R5 …"""
    if isinstance(value, int | float) and not isinstance(value, bool):
        year = int(value)
        if year != value or not 1900 <= year <= 2200:
            raise CellError(f"「{_plain(value)}」は年度として読めません(例: 令和5年度、R5、2023)。")
        return year
    try:
        return parse_fiscal_year(line(value))
    except FiscalYearError as error:
        raise CellError(str(error)) from None


def number(value: Any) -> Decimal:
    """A number of at most 11 integer digits and 3 decimals; a typed text is read by
    :func:`~shinchoku.core.numbers.parse_typed_number` (「1,234件」, full-width digits, ▲3)."""
    if isinstance(value, bool):
        raise CellError("数値を入力してください。")
    if isinstance(value, int | float):
        return _within_limits(Decimal(repr(value) if isinstance(value, float) else str(value)), str(value))
    try:
        parsed = parse_typed_number(line(value))
    except TypedNumberError as error:
        raise CellError(str(error)) from None
    if parsed is None:
        raise CellError("数値を入力してください。")
    return _within_limits(parsed, line(value))


def _within_limits(parsed: Decimal, shown: str) -> Decimal:
    if not parsed.is_finite():
        raise CellError(f"「{shown}」は数値として読めません(例: 1234、12.5)。")
    exponent = parsed.normalize().as_tuple().exponent
    if abs(parsed) >= 10**MAX_INTEGER_DIGITS or (isinstance(exponent, int) and exponent < -DECIMAL_PLACES):
        raise CellError(
            f"「{shown}」は扱えません。数値は整数部{MAX_INTEGER_DIGITS}桁、小数部{DECIMAL_PLACES}桁までです。"
        )
    return Decimal(int(parsed)) if parsed == parsed.to_integral_value() else parsed.normalize()


def choice(value: Any, choices: dict[str, Any], words: list[str], *, default: Any = None) -> Any:
    """One of ``choices`` (keys compared by :func:`~.layout.word_key`); blank gives ``default``
    when there is one."""
    typed = line(value)
    if not typed and default is not None:
        return default
    found = choices.get(word_key(typed))
    if found is None:
        listed = "・".join(words)
        shown = f"「{typed}」は" if typed else "空欄は"
        raise CellError(f"{shown}選べません。{listed} のどれかを入力してください。")
    return found
