from datetime import date

import pytest

from shinchoku.core.fiscal_year import (
    FiscalYearError,
    format_date_wareki,
    format_short,
    format_wareki,
    format_with_seireki,
    parse_fiscal_year,
)


@pytest.mark.parametrize(
    ("fiscal_year", "expected"),
    [
        (2023, "令和5年度"),
        (2020, "令和2年度"),
        (2019, "平成31年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_it_names_a_fiscal_year_by_the_era_in_force_on_the_first_of_april(
    fiscal_year: int, expected: str
) -> None:
    assert format_wareki(fiscal_year) == expected


def test_it_shows_the_gregorian_year_beside_the_era() -> None:
    assert format_with_seireki(2023) == "令和5年度(2023年度)"


def test_it_abbreviates_with_the_era_letter() -> None:
    assert format_short(2023) == "R5"
    assert format_short(2019) == "H31"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和5年度", 2023),
        ("令和元年度", 2019),
        ("令和元年", 2019),
        ("平成31年度", 2019),
        ("平成元年度", 1989),
        ("R5", 2023),
        ("r5", 2023),
        ("Ｒ５", 2023),
        ("R 3", 2021),
        ("H30", 2018),
        ("2023", 2023),
        ("2023年度", 2023),
        ("令和６年度", 2024),
    ],
)
def test_it_parses_the_forms_documents_use(text: str, expected: int) -> None:
    assert parse_fiscal_year(text) == expected


def test_reiwa_gannen_and_heisei_31_are_the_same_fiscal_year() -> None:
    assert parse_fiscal_year("令和元年度") == parse_fiscal_year("平成31年度") == 2019


@pytest.mark.parametrize("text", ["", "令和", "来年度", "R0", "令和0年度", "12345"])
def test_it_refuses_text_that_is_not_a_fiscal_year_with_a_japanese_message(text: str) -> None:
    with pytest.raises(FiscalYearError, match="年度"):
        parse_fiscal_year(text)


def test_formatting_and_parsing_round_trip_across_the_era_boundaries() -> None:
    for year in range(1985, 2040):
        assert parse_fiscal_year(format_wareki(year)) == year
        assert parse_fiscal_year(format_short(year)) == year


def test_a_date_is_named_in_the_era_in_force_that_day() -> None:
    assert format_date_wareki(date(2026, 12, 5)) == "令和8年12月5日"
    assert format_date_wareki(date(2019, 5, 1)) == "令和元年5月1日"
    assert format_date_wareki(date(2019, 4, 30)) == "平成31年4月30日"
