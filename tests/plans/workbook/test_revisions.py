"""The 体系 sheet's optional 開始年度, 終了年度 (中間見直し) and 前期計画の事業 (次期計画への
引き継ぎ): exported, read back unchanged, imported, refused with the sheet, row and column named,
and left as stored by a file without the columns."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import open_round
from shinchoku.plans.models import PlanNode
from shinchoku.plans.workbook.apply import import_plan_workbook
from shinchoku.plans.workbook.document import PlanWorkbookError
from shinchoku.plans.workbook.export import export_plan_workbook
from shinchoku.plans.workbook.read import read_plan_workbook
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.plans.next_period import build_next_period
from tests.plans.workbook.helpers import edited, example_bytes, row_of

SHEET = "体系"


def _column(book: Workbook, header: str) -> int:
    for cell in book[SHEET][1]:
        if cell.value == header:
            return int(cell.column)
    raise AssertionError(f"{header} not in the headers")


def _set(code: str, header: str, value: object) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[SHEET].cell(row_of(book, SHEET, 1, code), _column(book, header)).value = value

    return edit


def _problems(data: bytes, people: People) -> list[str]:
    with pytest.raises(PlanWorkbookError) as refused:
        import_plan_workbook(people.secretariat, data, "revised.xlsx")
    return [str(problem) for problem in refused.value.problems]


def test_the_years_and_the_continuation_go_out_and_come_back_unchanged(
    tiny: TinyPlan, people: People
) -> None:
    PlanNode.objects.filter(pk=tiny.unrated.pk).update(first_year=2023, last_year=2025)
    later = build_next_period(tiny)

    data = export_plan_workbook(people.secretariat, later.plan)
    rows = {row.code: row for row in read_plan_workbook(data, "next.xlsx").nodes}
    assert rows["1-1-1"].continues == "北本市地域福祉計画 1-1-1-1"
    assert rows["1-1-1"].span == (None, None)
    assert import_plan_workbook(people.secretariat, data, "next.xlsx").changes == []

    own = export_plan_workbook(people.secretariat, tiny.plan)
    assert {row.code: row.span for row in read_plan_workbook(own, "own.xlsx").nodes}["1-1-2-1"] == (
        2023,
        2025,
    )
    assert import_plan_workbook(people.secretariat, own, "own.xlsx").changes == []


def test_a_project_is_ended_from_a_year_by_the_workbook_and_its_open_blank_drafts_go(
    tiny: TinyPlan, people: People
) -> None:
    later = open_round(people.secretariat, tiny.plan.pk, 2025)
    data = edited(
        export_plan_workbook(people.secretariat, tiny.plan), _set("1-1-2-1", "終了年度", "令和6年度")
    )

    outcome = import_plan_workbook(people.secretariat, data, "ended.xlsx")

    tiny.unrated.refresh_from_db()
    assert tiny.unrated.last_year == 2024
    [change] = [c for c in outcome.changes if c.sheet == SHEET]
    assert [(f.label, f.before, f.after) for f in change.fields] == [("終了年度", "", "令和6年度")]
    assert not Entry.objects.filter(round=later, project=tiny.unrated).exists()
    assert Entry.objects.filter(round=tiny.published, project=tiny.unrated).exists()


def test_a_project_is_added_from_a_year_by_the_workbook(tiny: TinyPlan, people: People) -> None:
    def add(book: Workbook) -> None:
        sheet = book[SHEET]
        sheet.append(["1-1-2-3", "1-1-2", "事業", "見守り活動", "", "社協", "", ""])
        sheet.cell(sheet.max_row, _column(book, "開始年度")).value = 2025

    import_plan_workbook(
        people.secretariat, edited(export_plan_workbook(people.secretariat, tiny.plan), add), "a.xlsx"
    )

    assert PlanNode.objects.get(plan=tiny.plan, code="1-1-2-3").first_year == 2025


def test_the_next_plan_continues_a_project_named_by_plan_title_and_number(
    tiny: TinyPlan, people: People
) -> None:
    later = build_next_period(tiny, linked=False)
    data = edited(
        export_plan_workbook(people.secretariat, later.plan),
        _set("1-1-1", "前期計画の事業", "北本市地域福祉計画 1-1-1-2"),
    )

    import_plan_workbook(people.secretariat, data, "next.xlsx")

    later.project.refresh_from_db()
    assert later.project.continues_id == tiny.shared.pk


def test_a_file_without_the_columns_keeps_the_stored_years_and_continuation(
    tiny: TinyPlan, people: People
) -> None:
    PlanNode.objects.filter(pk=tiny.unrated.pk).update(last_year=2025)
    later = build_next_period(tiny)

    def drop(book: Workbook) -> None:
        for header in ("前期計画の事業", "終了年度", "開始年度"):
            book[SHEET].delete_cols(_column(book, header))

    for plan in (tiny.plan, later.plan):
        data = edited(export_plan_workbook(people.secretariat, plan), drop)
        assert import_plan_workbook(people.secretariat, data, "old.xlsx").changes == []
    tiny.unrated.refresh_from_db()
    later.project.refresh_from_db()
    assert (tiny.unrated.last_year, later.project.continues_id) == (2025, tiny.single.pk)


def _place(book_data: bytes, code: str, header: str) -> str:
    """How a problem names the cell of ``code``'s row under ``header``."""
    book = load_workbook(io.BytesIO(book_data))
    column = get_column_letter(_column(book, header))
    return f"「体系」シート {row_of(book, SHEET, 1, code)}行目 {column}列({header})"


@pytest.mark.parametrize(
    ("code", "header", "value", "message"),
    [
        ("1-1-2-1", "終了年度", 2030, "終了年度(2030年度)が計画期間(令和4年度〜令和8年度)の外です"),
        ("1-1-2-1", "開始年度", "令和3年度", "開始年度(2021年度)が計画期間"),
        ("1-1", "開始年度", 2024, "開始年度・終了年度は事業(再掲でないもの)の行にだけ書けます"),
        ("1-1-2-2", "終了年度", 2024, "開始年度・終了年度は事業(再掲でないもの)の行にだけ書けます"),
        ("1-1-2-1", "開始年度", "二〇二五", "年度"),
        (
            "1-1-1-1",
            "前期計画の事業",
            "北本市地域福祉計画 1-1-1-2",
            "この自治体のこの計画より前の計画にありません",
        ),
        ("1-1", "前期計画の事業", "どこかの計画 1", "前期計画の事業は事業(再掲でないもの)の行にだけ書けます"),
    ],
)
def test_a_wrong_year_or_reference_is_refused_at_its_sheet_row_and_column(
    tiny: TinyPlan, people: People, code: str, header: str, value: object, message: str
) -> None:
    data = edited(export_plan_workbook(people.secretariat, tiny.plan), _set(code, header, value))

    problems = _problems(data, people)

    place = _place(data, code, header)
    assert any(problem.startswith(place) and message in problem for problem in problems), problems
    tiny.single.refresh_from_db()
    assert (tiny.single.first_year, tiny.single.last_year, tiny.single.continues_id) == (None, None, None)


def test_a_start_after_the_end_is_refused_at_the_end(tiny: TinyPlan, people: People) -> None:
    export = export_plan_workbook(people.secretariat, tiny.plan)
    data = edited(edited(export, _set("1-1-2-1", "開始年度", 2025)), _set("1-1-2-1", "終了年度", 2024))

    problems = _problems(data, people)

    assert (
        f"{_place(data, '1-1-2-1', '終了年度')}: 終了年度(2024年度)が開始年度(2025年度)より前です。"
        in problems
    )


def test_ending_a_project_before_its_evaluated_years_is_refused_on_both_sheets(
    tiny: TinyPlan, people: People
) -> None:
    data = edited(export_plan_workbook(people.secretariat, tiny.plan), _set("1-1-1-1", "終了年度", 2022))

    [problem] = _problems(data, people)
    assert problem.startswith(
        "「評価」シート 2行目 A列(年度): 2023年度は事業「1-1-1-1」の開始年度〜終了年度の外です"
    )

    without_evaluations = edited(data, lambda book: book.remove(book["評価"]))
    [stored] = _problems(without_evaluations, people)
    assert stored.startswith(_place(without_evaluations, "1-1-1-1", "終了年度"))
    assert "令和5年度(2023年度)は「公表済」で、この項目の評価があります" in stored


@pytest.mark.django_db
def test_the_guide_explains_the_columns_and_the_example_ends_a_project_mid_plan() -> None:
    data = example_bytes()
    book = load_workbook(io.BytesIO(data))
    guide = " ".join(str(cell.value) for row in book["説明"].iter_rows() for cell in row if cell.value)

    assert "計画名と番号を空白で区切って書きます(例: 第3期地域福祉計画 1-2-3)" in guide
    assert "空欄は計画の最終年度までです" in guide
    spans = {row.code: row.span for row in read_plan_workbook(data, "example.xlsx").nodes}
    assert spans["1-2-2"] == (None, 2026)
    assert spans["1-2-1"] == (None, None)


def test_moving_and_renaming_a_project_in_the_workbook_keep_its_id_and_entries(
    tiny: TinyPlan, people: People
) -> None:
    before = set(Entry.objects.filter(project=tiny.single).values_list("pk", flat=True))

    def move(book: Workbook) -> None:
        row = row_of(book, SHEET, 1, "1-1-1-1")
        book[SHEET].cell(row, _column(book, "上位の番号")).value = "1-1-2"
        book[SHEET].cell(row, _column(book, "名称")).value = "福祉教育の推進"

    import_plan_workbook(
        people.secretariat, edited(export_plan_workbook(people.secretariat, tiny.plan), move), "m.xlsx"
    )

    moved = PlanNode.objects.get(plan=tiny.plan, code="1-1-1-1")
    assert (moved.pk, moved.parent_id, moved.title) == (
        tiny.single.pk,
        tiny.initiatives[1].pk,
        "福祉教育の推進",
    )
    assert set(moved.entries.values_list("pk", flat=True)) == before


def test_a_workbook_that_moves_the_end_later_asks_for_the_project_in_the_open_year(
    tiny: TinyPlan, people: People
) -> None:
    later = open_round(people.secretariat, tiny.plan.pk, 2025)
    PlanNode.objects.filter(pk=tiny.unrated.pk).update(last_year=2024)
    Entry.objects.filter(round=later, project=tiny.unrated).delete()

    exported = export_plan_workbook(people.secretariat, tiny.plan)
    import_plan_workbook(
        people.secretariat, edited(exported, _set("1-1-2-1", "終了年度", None)), "again.xlsx"
    )

    assert Entry.objects.filter(round=later, project=tiny.unrated, department__name="社協").exists()
