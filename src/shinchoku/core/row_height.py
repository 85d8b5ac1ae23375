"""Estimating the height of a spreadsheet row whose cells wrap their text.

Spreadsheet writers cannot ask Excel to fit a row to its text, so the height is estimated: each
cell's text is broken into lines at its newlines and wherever it would exceed the column width,
counting East Asian wide characters (kanji, kana, full-width forms) as two units and others as
one, as Excel's column width does (one unit is the width of "0" in the default 11 pt font).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

# Excel refuses rows taller than this (points).
MAX_ROW_HEIGHT = 409.0
# Space Excel keeps between the text and the cell edges, in width units.
_CELL_PADDING = 1.0
_DEFAULT_FONT_SIZE = 11.0
# Line height as a multiple of the font size (Japanese fonts need a little more than Latin ones).
_LINE_SPACING = 1.35


def text_width(text: str) -> int:
    """The width of ``text`` in units of a half-width character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrapped_lines(text: str, width: float, font_size: float = _DEFAULT_FONT_SIZE) -> int:
    """How many lines ``text`` takes in a column ``width`` units wide (at least one)."""
    scale = font_size / _DEFAULT_FONT_SIZE
    usable = max(width - _CELL_PADDING, 1.0)
    return sum(max(1, math.ceil(text_width(line) * scale / usable)) for line in text.split("\n"))


def estimate_row_height(
    texts: Sequence[str], widths: Sequence[float], *, font_size: float = _DEFAULT_FONT_SIZE
) -> float:
    """The height in points for a row whose cells hold ``texts`` in columns ``widths`` wide.

    The tallest cell decides; the result is never below one line and never above Excel's
    limit of 409 points. ``texts`` and ``widths`` pair up by position and must be as long as
    each other.
    """
    if len(texts) != len(widths):
        raise ValueError("texts and widths must pair up")
    lines = max(
        (wrapped_lines(text, width, font_size) for text, width in zip(texts, widths, strict=True)), default=1
    )
    return min(round(lines * font_size * _LINE_SPACING + 4, 1), MAX_ROW_HEIGHT)
