"""Staff sheets as a 事務局 fills them: the downloaded template with rows typed in, or a CSV file."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import load_workbook

from shinchoku.ingest.staff_sheet.layout import HEADERS, SHEET
from shinchoku.ingest.staff_sheet.template import staff_sheet_template
from shinchoku.plans.models import Municipality

Row = Sequence[object]


def filled_template(municipality: Municipality, rows: Sequence[Row]) -> bytes:
    """The municipality's template with ``rows`` typed into sheet 職員 from row 2 (a value starting
    with = is stored by openpyxl as a formula, as Excel would)."""
    book = load_workbook(io.BytesIO(staff_sheet_template(municipality)))
    sheet = book[SHEET]
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows: Sequence[Row], *, encoding: str = "utf-8-sig", headers: Sequence[str] = HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)
