"""What storing an upload would do, compared with the stored entries, before anything is stored."""

from __future__ import annotations

from shinchoku.audit.changes import FieldChange
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, save_entry
from shinchoku.ingest.workbook.preview import WorkbookPreview, preview_workbook
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, download, entries_sheet, fill, row_of

DRAFT = EntryDraft(progress="画面で書いた進捗", rating="B", reason="", next_year_goal="")


def _preview(shakyo: Shakyo, data: bytes) -> WorkbookPreview:
    return preview_workbook(
        shakyo.people.other_editor, shakyo.round, shakyo.department, data=data, file_name="社協.xlsx"
    )


def test_it_lists_each_changed_field_before_and_after_and_what_will_be_submitted(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    fill(sheet, shakyo.shared, progress="支え合い通信を4回発行した。", rating="A")
    fill(
        sheet,
        shakyo.unrated,
        progress="12校を指定した。",
        rating="B",
        next_year_goal="続ける。",
        submit="提出する",
    )

    preview = _preview(shakyo, as_bytes(book))

    assert preview.problems == []
    assert preview.conflicts == []
    assert preview.can_commit
    shared, unrated = preview.changes
    assert (shared.row, shared.submit) == (row_of(sheet, shakyo.shared), False)
    assert shared.changes == [
        FieldChange("progress", "進捗状況", "支え合い通信を2回発行した。", "支え合い通信を4回発行した。"),
        FieldChange("rating", "評価", "", "A"),
    ]
    assert unrated.submit
    assert [change.label for change in unrated.changes] == ["進捗状況", "評価", "次年度の目標"]
    assert (preview.submitted, preview.unchanged) == (1, 1)


def test_a_row_the_person_did_not_touch_is_left_alone_even_if_the_entry_changed_since(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    save_entry(shakyo.people.secretariat, shakyo.shared.pk, version=1, draft=DRAFT)

    preview = _preview(shakyo, as_bytes(book))

    assert (preview.changes, preview.conflicts, preview.problems) == ([], [], [])
    assert preview.unchanged == 3
    assert not preview.can_commit


def test_a_row_changed_after_the_download_is_a_conflict_naming_who_changed_what(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    save_entry(shakyo.people.secretariat, shakyo.shared.pk, version=1, draft=DRAFT)
    fill(entries_sheet(book), shakyo.shared, progress="Excelで書いた進捗")

    preview = _preview(shakyo, as_bytes(book))

    (conflict,) = preview.conflicts
    assert conflict.entry == shakyo.shared
    assert conflict.names == "事務局 一郎"
    (save,) = conflict.saves
    assert {(change.label, change.before, change.after) for change in save.changes} == {
        ("進捗状況", "支え合い通信を2回発行した。", "画面で書いた進捗"),
        ("評価", "", "B"),
    }
    assert preview.changes == []
    assert not preview.can_commit


def test_changing_a_submitted_entry_is_refused_at_its_row(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    fill(sheet, shakyo.submitted, progress="提出後に書き換えた進捗")

    preview = _preview(shakyo, as_bytes(book))

    (problem,) = preview.problems
    assert str(problem) == (
        f"評価入力シート {row_of(sheet, shakyo.submitted)}行目 J列(進捗状況): "
        "この事業の評価は「提出済」のため、差し戻されるまで変更できません。この行は元に戻してください。"
    )
    assert not preview.can_commit


def test_submitting_the_lowest_rating_without_a_reason_is_refused_at_the_reason_column(
    shakyo: Shakyo,
) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    fill(
        sheet,
        shakyo.unrated,
        progress="進んでいない。",
        rating="C",
        next_year_goal="見直す。",
        submit="提出する",
    )

    preview = _preview(shakyo, as_bytes(book))

    (problem,) = preview.problems
    assert problem.column is not None
    assert problem.column.key == "reason"
    assert problem.row == row_of(sheet, shakyo.unrated)
    assert "評価の理由・課題を必ず書いてください" in problem.message


def test_a_round_that_no_longer_collects_refuses_every_changed_row(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    fill(entries_sheet(book), shakyo.unrated, progress="締切後の進捗")
    shakyo.round.state = shakyo.round.State.CLOSED
    shakyo.round.save()

    preview = _preview(shakyo, as_bytes(book))

    (problem,) = preview.problems
    assert "令和6年度(2024年度)は「締切済」のため、評価を変更できません。" in problem.message
    assert Entry.objects.get(pk=shakyo.unrated.pk).progress == ""
