"""What the system itself wrote into a workbook never blocks its upload, and typed text stays text
(issue 11, item 2: a web text beginning with "=" became a live formula, then the department's own
workbook was refused; a vertical tab made the download fail)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from shinchoku.evaluations.models import Entry
from shinchoku.ingest.workbook.build import department_workbook
from shinchoku.ingest.workbook.layout import ENTRIES_SHEET, MAX_TEXT_LENGTH
from shinchoku.ingest.workbook.preview import WorkbookPreview, preview_workbook
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, cell, download, entries_sheet, fill, row_of

LINK = '=HYPERLINK("http://example.invalid/","clickme")'


def _preview(shakyo: Shakyo, data: bytes) -> WorkbookPreview:
    return preview_workbook(
        shakyo.people.other_editor, shakyo.round, shakyo.department, data=data, file_name="社協.xlsx"
    )


def _typed_on_the_web(entry: Entry, **fields: str) -> None:
    """Store ``fields`` as the web form once did, without today's cleaning."""
    Entry.objects.filter(pk=entry.pk).update(**fields)


def test_a_web_text_beginning_with_equals_is_downloaded_as_text_not_a_formula(shakyo: Shakyo) -> None:
    _typed_on_the_web(shakyo.shared, progress=LINK)
    data = department_workbook(shakyo.people.other_editor, shakyo.round, shakyo.department)

    progress = cell(entries_sheet(load_workbook(io.BytesIO(data))), shakyo.shared, "progress")

    assert (progress.value, progress.data_type) == (LINK, "s")
    parts = zipfile.ZipFile(io.BytesIO(data))
    sheets = [name for name in parts.namelist() if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in parts.read(name) for name in sheets)


def test_the_departments_own_workbook_with_such_a_text_uploads_and_its_other_cells_can_change(
    shakyo: Shakyo,
) -> None:
    _typed_on_the_web(shakyo.shared, progress=LINK, reason="あ" * (MAX_TEXT_LENGTH + 500))
    book = download(shakyo.people.other_editor, shakyo)
    assert _preview(shakyo, as_bytes(book)).problems == []

    fill(entries_sheet(book), shakyo.shared, rating="A")
    preview = _preview(shakyo, as_bytes(book))

    assert (preview.problems, preview.conflicts) == ([], [])
    (change,) = preview.changes
    assert [field.label for field in change.changes] == ["評価"]
    assert change.draft.progress == LINK


def test_a_formula_written_by_an_older_version_is_not_refused_while_nobody_changes_it(shakyo: Shakyo) -> None:
    _typed_on_the_web(shakyo.shared, progress=LINK)
    book = download(shakyo.people.other_editor, shakyo)
    entries_sheet(book)[cell(entries_sheet(book), shakyo.shared, "progress").coordinate].data_type = "f"

    preview = _preview(shakyo, as_bytes(book))

    assert (preview.problems, preview.changes) == ([], [])


def test_a_formula_typed_in_excel_into_a_changed_cell_is_refused_naming_sheet_row_and_column(
    shakyo: Shakyo,
) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    fill(entries_sheet(book), shakyo.unrated, reason="=1+1")
    row = row_of(entries_sheet(book), shakyo.unrated)

    (problem,) = _preview(shakyo, as_bytes(book)).problems

    place = f"{ENTRIES_SHEET}シート {row}行目 L列(評価の理由・課題)"
    assert str(problem).startswith(f"{place}: 数式は使えません。")


def test_text_beginning_with_equals_typed_as_text_in_excel_is_accepted_as_text(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    typed = cell(entries_sheet(book), shakyo.unrated, "progress")
    typed.value, typed.data_type = "=前年度と同じ", "s"  # what Excel stores in a cell formatted as text

    preview = _preview(shakyo, as_bytes(book))

    assert preview.problems == []
    assert preview.changes[0].draft.progress == "=前年度と同じ"


def test_a_changed_text_over_the_limit_is_still_refused(shakyo: Shakyo) -> None:
    _typed_on_the_web(shakyo.shared, reason="あ" * (MAX_TEXT_LENGTH + 500))
    book = download(shakyo.people.other_editor, shakyo)
    fill(entries_sheet(book), shakyo.shared, reason="い" * (MAX_TEXT_LENGTH + 1))

    (problem,) = _preview(shakyo, as_bytes(book)).problems

    assert f"{MAX_TEXT_LENGTH + 1}文字あります" in str(problem)


def test_a_vertical_tab_or_control_character_in_an_entry_downloads_and_the_row_stays_unchanged(
    shakyo: Shakyo,
) -> None:
    _typed_on_the_web(shakyo.shared, progress="一行目\x0b二行目\x1b\x7f\u202e", reason="理由\x01\ufffe")
    book = download(shakyo.people.other_editor, shakyo)

    assert cell(entries_sheet(book), shakyo.shared, "progress").value == "一行目\n二行目"
    preview = _preview(shakyo, as_bytes(book))
    assert (preview.problems, preview.changes, preview.unchanged) == ([], [], 3)


def test_a_text_cut_at_excels_cell_limit_reads_as_unchanged_and_keeps_its_full_text(shakyo: Shakyo) -> None:
    full = "い" * 40_000
    _typed_on_the_web(shakyo.shared, progress=full)
    book = download(shakyo.people.other_editor, shakyo)
    assert len(cell(entries_sheet(book), shakyo.shared, "progress").value) < len(full)

    fill(entries_sheet(book), shakyo.shared, rating="A")
    preview = _preview(shakyo, as_bytes(book))

    assert (preview.problems, preview.conflicts) == ([], [])
    (change,) = preview.changes
    assert [field.label for field in change.changes] == ["評価"]
    assert change.draft.progress == full
