"""Japanese text helpers added for parsing: counts, width folding, circled numbers, distance."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.core.text import (
    circled_number,
    clean_typed_line,
    clean_typed_text,
    common_prefix_length,
    count_japanese,
    edit_distance,
    fold_fullwidth_ascii,
    has_unsafe_characters,
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


# --- typed text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("一行目\x0b二行目", "一行目\n二行目"),  # Word / PowerPoint soft line break
        ("一\r\n二\r三\x0c四\x85五\u2028六\u2029七", "一\n二\n三\n四\n五\n六\n七"),
        ("a\x00b\x01c\x08d\x1be\x1ff\x7fg\x9fh", "abcdefgh"),
        ("表\ufffe示\uffff\U0001fffe\ufdd0", "表示"),
        ("\u202e1202\u202c \u2066x\u2069", "1202 x"),  # right-to-left override, isolates
        ("\ttab\tkept\n", "\ttab\tkept\n"),
    ],
)
def test_it_cleans_typed_text(typed: str, stored: str) -> None:
    assert clean_typed_text(typed) == stored


def test_it_keeps_circled_numbers_company_marks_rare_kanji_and_emoji_as_typed() -> None:
    text = "①㈱𠮷野家 👨‍👩‍👧 ﾊﾝｶｸ ＡＢＣ　全角空白"
    assert clean_typed_text(text) == text
    assert clean_typed_line(text) == text
    assert not has_unsafe_characters(text)


def test_a_one_line_text_loses_its_line_breaks_tabs_and_outer_spaces() -> None:
    assert clean_typed_line("  共生\x0b福祉課\t\r\n(旧)\u202e ") == "共生 福祉課 (旧)"


def test_it_tells_unsafe_characters_but_not_line_breaks() -> None:
    assert has_unsafe_characters("a\x1bb")
    assert has_unsafe_characters("\u202e")
    assert not has_unsafe_characters("a\r\nb\x0bc")


@given(st.text())
def test_cleaning_is_idempotent_and_leaves_nothing_unsafe(text: str) -> None:
    once = clean_typed_text(text)
    assert clean_typed_text(once) == once
    assert clean_typed_line(clean_typed_line(text)) == clean_typed_line(text)
    assert not has_unsafe_characters(once)
    assert "\r" not in once
    assert "\x0b" not in once
    assert "\n" not in clean_typed_line(text)
    once.encode("utf-8")  # no lone surrogate left
