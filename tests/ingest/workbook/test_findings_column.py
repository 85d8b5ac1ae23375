"""The 確認事項 column of the department workbook: each entry's open findings, at the far right,
read-only and ignored on upload, and left out of the printed area."""

from __future__ import annotations

from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services.quality import dismiss_finding
from shinchoku.ingest.workbook.layout import BY_KEY, CHECKED, HEADER_ROW, PRINTED, VISIBLE
from shinchoku.ingest.workbook.parse import parse_workbook
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, cell, download, entries_sheet, fill, row_of


def _blank_numeral(shakyo: Shakyo) -> Entry:
    Entry.objects.filter(pk=shakyo.shared.pk).update(progress="支え合い通信を 回発行した。")
    return shakyo.shared


def test_it_is_the_last_visible_column_and_lists_the_open_findings(shakyo: Shakyo) -> None:
    entry = _blank_numeral(shakyo)
    sheet = entries_sheet(download(shakyo.people.other_editor, shakyo))
    column = BY_KEY["findings"]
    assert VISIBLE[-1] is column
    assert sheet[f"{column.letter}{HEADER_ROW}"].value == "確認事項"
    assert cell(sheet, entry, "findings").value == "数字の書き漏れ(進捗状況): 支え合い通信を 回発行した。"
    assert cell(sheet, shakyo.unrated, "findings").value in (None, "")


def test_a_dismissed_finding_is_not_listed(shakyo: Shakyo) -> None:
    entry = _blank_numeral(shakyo)
    dismiss_finding(shakyo.people.other_editor, entry.pk, "blank_number", "progress", "回数は別紙")
    sheet = entries_sheet(download(shakyo.people.other_editor, shakyo))
    assert cell(sheet, entry, "findings").value in (None, "")


def test_the_column_is_ignored_on_upload(shakyo: Shakyo) -> None:
    entry = _blank_numeral(shakyo)
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    sheet[f"{BY_KEY['findings'].letter}{row_of(sheet, entry)}"].value = "消しておいた"
    fill(sheet, shakyo.unrated, progress="12校を指定した。")
    parsed = parse_workbook(
        as_bytes(book), file_name="社協.xlsx", round_=shakyo.round, department=shakyo.department
    )
    assert parsed.problems == []
    assert [row.entry.pk for row in parsed.rows if row.touched] == [shakyo.unrated.pk]


def test_it_is_neither_printed_nor_checked(shakyo: Shakyo) -> None:
    assert BY_KEY["findings"] not in PRINTED
    assert BY_KEY["findings"] not in CHECKED
    sheet = entries_sheet(download(shakyo.people.other_editor, shakyo))
    assert f"${PRINTED[-1].letter}$" in str(sheet.print_area)
