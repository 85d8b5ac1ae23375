"""Reading a number as people type it in Japanese offices: 「46人」「1,234件」「３．５」「▲3」.

:func:`parse_typed_number` is the one parser behind every place a number is asked (indicator
actuals in the entry form and the entry workbook, the plan editor, the plan workbook). It
accepts full-width digits and signs, thousands separators grouped by three, a decimal point,
a leading minus written -, −, ▲ or △ (the accounting signs), and a unit after the number
(「人」「件」「%」「か所」…) which is dropped: the indicator's unit is stored on the indicator.
Anything else is refused with a Japanese message saying what to type; the caller adds the place.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# Indicator.baseline_value, IndicatorValue.value & co: 14 digits of which 3 decimals.
MAX_INTEGER_DIGITS = 11
DECIMAL_PLACES = 3
NEGATIVE_SIGNS = "-−‐▲△"
EXAMPLES = "例: 46、1,234、3.5、▲3、46人"

_NUMBER = re.compile(
    r"^(?P<sign>[-−‐▲△+]?)\s*(?P<digits>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<unit>[^\d.,+\-−‐▲△]*)$"
)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


class TypedNumberError(ValueError):
    """The text is not a number; ``str(error)`` is Japanese and says what to type."""


def _width_folded(text: str) -> str:
    """Full-width digits, signs and separators as ASCII (NFKC per character, so that a unit such
    as ㎡ or ㈱ in the same text is not rewritten: it is dropped as it is)."""
    return "".join(
        unicodedata.normalize("NFKC", char) if char in "０１２３４５６７８９，．＋－　" else char
        for char in text
    )


def parse_typed_number(text: str) -> Decimal | None:
    """The number in ``text``, or None when it is blank.

    Raises :class:`TypedNumberError` for anything that is not one number with an optional unit
    after it, for badly grouped separators (「1,23」), and for more than
    :data:`MAX_INTEGER_DIGITS` integer or :data:`DECIMAL_PLACES` decimal digits.
    """
    typed = _width_folded(text).strip()
    if not typed:
        return None
    match = _NUMBER.match(typed)
    if match is None:
        raise TypedNumberError(
            f"「{text.strip()}」は数値として読めません。数字で入力してください({EXAMPLES})。"
        )
    digits = match["digits"]
    if "," in digits and not _GROUPED.match(digits):
        raise TypedNumberError(
            f"「{text.strip()}」の区切りの位置が正しくありません。3桁ごとに「,」で区切るか、区切らずに入力してください。"
        )
    value = Decimal(digits.replace(",", ""))  # the pattern admits decimal digits only
    if match["sign"] in tuple(NEGATIVE_SIGNS) and not value.is_zero():
        value = -value
    exponent = value.normalize().as_tuple().exponent
    if abs(value) >= 10**MAX_INTEGER_DIGITS or (isinstance(exponent, int) and exponent < -DECIMAL_PLACES):
        raise TypedNumberError(
            f"「{text.strip()}」は扱えません。数値は整数部{MAX_INTEGER_DIGITS}桁、小数部{DECIMAL_PLACES}桁までです。"
        )
    return value
