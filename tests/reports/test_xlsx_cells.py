"""Typed text in openpyxl cells: always a string, never a formula, whole or visibly cut."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from shinchoku.reports.xlsx_cells import (
    CUT_MARK,
    EXCEL_CELL_LIMIT,
    fit_cell_text,
    header_footer_text,
    sheet_printed_font_size,
    sheet_title,
    was_cut,
    write_text,
)


def _reloaded(book: Workbook) -> Workbook:
    buffer = io.BytesIO()
    book.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def test_a_text_beginning_with_an_equals_sign_stays_a_string() -> None:
    book = Workbook()
    formula = '=HYPERLINK("http://example.com","clickme")'
    write_text(book.active, 1, 1, formula)
    cell = _reloaded(book).active["A1"]
    assert (cell.data_type, cell.value) == ("s", formula)


def test_characters_xml_cannot_carry_are_dropped_instead_of_failing_the_file() -> None:
    book = Workbook()
    write_text(book.active, 1, 1, "一行目\x0b二行目\x01\x08\x1b\x1f\x7f\ufffe\uffff")
    assert _reloaded(book).active["A1"].value == "一行目\n二行目"


def test_an_empty_text_leaves_the_cell_empty() -> None:
    book = Workbook()
    assert write_text(book.active, 1, 1, "").value is None
    assert write_text(book.active, 1, 2, None).value is None


def test_a_text_over_excels_limit_is_cut_with_a_mark_and_a_comment() -> None:
    book = Workbook()
    cell = write_text(book.active, 1, 1, "福" * 40_000)
    assert was_cut(cell)
    assert str(cell.value).endswith(CUT_MARK)
    assert len(str(cell.value)) == EXCEL_CELL_LIMIT
    reloaded = _reloaded(book).active["A1"]
    assert str(reloaded.value).endswith(CUT_MARK)
    assert reloaded.comment is not None
    assert "32,767" in reloaded.comment.text


def test_the_limit_counts_a_rare_kanji_as_two_units_as_excel_does() -> None:
    text, cut = fit_cell_text("𠮷" * 20_000)
    assert cut
    assert len(text.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT
    assert fit_cell_text("𠮷" * 16_000) == ("𠮷" * 16_000, False)


def test_a_text_at_the_limit_is_kept_whole() -> None:
    assert fit_cell_text("a" * EXCEL_CELL_LIMIT) == ("a" * EXCEL_CELL_LIMIT, False)


def test_a_page_header_shows_an_ampersand_as_text_and_stays_short() -> None:
    assert header_footer_text("A&B 計画&P") == "A＆B 計画＆P"
    assert len(header_footer_text("計" * 300)) == 200


def test_a_sheet_title_from_a_level_label_is_one_excel_accepts() -> None:
    book = Workbook()
    title = sheet_title("施策/取組[重点]:*?\\評価" + "あ" * 40)
    book.create_sheet(title)  # openpyxl refuses what Excel refuses
    assert len(title) == 31
    assert sheet_title("\x00") == "シート"


def test_the_printed_font_size_counts_only_the_columns_of_the_print_area() -> None:
    sheet = Workbook().active
    assert sheet is not None
    for letter in "ABCDEF":
        sheet.column_dimensions[letter].width = 40
    sheet["F1"] = "画面で読むための列"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    whole = sheet_printed_font_size(sheet, 10)
    sheet.print_area = "A1:C10"
    assert sheet_printed_font_size(sheet, 10) > whole
