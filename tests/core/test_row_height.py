"""Row heights are estimated from the text length and the column width."""

from __future__ import annotations

import pytest

from shinchoku.core.row_height import MAX_ROW_HEIGHT, estimate_row_height, text_width, wrapped_lines


def test_a_kanji_is_twice_as_wide_as_a_latin_letter() -> None:
    assert text_width("福祉") == 4
    assert text_width("AB") == 2
    assert text_width("ＡＢ") == 4  # full-width forms count as wide


def test_a_short_text_takes_one_line() -> None:
    assert wrapped_lines("福祉教育", 20) == 1


def test_a_long_text_wraps_at_the_column_width() -> None:
    # 40 kanji are 80 units; a column 21 units wide holds 20 units per line.
    assert wrapped_lines("福" * 40, 21) == 4


def test_every_newline_starts_a_line_and_empty_lines_count() -> None:
    assert wrapped_lines("一行目\n\n三行目", 30) == 3


def test_a_smaller_font_fits_more_per_line() -> None:
    assert wrapped_lines("福" * 40, 21, font_size=5.5) == 2


def test_the_tallest_cell_decides_the_row_height() -> None:
    one = estimate_row_height(["福祉"], [20])
    four = estimate_row_height(["福祉", "福" * 40], [20, 21])
    assert four > 3 * one - 10
    assert four == estimate_row_height(["福" * 40], [21])


def test_an_empty_row_is_one_line_high() -> None:
    assert estimate_row_height(["", ""], [10, 10]) == estimate_row_height(["a"], [10])
    assert estimate_row_height([], []) == estimate_row_height(["a"], [10])


def test_the_height_never_exceeds_excels_limit() -> None:
    assert estimate_row_height(["福" * 10_000], [10]) == MAX_ROW_HEIGHT


def test_texts_and_widths_must_pair_up() -> None:
    with pytest.raises(ValueError, match="pair up"):
        estimate_row_height(["a", "b"], [10])
