"""The plan workbook's number cells read numbers as typed, through the one parser of core/numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.plans.workbook.cells import CellError, number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,234件", Decimal(1234)),
        ("４６人", Decimal(46)),
        ("▲3", Decimal(-3)),
        ("12.50%", Decimal("12.5")),
        (7, Decimal(7)),
        (2.5, Decimal("2.5")),
    ],
)
def test_a_number_cell_is_read_as_typed(cell: object, expected: Decimal) -> None:
    assert number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [("四十", "数値として読めません"), ("1,23", "区切りの位置"), (" ", "数値を入力"), (True, "数値を入力")],
)
def test_a_cell_that_is_not_a_number_is_refused_with_the_reason(cell: object, message: str) -> None:
    with pytest.raises(CellError, match=message):
        number(cell)
