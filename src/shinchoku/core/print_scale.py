"""How large a spreadsheet's text comes out on paper.

A sheet printed "fit to one page wide" is shrunk until its columns fit between the margins, and
its text with it: 13 wide columns on A4 came out at 4.4 pt, unreadable. This module computes the
scale Excel chooses and the printed font size, so that a test can hold a sheet to a legible size
(8 pt is the smallest that staff and committee members read comfortably on paper).

Column widths are in Excel's unit (characters of the default font's digit "0", 7 pixels at
Calibri 11, the openpyxl default); the conversion adds Excel's 5 pixels of cell padding. Other
programs measure the unit differently (LibreOffice with a Japanese default font about a third
wider), so a sheet meant for paper should keep some room above 8 pt.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

MIN_LEGIBLE_POINTS = 8.0
# Paper sizes (short side, long side) in points, by openpyxl/Excel paperSize code.
PAPER_POINTS = {"9": (595.3, 841.9), "8": (841.9, 1190.6)}  # 9 = A4, 8 = A3
PAPER_NAMES = {"9": "A4", "8": "A3"}
_DIGIT_PIXELS = 7
_PADDING_PIXELS = 5
_POINTS_PER_PIXEL = 0.75
_POINTS_PER_INCH = 72.0


def column_points(width: float) -> float:
    """The printed width in points of a column ``width`` Excel units wide."""
    return (math.ceil(width * _DIGIT_PIXELS) + _PADDING_PIXELS) * _POINTS_PER_PIXEL


def printable_width(paper: str, *, landscape: bool, left_inches: float, right_inches: float) -> float:
    """The width in points between the left and right margins of ``paper`` (a paperSize code)."""
    short, long = PAPER_POINTS[paper]
    return (long if landscape else short) - (left_inches + right_inches) * _POINTS_PER_INCH


def print_scale(
    column_widths: Sequence[float],
    *,
    paper: str,
    landscape: bool,
    left_inches: float,
    right_inches: float,
    fit_to_width: int | None,
    scale_percent: int | None,
) -> float:
    """The factor Excel prints at (1.0 = 100 %).

    With fit to ``fit_to_width`` pages wide, Excel shrinks (never enlarges) to a whole percent,
    rounded down, at least 10 %; otherwise it prints at ``scale_percent`` (100 when unset).
    """
    if not fit_to_width:
        return (scale_percent or 100) / 100
    total = sum(column_points(width) for width in column_widths)
    room = printable_width(paper, landscape=landscape, left_inches=left_inches, right_inches=right_inches)
    percent = min(100, math.floor(room * fit_to_width / total * 100)) if total else 100
    return max(percent, 10) / 100


def printed_font_size(font_size: float, scale: float) -> float:
    """The size in points that text of ``font_size`` comes out at when printed at ``scale``."""
    return round(font_size * scale, 2)
