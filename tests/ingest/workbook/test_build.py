"""The pre-filled workbook a department downloads."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.evaluations.services import EntryDraft, save_entry
from shinchoku.ingest.workbook.build import workbook_file_name
from shinchoku.ingest.workbook.layout import BY_KEY, COLUMNS, FIRST_DATA_ROW, HEADER_ROW, INSTRUCTIONS_SHEET
from tests.ingest.workbook.roundtrip import Shakyo, cell, download, entries_sheet, row_of


def _column_values(sheet: Worksheet, key: str) -> list[object]:
    letter = BY_KEY[key].letter
    return [sheet[f"{letter}{row}"].value for row in range(FIRST_DATA_ROW, sheet.max_row + 1)]


def test_it_lists_the_departments_entries_in_plan_order(shakyo: Shakyo) -> None:
    sheet = entries_sheet(download(shakyo.people.other_editor, shakyo))

    assert [c.value for c in sheet[HEADER_ROW]] == [column.header for column in COLUMNS]
    assert _column_values(sheet, "code") == ["1-1-1-2", "1-1-2-1", "1-1-2-10"]
    assert _column_values(sheet, "entry_id") == [shakyo.shared.pk, shakyo.unrated.pk, shakyo.submitted.pk]
    assert _column_values(sheet, "version") == [1, 1, 1]


def test_it_shows_this_years_targets_and_last_years_entry_beside_the_fields_to_fill(shakyo: Shakyo) -> None:
    sheet = entries_sheet(download(shakyo.people.other_editor, shakyo))

    assert cell(sheet, shakyo.shared, "title").value == "地域資源を活かした情報の発信"
    assert cell(sheet, shakyo.shared, "final_target").value == "地域の福祉情報の発信について充実を図る"
    assert cell(sheet, shakyo.shared, "year_target").value == "通信紙の発行を続ける。"
    assert cell(sheet, shakyo.shared, "previous_progress").value == "支え合い通信を発行した。"
    assert cell(sheet, shakyo.shared, "previous_rating").value == "A"
    assert cell(sheet, shakyo.shared, "previous_reason").value == "地域の会合で通信紙を手渡しした。"
    assert cell(sheet, shakyo.shared, "progress").value == "支え合い通信を2回発行した。"
    assert cell(sheet, shakyo.shared, "status").value == "未提出"


def test_the_rating_column_offers_the_scales_codes_in_a_drop_down(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    rating = BY_KEY["rating"].letter
    submit = BY_KEY["submit"].letter

    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    rating_list = validations[f"{rating}{FIRST_DATA_ROW}:{rating}{FIRST_DATA_ROW + 2}"]
    assert rating_list.type == "list"
    reference = rating_list.formula1
    sheet_name, cells = reference.split("!")
    assert sheet_name == f"'{INSTRUCTIONS_SHEET}'"
    assert [c.value for (c,) in book[INSTRUCTIONS_SHEET][cells.replace("$", "")]] == ["A", "B", "C"]
    submit_list = validations[f"{submit}{FIRST_DATA_ROW}:{submit}{FIRST_DATA_ROW + 2}"]
    assert submit_list.formula1 == '"提出する"'


def test_every_sheet_is_protected_and_only_the_white_cells_of_open_entries_are_unlocked(
    shakyo: Shakyo,
) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)

    assert all(each.protection.sheet for each in book.worksheets)
    row = row_of(sheet, shakyo.shared)
    unlocked = {column.key for column in COLUMNS if not sheet[f"{column.letter}{row}"].protection.locked}
    assert unlocked == {"progress", "rating", "reason", "next_year_goal", "submit"}
    assert sheet[f"{BY_KEY['code'].letter}{row}"].fill.fgColor.rgb.endswith("E7E6E6")


def test_a_submitted_entry_is_greyed_locked_and_marked(shakyo: Shakyo) -> None:
    sheet = entries_sheet(download(shakyo.people.other_editor, shakyo))

    row = row_of(sheet, shakyo.submitted)
    assert all(sheet[f"{column.letter}{row}"].protection.locked for column in COLUMNS)
    assert cell(sheet, shakyo.submitted, "status").value == "提出済\n(この行は編集できません)"
    assert cell(sheet, shakyo.submitted, "progress").fill.fgColor.rgb.endswith("BFBFBF")


def test_a_returned_entry_shows_the_reason_it_was_returned(shakyo: Shakyo) -> None:
    shakyo.unrated.status = shakyo.unrated.Status.RETURNED
    shakyo.unrated.review_comment = "進捗の数値を書いてください。"
    shakyo.unrated.save()

    sheet = entries_sheet(download(shakyo.people.other_editor, shakyo))

    assert cell(sheet, shakyo.unrated, "status").value == "差戻し(進捗の数値を書いてください。)"
    assert not cell(sheet, shakyo.unrated, "progress").protection.locked


def test_the_id_version_and_checksum_columns_are_hidden_and_the_meta_sheet_very_hidden(
    shakyo: Shakyo,
) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)

    hidden = {
        key
        for key in ("entry_id", "version", "checksum")
        if sheet.column_dimensions[BY_KEY[key].letter].hidden
    }
    assert hidden == {"entry_id", "version", "checksum"}
    assert book["管理情報"].sheet_state == "veryHidden"


def test_it_prints_landscape_with_the_header_row_repeated_and_rows_tall_enough(shakyo: Shakyo) -> None:
    long_text = "長い進捗の記述。" * 40
    save_entry(
        shakyo.people.other_editor,
        shakyo.shared.pk,
        version=1,
        draft=EntryDraft(progress=long_text, rating="", reason="", next_year_goal=""),
    )
    sheet = entries_sheet(download(shakyo.people.other_editor, shakyo))

    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert cell(sheet, shakyo.shared, "progress").alignment.wrap_text
    assert (
        sheet.row_dimensions[row_of(sheet, shakyo.shared)].height
        > sheet.row_dimensions[row_of(sheet, shakyo.unrated)].height
    )


def test_the_instructions_define_every_code_and_name_the_deadline_and_the_lowest_rating(
    shakyo: Shakyo,
) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    texts = "\n".join(
        str(value) for row in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True) for value in row if value
    )

    for code in shakyo.tiny.codes.values():
        assert code.definition in texts
    assert "提出期限: 令和7年5月31日(2025年)" in texts
    assert "評価が「C」(最も低い評価)のときは、「評価の理由・課題」を必ず書いてください。" in texts
    assert "「提出」の列で「提出する」を選んで" in texts
    assert "Excelからアップロード" in texts


def test_its_file_name_names_the_year_and_the_department(shakyo: Shakyo) -> None:
    assert workbook_file_name(shakyo.round, shakyo.department) == "評価入力_R6_社協.xlsx"
