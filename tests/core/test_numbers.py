"""parse_typed_number: numbers as typed in Japanese offices, with units, separators, full-width
digits and accounting minus signs; anything else refused with a Japanese message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.core.numbers import TypedNumberError, parse_typed_number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("46", "46"),
        ("46人", "46"),
        ("1,234件", "1234"),
        ("３．５", "3.5"),
        ("１，２３４", "1234"),
        ("▲3", "-3"),
        ("△1.5", "-1.5"),
        ("-7", "-7"),
        ("−7", "-7"),
        ("－7", "-7"),
        ("+2", "2"),
        ("12.5%", "12.5"),
        ("12.5 ％", "12.5"),
        (" 46 人 ", "46"),
        ("　40か所", "40"),
        ("3.5㎡", "3.5"),
        (".5", "0.5"),
        ("1.2000", "1.2000"),
        ("▲0", "0"),
    ],
)
def test_it_reads_a_number_as_typed(typed: str, expected: str) -> None:
    assert parse_typed_number(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", ["", "   ", "　"])
def test_a_blank_text_is_no_number(typed: str) -> None:
    assert parse_typed_number(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "約46人",
        "たくさん",
        "1-2",
        "3回から5回",
        "12校3",
        "1.2.3",
        "46人+",
        "1e5",
        "▲",
        "人",
        "1,2",
        "12,34,567",
        "1,234,5",
    ],
)
def test_it_refuses_what_is_not_one_number(typed: str) -> None:
    with pytest.raises(TypedNumberError, match="「"):
        parse_typed_number(typed)


def test_a_badly_grouped_separator_is_named() -> None:
    with pytest.raises(TypedNumberError, match="区切りの位置が正しくありません"):
        parse_typed_number("1,23")


@pytest.mark.parametrize("typed", ["100000000000", "1.2345"])
def test_it_refuses_more_digits_than_the_columns_hold(typed: str) -> None:
    with pytest.raises(TypedNumberError, match="整数部11桁、小数部3桁まで"):
        parse_typed_number(typed)


@given(
    st.decimals(
        min_value=-(10**11) + 1, max_value=10**11 - 1, places=3, allow_nan=False, allow_infinity=False
    ),
    st.sampled_from(["", "人", "件", "%", " か所"]),
    st.booleans(),
)
def test_a_number_written_with_separators_and_a_unit_reads_back(
    value: Decimal, unit: str, triangle: bool
) -> None:
    written = f"{abs(value):,}"
    sign = ("▲" if triangle else "-") if value < 0 else ""

    assert parse_typed_number(f"{sign}{written}{unit}") == value
