"""The department workbook prints legibly: at 8 pt or more on its paper (issue 11: it printed at
3.9 pt, fitted to one A4 page wide)."""

from __future__ import annotations

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.core.print_scale import PAPER_CODES, printed_font_size
from shinchoku.ingest.workbook.instructions import FONT_SIZE
from shinchoku.ingest.workbook.layout import ENTRIES_SHEET, INSTRUCTIONS_SHEET
from tests.ingest.workbook.roundtrip import Shakyo, download

LEGIBLE_POINTS = 8.0


def printed_size(sheet: Worksheet, font_size: float) -> float:
    """The printed size of ``font_size`` on ``sheet`` as the file sets it up (what Excel prints)."""
    setup = sheet.page_setup
    widths = [
        dimension.width
        for letter, dimension in sheet.column_dimensions.items()
        if not dimension.hidden and dimension.width
    ]
    return printed_font_size(
        font_size,
        widths,
        paper=PAPER_CODES[int(setup.paperSize)],
        landscape=setup.orientation == "landscape",
        left_inches=sheet.page_margins.left,
        right_inches=sheet.page_margins.right,
        fit_to_width=bool(sheet.sheet_properties.pageSetUpPr.fitToPage) and int(setup.fitToWidth) == 1,
        scale_percent=float(setup.scale or 100),
    )


@pytest.mark.parametrize("name", [ENTRIES_SHEET, INSTRUCTIONS_SHEET])
def test_every_sheet_prints_its_text_at_eight_points_or_more(shakyo: Shakyo, name: str) -> None:
    sheet = download(shakyo.people.other_editor, shakyo)[name]

    size = printed_size(sheet, FONT_SIZE)

    assert size >= LEGIBLE_POINTS
    assert int(sheet.page_setup.fitToHeight) == 0  # as many pages tall as needed


def test_every_text_cell_of_the_entries_wraps(shakyo: Shakyo) -> None:
    sheet = download(shakyo.people.other_editor, shakyo)[ENTRIES_SHEET]

    assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=3) for cell in row if cell.value)
