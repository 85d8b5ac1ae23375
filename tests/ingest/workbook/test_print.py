"""The department workbook prints legibly: at 8 pt or more on its paper (issue 11: it printed at
3.9 pt, fitted to one A4 page wide)."""

from __future__ import annotations

import pytest

from shinchoku.core.print_scale import MIN_LEGIBLE_POINTS
from shinchoku.ingest.workbook.instructions import FONT_SIZE
from shinchoku.ingest.workbook.layout import ENTRIES_SHEET, INSTRUCTIONS_SHEET
from shinchoku.reports.xlsx_cells import sheet_printed_font_size
from tests.ingest.workbook.roundtrip import Shakyo, download


@pytest.mark.parametrize("name", [ENTRIES_SHEET, INSTRUCTIONS_SHEET])
def test_every_sheet_prints_its_text_at_eight_points_or_more(shakyo: Shakyo, name: str) -> None:
    sheet = download(shakyo.people.other_editor, shakyo)[name]

    size = sheet_printed_font_size(sheet, FONT_SIZE)

    assert size >= MIN_LEGIBLE_POINTS
    assert int(sheet.page_setup.fitToHeight) == 0  # as many pages tall as needed


def test_every_text_cell_of_the_entries_wraps(shakyo: Shakyo) -> None:
    sheet = download(shakyo.people.other_editor, shakyo)[ENTRIES_SHEET]

    assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=3) for cell in row if cell.value)
