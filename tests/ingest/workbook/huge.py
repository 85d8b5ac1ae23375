"""Oversized workbooks, made fast by writing a sheet's XML straight into the zip."""

from __future__ import annotations

import io
import zipfile

ENTRIES_PART = "xl/worksheets/sheet2.xml"  # openpyxl names the second sheet (評価入力) so


def with_empty_rows(data: bytes, rows: int) -> bytes:
    """The workbook ``data`` with ``rows`` empty rows (one empty cell each) added to sheet 評価入力
    after its last row, like a sheet whose formatting was dragged down to the bottom."""
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = source.read(ENTRIES_PART).decode()
    start = sheet.count("<row ") + 1  # rows 1–3 (title, header) and one per entry come first
    added = "".join(f'<row r="{number}"><c r="A{number}"/></row>' for number in range(start, start + rows))
    sheet = sheet.replace("</sheetData>", added + "</sheetData>")
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, sheet if info.filename == ENTRIES_PART else source.read(info))
    return output.getvalue()


def with_inflated_part(data: bytes, size: int, name: str = "xl/media/padding.xml") -> bytes:
    """The workbook ``data`` with a part ``name`` of ``size`` spaces added (a zip bomb: it compresses
    to almost nothing). Written in chunks, so that the test never holds ``size`` bytes."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        source = zipfile.ZipFile(io.BytesIO(data))
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info))
        chunk = b" " * (1024 * 1024)
        with target.open(name, "w", force_zip64=True) as part:
            for start in range(0, size, len(chunk)):
                part.write(chunk[: size - start])
    return output.getvalue()
