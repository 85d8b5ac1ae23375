"""Spreadsheet formula guards for CSV cells."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.core.cells import FORMULA_TRIGGERS, csv_safe, looks_like_formula


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://example.com","clickme")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_a_text_a_spreadsheet_could_run_gets_an_apostrophe(text: str) -> None:
    assert looks_like_formula(text)
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["", "福祉教育", "①㈱𠮷", "a=b", " =1", "'=1", "100"])
def test_any_other_text_is_written_as_it_is(text: str) -> None:
    assert not looks_like_formula(text)
    assert csv_safe(text) == text


@given(st.text())
def test_no_guarded_cell_starts_a_formula_and_the_original_follows_the_apostrophe(text: str) -> None:
    safe = csv_safe(text)
    assert not safe.startswith(FORMULA_TRIGGERS)
    assert safe in (text, "'" + text)
