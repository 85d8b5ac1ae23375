"""Spreadsheet cell safety: text that a spreadsheet program would take for a formula.

Excel and LibreOffice run a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula (and
some versions also after a leading tab or carriage return) when a CSV file is opened, so that
``=HYPERLINK("http://…","clickme")`` typed into an entry becomes a live link in the open data. The
OWASP advice for CSV injection is followed: such a cell is written with a leading apostrophe,
which the programs show as text. XLSX cells are instead written with the string type (see
:func:`shinchoku.reports.xlsx_cells.write_text`), which needs no visible prefix.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could read ``text`` as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_safe(text: str) -> str:
    """``text`` for a CSV cell: prefixed with an apostrophe when it could be read as a formula."""
    return "'" + text if looks_like_formula(text) else text
