"""printed_font_size: the size a sheet's font prints at, from its page setup."""

from __future__ import annotations

import pytest

from shinchoku.core.print_scale import column_width_points, printable_width_points, printed_font_size


def test_a_column_width_is_seven_pixels_a_character_and_five_of_padding() -> None:
    assert column_width_points(10) == pytest.approx(75 * 0.75)
    assert column_width_points(8.43) == pytest.approx(64 * 0.75)  # Excel's default column: 64 px


def test_the_printable_width_is_the_paper_side_less_the_margins() -> None:
    assert printable_width_points("A4", landscape=True, left_inches=0.5, right_inches=0.5) == pytest.approx(
        297 / 25.4 * 72 - 72
    )
    assert printable_width_points("A3", landscape=False, left_inches=0, right_inches=0) == pytest.approx(
        297 / 25.4 * 72
    )


def test_fitting_a_sheet_twice_the_printable_width_halves_the_font() -> None:
    available = printable_width_points("A4", landscape=True, left_inches=0, right_inches=0)
    width = (2 * available / 0.75 - 5) / 7  # one column, twice as wide as the paper
    size = printed_font_size(
        10, [width], paper="A4", landscape=True, left_inches=0, right_inches=0, fit_to_width=True
    )
    assert size == pytest.approx(5, abs=0.01)


def _fitted_on_a4(widths: list[float]) -> float:
    return printed_font_size(
        10, widths, paper="A4", landscape=True, left_inches=0.4, right_inches=0.4, fit_to_width=True
    )


def test_a_narrow_sheet_is_never_enlarged_and_a_huge_one_stops_at_ten_percent() -> None:
    assert _fitted_on_a4([10, 10]) == 10
    assert _fitted_on_a4([5000] * 10) == pytest.approx(1)


def test_without_fit_to_width_the_fixed_scale_applies() -> None:
    size = printed_font_size(
        10,
        [500],
        paper="A4",
        landscape=True,
        left_inches=0,
        right_inches=0,
        fit_to_width=False,
        scale_percent=85,
    )
    assert size == pytest.approx(8.5)
