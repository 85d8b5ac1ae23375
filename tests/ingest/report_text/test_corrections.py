from __future__ import annotations

from shinchoku.ingest.report_text.corrections import CorrectionGuard, Place

PLACE = Place(112, "事業1-2-1「講座」")


def test_a_first_import_writes_every_value() -> None:
    guard = CorrectionGuard(previous={})
    assert guard.allowed("node:1", PLACE, {"title": "講座"}, {"title": "古い名前"}) == {"title"}
    assert guard.written == {"node:1": {"title": "講座"}}


def test_a_value_nobody_changed_takes_the_files_new_value() -> None:
    guard = CorrectionGuard(previous={"node:1": {"title": "講座"}})
    assert guard.allowed("node:1", PLACE, {"title": "新しい講座"}, {"title": "講座"}) == {"title"}
    assert (guard.kept, guard.conflicts) == ([], [])


def test_a_persons_correction_is_kept_when_the_file_did_not_change() -> None:
    guard = CorrectionGuard(previous={"node:1": {"title": "1 TATO TAVE"}})
    assert guard.allowed("node:1", PLACE, {"title": "1 TATO TAVE"}, {"title": "シニア講座"}) == set()
    [kept] = guard.kept
    assert (kept.place, kept.field, kept.stored, kept.file, kept.conflict) == (
        PLACE,
        "title",
        "シニア講座",
        "1 TATO TAVE",
        False,
    )
    assert guard.written == {"node:1": {"title": "1 TATO TAVE"}}  # the next baseline stays the file's


def test_a_file_that_changed_as_well_is_a_conflict_not_applied_unless_asked() -> None:
    previous = {"node:1": {"title": "1 TATO TAVE"}}
    values, stored = {"title": "地域デビュー講座"}, {"title": "シニア講座"}
    guard = CorrectionGuard(previous=previous)
    assert guard.allowed("node:1", PLACE, values, stored) == set()
    assert [c.conflict for c in guard.conflicts] == [True]
    assert not guard.conflicts[0].applied
    forced = CorrectionGuard(previous=previous, overwrite=True)
    assert forced.allowed("node:1", PLACE, values, stored) == {"title"}
    assert forced.conflicts[0].applied


def test_a_file_that_now_agrees_with_the_correction_is_neither_kept_nor_a_conflict() -> None:
    guard = CorrectionGuard(previous={"node:1": {"title": "1 TATO TAVE"}})
    assert guard.allowed("node:1", PLACE, {"title": "シニア講座"}, {"title": "シニア講座"}) == {"title"}
    assert (guard.kept, guard.conflicts) == ([], [])


def test_a_conflict_left_in_place_is_a_conflict_again_next_time() -> None:
    guard = CorrectionGuard(previous={"node:1": {"title": "1 TATO TAVE"}})
    guard.allowed("node:1", PLACE, {"title": "地域デビュー講座"}, {"title": "シニア講座"})
    again = CorrectionGuard(previous=guard.written, overwrite=True)
    assert again.allowed("node:1", PLACE, {"title": "地域デビュー講座"}, {"title": "シニア講座"}) == {"title"}
    assert again.conflicts[0].applied
