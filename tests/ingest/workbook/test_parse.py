"""Reading an uploaded workbook: every cell it refuses is named by sheet, row and column."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from shinchoku.ingest.workbook.layout import BY_KEY, HEADER_ROW, MAX_TEXT_LENGTH
from shinchoku.ingest.workbook.parse import ParsedWorkbook, parse_workbook
from shinchoku.ingest.workbook.problems import WorkbookFormatError
from shinchoku.plans.models import Department
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, cell, download, entries_sheet, fill, row_of


def _parse(shakyo: Shakyo, data: bytes, department: Department | None = None) -> ParsedWorkbook:
    return parse_workbook(
        data, file_name="社協.xlsx", round_=shakyo.round, department=department or shakyo.department
    )


def _messages(shakyo: Shakyo, data: bytes) -> list[str]:
    return [str(problem) for problem in _parse(shakyo, data).problems]


def test_it_reads_the_white_cells_and_knows_which_the_person_changed(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    fill(entries_sheet(book), shakyo.unrated, progress="12校を指定した。", rating="B", submit="提出する")

    parsed = _parse(shakyo, as_bytes(book))

    assert parsed.problems == []
    rows = {row.entry.pk: row for row in parsed.rows}
    assert rows[shakyo.unrated.pk].texts == {
        "progress": "12校を指定した。",
        "rating": "B",
        "reason": "",
        "next_year_goal": "",
        "submit": "提出する",
    }
    assert rows[shakyo.unrated.pk].touched == {"progress", "rating", "submit"}
    assert rows[shakyo.unrated.pk].submit
    assert rows[shakyo.shared.pk].touched == frozenset()


def test_it_names_sheet_row_and_column_of_a_rating_not_in_the_scale(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    fill(sheet, shakyo.unrated, rating="D")
    row = row_of(sheet, shakyo.unrated)

    assert _messages(shakyo, as_bytes(book)) == [
        f"評価入力シート {row}行目 {BY_KEY['rating'].letter}列(評価): "
        "「D」は評価基準にありません。A・B・C から選んでください。"
    ]


def test_it_accepts_a_full_width_or_lower_case_rating(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    fill(entries_sheet(book), shakyo.unrated, rating="ｂ")

    parsed = _parse(shakyo, as_bytes(book))

    assert parsed.problems == []
    assert next(row for row in parsed.rows if row.entry == shakyo.unrated).texts["rating"] == "B"


def test_it_refuses_a_text_longer_than_the_limit(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    fill(entries_sheet(book), shakyo.unrated, reason="あ" * (MAX_TEXT_LENGTH + 1))

    (message,) = _messages(shakyo, as_bytes(book))

    assert "L列(評価の理由・課題)" in message
    assert f"{MAX_TEXT_LENGTH + 1}文字あります。{MAX_TEXT_LENGTH}文字以内にしてください。" in message


def test_it_refuses_a_formula_and_an_unknown_submit_word(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    fill(entries_sheet(book), shakyo.unrated, progress="=A1", submit="はい")

    messages = _messages(shakyo, as_bytes(book))

    assert len(messages) == 2
    assert "J列(進捗状況): 数式は使えません。" in messages[0]
    assert "N列(提出): 「はい」は選べません。「提出する」を選ぶか、空欄にしてください。" in messages[1]


def test_it_refuses_an_edited_grey_cell_naming_its_column(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    fill(sheet, shakyo.shared, title="書き換えた事業名", year_target="書き換えた目標")
    row = row_of(sheet, shakyo.shared)

    messages = _messages(shakyo, as_bytes(book))

    assert [message.split(":")[0] for message in messages] == [
        f"評価入力シート {row}行目 B列(事業名)",
        f"評価入力シート {row}行目 E列(今年度の目標)",
    ]
    assert "灰色の列は変更できません" in messages[0]


def test_it_refuses_a_row_of_another_department_and_an_unknown_id(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    cell(sheet, shakyo.unrated, "entry_id").value = 999_999
    cell(sheet, shakyo.shared, "entry_id").value = shakyo.other.pk

    messages = _messages(shakyo, as_bytes(book))

    assert "P列(評価ID): この行は「共生福祉課」の評価です。" in messages[0]
    assert "P列(評価ID): 評価ID 999999 の評価はありません。" in messages[1]


def test_it_refuses_a_workbook_made_for_another_department(shakyo: Shakyo) -> None:
    other_department = shakyo.tiny.departments["共生福祉課"]
    book = download(shakyo.people.secretariat, shakyo, other_department)

    with pytest.raises(WorkbookFormatError) as refused:
        _parse(shakyo, as_bytes(book))

    assert str(refused.value).startswith(
        "このファイルは「共生福祉課」の評価入力用です。「社協」のファイルとしてはアップロードできません。"
    )


def test_it_refuses_a_file_that_is_not_an_xlsx_workbook(shakyo: Shakyo) -> None:
    with pytest.raises(WorkbookFormatError) as refused:
        _parse(shakyo, "番号,事業名\n1,福祉教育\n".encode("cp932"))

    assert "ファイル「社協.xlsx」を Excel ブック(.xlsx)として読めません。" in str(refused.value)


def test_it_refuses_a_workbook_it_did_not_make(shakyo: Shakyo) -> None:
    other = Workbook()
    other.active.title = "評価入力"
    buffer = io.BytesIO()
    other.save(buffer)

    with pytest.raises(WorkbookFormatError) as refused:
        _parse(shakyo, buffer.getvalue())

    assert "評価入力用のファイルではありません(「管理情報」シートがありません)" in str(refused.value)


def test_it_refuses_a_workbook_whose_columns_were_moved(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    entries_sheet(book).insert_cols(3)

    with pytest.raises(WorkbookFormatError) as refused:
        _parse(shakyo, as_bytes(book))

    first = refused.value.problems[0]
    assert str(first).startswith(
        f"評価入力シート {HEADER_ROW}行目 C列(事業内容): 見出しが「事業内容」ではありません"
    )
