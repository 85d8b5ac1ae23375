"""Japanese text helpers added for parsing: counts, width folding, circled numbers, distance."""

from __future__ import annotations

import pytest

from shinchoku.core.text import (
    circled_number,
    common_prefix_length,
    count_japanese,
    edit_distance,
    fold_fullwidth_ascii,
    is_hiragana,
)


def test_it_counts_kana_and_kanji_but_not_latin_digits_or_punctuation() -> None:
    assert count_japanese("1 TATO TAVE / 1 PULL") == 0
    assert count_japanese("#ロン知当老研修") == 7
    assert count_japanese("社協A、・") == 2


def test_it_folds_full_width_ascii_without_changing_the_length() -> None:
    assert fold_fullwidth_ascii("目標１２％：Ａ") == "目標12%:A"
    assert len(fold_fullwidth_ascii("（年間）")) == 4


@pytest.mark.parametrize(
    ("char", "value"), [("①", 1), ("⑩", 10), ("⑳", 20), ("㉑", 21), ("1", None), ("○", None)]
)
def test_it_reads_circled_numbers(char: str, value: int | None) -> None:
    assert circled_number(char) == value


def test_it_measures_edit_distance() -> None:
    assert edit_distance("子育て支援記", "子育て支援課") == 1
    assert edit_distance("人権推選", "人権推進課") == 2
    assert edit_distance("", "社協") == 2


def test_it_tells_hiragana() -> None:
    assert is_hiragana("に")
    assert not is_hiragana("ニ")
    assert not is_hiragana("二")


def test_common_prefix_length_counts_shared_leading_characters() -> None:
    assert common_prefix_length("各分野の中核組織・地域", "各分野の中核組織(地域") == 8
    assert common_prefix_length("福祉", "保健") == 0
    assert common_prefix_length("", "福祉") == 0
