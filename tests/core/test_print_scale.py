"""The printed size of a spreadsheet's text."""

from __future__ import annotations

import pytest

from shinchoku.core.print_scale import column_points, print_scale, printable_width, printed_font_size

A4, A3 = "9", "8"


def test_a_column_is_seven_pixels_a_unit_plus_padding() -> None:
    assert column_points(10) == pytest.approx((70 + 5) * 0.75)


def test_landscape_paper_is_its_long_side_less_the_margins() -> None:
    assert printable_width(A4, landscape=True, left_inches=0.5, right_inches=0.5) == pytest.approx(841.9 - 72)
    assert printable_width(A3, landscape=False, left_inches=0, right_inches=0) == pytest.approx(841.9)


def test_fit_to_width_shrinks_to_a_whole_percent_rounded_down_and_never_enlarges() -> None:
    narrow = print_scale(
        [10], paper=A4, landscape=True, left_inches=0.4, right_inches=0.4, fit_to_width=1, scale_percent=None
    )
    assert narrow == 1.0
    wide = [249.0]  # the 13 columns the report had, as one
    scale = print_scale(
        wide, paper=A4, landscape=True, left_inches=0.4, right_inches=0.4, fit_to_width=1, scale_percent=None
    )
    room = 841.9 - 0.8 * 72
    assert scale == int(room / column_points(249) * 100) / 100
    assert printed_font_size(10, scale) < 8  # what the issue measured: unreadable on A4


def test_without_fit_to_width_the_scale_is_the_sheets_own() -> None:
    scale = print_scale(
        [500],
        paper=A4,
        landscape=True,
        left_inches=0.4,
        right_inches=0.4,
        fit_to_width=None,
        scale_percent=85,
    )
    assert printed_font_size(10, scale) == 8.5
