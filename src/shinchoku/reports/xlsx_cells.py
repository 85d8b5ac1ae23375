"""Writing typed text into openpyxl cells so that it stays text.

openpyxl stores any string that begins with ``=`` as a formula; a text typed into an entry must
never become one (``=HYPERLINK(…)`` would turn into a live link in the report and in the
department's workbook). Every cell whose value a person typed is written through
:func:`write_text`, which keeps the string type.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet


def write_text(sheet: Worksheet, row: int, column: int, text: str | None) -> Cell:
    """Put ``text`` into the cell at (``row``, ``column``) as a string (never a formula); an empty
    text leaves the cell empty. Returns the cell for styling."""
    cell: Cell = sheet.cell(row=row, column=column, value=text or None)
    if text:
        cell.data_type = "s"
    return cell
