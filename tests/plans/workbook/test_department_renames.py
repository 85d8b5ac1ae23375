"""The 担当課 sheet's optional 旧名称 and 変更年度 (組織改編): a row naming a department by its
旧名称 renames it from that year, the export writes the latest rename, a re-import changes
nothing, and refusals name the sheet, row and column."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import Department, DepartmentNameChange, Plan
from shinchoku.plans.workbook.apply import import_plan_workbook
from shinchoku.plans.workbook.document import PlanWorkbookError
from shinchoku.plans.workbook.example import EXAMPLE_TITLE
from shinchoku.plans.workbook.export import export_plan_workbook
from shinchoku.plans.workbook.read import read_plan_workbook
from tests.plans.workbook.helpers import edited, example_bytes, make_city, row_of

pytestmark = pytest.mark.django_db

PREVIOUS, YEAR = 5, 6  # the columns of 旧名称 and 変更年度


def _imported(*, publish: bool = False) -> Plan:
    make_city()
    import_plan_workbook(None, example_bytes(), "example.xlsx", publish=publish)
    return Plan.objects.get(title=EXAMPLE_TITLE)


def _rename_fukushi(year: object) -> object:
    def edit(book: Workbook) -> None:
        sheet = book["担当課"]
        row = row_of(book, "担当課", 1, "福祉課")
        sheet.cell(row, 1).value = "地域福祉課"
        sheet.cell(row, PREVIOUS).value = "福祉課"
        sheet.cell(row, YEAR).value = year
        # The other sheets name the department by its new name.
        for other in ("体系", "評価"):
            for cells in book[other].iter_rows(min_row=2):
                for cell in cells:
                    if isinstance(cell.value, str) and "福祉課" in cell.value.split("、"):
                        cell.value = "、".join(
                            "地域福祉課" if part == "福祉課" else part for part in cell.value.split("、")
                        )

    return edit


def _departments_sheet(data: bytes) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return list(book["担当課"].iter_rows(values_only=True))


def test_the_sheet_keeps_its_headers_and_adds_the_rename_columns_after_them() -> None:
    header = _departments_sheet(example_bytes())[0]

    assert header[:6] == ("名称", "種別", "メールアドレス", "内線", "旧名称", "変更年度")


def test_the_example_imports_its_renamed_department_with_the_old_name_before_the_year() -> None:
    _imported()

    renamed = Department.objects.get(name="危機管理課")

    assert renamed.name_in(2024) == "防災安全課"
    assert renamed.name_in(2025) == "危機管理課"


def test_a_row_naming_a_department_by_its_old_name_renames_it_from_that_year() -> None:
    plan = _imported()
    fukushi = Department.objects.get(name="福祉課")
    entries = Entry.objects.filter(department=fukushi).count()

    outcome = import_plan_workbook(
        None, edited(export_plan_workbook(None, plan), _rename_fukushi("令和7年度")), "改編.xlsx"
    )

    assert outcome.counts["担当課"] == {"created": 0, "updated": 1, "removed": 0}
    assert sum(sum(counts.values()) for counts in outcome.counts.values()) == 1  # not 体系 nor 評価
    change = next(change for change in outcome.changes if change.sheet == "担当課")
    assert ("名称", "福祉課", "地域福祉課") in [(f.label, f.before, f.after) for f in change.fields]
    renamed = Department.objects.get(pk=fukushi.pk)
    assert renamed.name == "地域福祉課"
    assert renamed.name_in(2024) == "福祉課"
    assert Entry.objects.filter(department=renamed).count() == entries
    exported = export_plan_workbook(None, plan)
    assert ("地域福祉課", "市の組織", None, None, "福祉課", "令和7年度") in _departments_sheet(exported)
    assert import_plan_workbook(None, exported, "again.xlsx").changes == []


def test_a_rename_over_a_published_year_is_refused_naming_its_cell() -> None:
    plan = _imported(publish=True)  # 令和6年度 (2024) is published with 福祉課's entries

    with pytest.raises(PlanWorkbookError) as refused:
        import_plan_workbook(
            None, edited(export_plan_workbook(None, plan), _rename_fukushi(2024)), "改編.xlsx"
        )

    message = str(refused.value.problems[0])
    assert message.startswith("「担当課」シート ")
    assert "F列(変更年度)" in message
    assert "令和7年度以降にしてください" in message
    assert not DepartmentNameChange.objects.filter(department__name="福祉課").exists()


def test_an_old_name_without_a_year_is_refused_naming_its_cell() -> None:
    def edit(book: Workbook) -> None:
        book["担当課"].cell(row_of(book, "担当課", 1, "福祉課"), PREVIOUS).value = "厚生課"

    with pytest.raises(PlanWorkbookError) as refused:
        read_plan_workbook(edited(example_bytes(), edit), "旧名称.xlsx")

    problem = refused.value.problems[0]
    assert "F列(変更年度)" in str(problem)
    assert "旧名称「厚生課」から名称を変えた年度を入力してください" in problem.message


def test_a_file_cannot_erase_a_recorded_rename() -> None:
    plan = _imported()

    def erase(book: Workbook) -> None:
        row = row_of(book, "担当課", 1, "危機管理課")
        book["担当課"].cell(row, PREVIOUS).value = None
        book["担当課"].cell(row, YEAR).value = None

    with pytest.raises(PlanWorkbookError, match="名称変更") as refused:
        import_plan_workbook(None, edited(export_plan_workbook(None, plan), erase), "消去.xlsx")

    assert "E列(旧名称)" in str(refused.value.problems[0])


def test_a_file_without_the_rename_columns_leaves_the_renames_as_stored() -> None:
    plan = _imported()

    def drop_columns(book: Workbook) -> None:
        book["担当課"].delete_cols(PREVIOUS, 2)

    outcome = import_plan_workbook(None, edited(export_plan_workbook(None, plan), drop_columns), "old.xlsx")

    assert outcome.changes == []
    assert Department.objects.get(name="危機管理課").name_in(2024) == "防災安全課"
