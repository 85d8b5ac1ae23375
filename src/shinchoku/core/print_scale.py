"""How large a spreadsheet's text comes out on paper, from its page setup.

A sheet set to fit one page wide is shrunk by Excel until its columns fit the printable width;
a 10 pt font on a sheet twice as wide as the paper prints at 5 pt. :func:`printed_font_size`
computes the printed size from what the file says (column widths, paper, orientation, margins,
fit-to-width or a fixed scale), so that a test can hold a workbook to a legible size (8 pt).

Excel measures a column width in characters of the default font's widest digit: a width ``w``
is ``trunc(w × 7 + 5)`` pixels at 96 dpi for the 11 pt Calibri and the Japanese UI fonts of 7 px
digits (5 px of cell padding). Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable

POINTS_PER_INCH = 72.0
POINTS_PER_MILLIMETRE = POINTS_PER_INCH / 25.4
# Paper sizes (short side, long side) in millimetres, by the paperSize codes of SpreadsheetML.
PAPER_MM = {"A3": (297.0, 420.0), "A4": (210.0, 297.0)}
PAPER_CODES = {8: "A3", 9: "A4"}
_DIGIT_PIXELS = 7
_PADDING_PIXELS = 5
_PIXELS_PER_INCH = 96.0
_MIN_SCALE = 0.10  # Excel never shrinks below 10 %


def column_width_points(width: float) -> float:
    """The printed width, in points, of a column ``width`` characters wide (at 100 %)."""
    pixels = int(width * _DIGIT_PIXELS + _PADDING_PIXELS)
    return pixels * POINTS_PER_INCH / _PIXELS_PER_INCH


def printable_width_points(paper: str, *, landscape: bool, left_inches: float, right_inches: float) -> float:
    """The width between the margins of ``paper`` (A3 or A4) in points."""
    short, long = PAPER_MM[paper]
    width = (long if landscape else short) * POINTS_PER_MILLIMETRE
    return width - (left_inches + right_inches) * POINTS_PER_INCH


def printed_font_size(
    font_size: float,
    column_widths: Iterable[float],
    *,
    paper: str,
    landscape: bool,
    left_inches: float,
    right_inches: float,
    fit_to_width: bool,
    scale_percent: float = 100.0,
) -> float:
    """The size, in points, at which a ``font_size`` font prints on a sheet of ``column_widths``
    (the printed columns, in Excel's characters).

    With ``fit_to_width`` (fit to one page wide, any number of pages tall) Excel shrinks the sheet
    to the printable width, never enlarges it, and never goes below 10 %; otherwise the fixed
    ``scale_percent`` applies.
    """
    if not fit_to_width:
        return font_size * scale_percent / 100
    content = sum(column_width_points(width) for width in column_widths)
    available = printable_width_points(
        paper, landscape=landscape, left_inches=left_inches, right_inches=right_inches
    )
    if content <= 0:
        return font_size
    return font_size * max(_MIN_SCALE, min(1.0, available / content))
