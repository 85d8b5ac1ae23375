"""The 体系 sheet's 共通事業 column: exported as 「<計画名> <番号>」, re-imported without change,
linking a new row, and refused with the sheet, row and column named."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from shinchoku.plans.models import PlanNode
from shinchoku.plans.workbook.apply import import_plan_workbook
from shinchoku.plans.workbook.document import PlanWorkbookError
from shinchoku.plans.workbook.export import export_plan_workbook
from tests.evaluations.services.personas import People
from tests.evaluations.shared_plan import SharedPlan, build_shared_plan
from tests.evaluations.tiny_plan import TinyPlan
from tests.plans.workbook.helpers import edited

LABEL = "北本市地域福祉計画 1-1-1-2"


@pytest.fixture
def other(tiny: TinyPlan) -> SharedPlan:
    return build_shared_plan(tiny)


def _column(book: Workbook) -> int:
    headers = [cell.value for cell in book["体系"][1]]
    return headers.index("共通事業") + 1


def _append(values: dict[str, str]) -> object:
    def edit(book: Workbook) -> None:
        sheet = book["体系"]
        headers = [cell.value for cell in sheet[1]]
        row = sheet.max_row + 1
        for header, value in values.items():
            sheet.cell(row=row, column=headers.index(header) + 1, value=value)

    return edit


def test_the_export_names_the_source_and_reimports_without_change(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    data = export_plan_workbook(people.secretariat, other.plan)
    book = load_workbook(io.BytesIO(data))
    column = _column(book)
    cells = {row[0].value: row[column - 1].value for row in book["体系"].iter_rows(min_row=2)}
    assert cells["1-1-1"] == LABEL
    assert cells["1-1-2"] is None
    outcome = import_plan_workbook(people.secretariat, data, "plan.xlsx", dry_run=True)
    assert outcome.changes == []


def test_a_new_row_is_linked_to_the_other_plans_project(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    row = {
        "番号": "1-1-3",
        "上位の番号": "1-1",
        "階層": "事業",
        "名称": "福祉教育",
        "共通事業": "北本市地域福祉計画 1-1-1-1",
    }
    data = edited(export_plan_workbook(people.secretariat, other.plan), _append(row))  # type: ignore[arg-type]
    import_plan_workbook(people.secretariat, data, "plan.xlsx")
    assert PlanNode.objects.get(plan=other.plan, code="1-1-3").shared_from == tiny.single
    assert PlanNode.objects.get(plan=other.plan, code="1-1-1").shared_from == tiny.shared


@pytest.mark.parametrize(
    ("cell", "extra", "word"),
    [
        ("北本市地域福祉計画", {}, "の形ではありません"),
        ("北本市障害福祉計画 1-1-1-1", {}, "項目がありません"),
        ("北本市高齢者福祉計画 1-1-2", {}, "再掲元の番号"),
        ("北本市地域福祉計画 1-1-1", {}, "共通事業の元にできません"),
        ("北本市地域福祉計画 1-1-1-1", {"担当課": "社協"}, "担当課を入力しません"),
    ],
)
def test_a_cell_that_cannot_be_linked_is_refused_with_its_place(
    tiny: TinyPlan, other: SharedPlan, people: People, cell: str, extra: dict[str, str], word: str
) -> None:
    row = {"番号": "1-1-3", "上位の番号": "1-1", "階層": "事業", "名称": "新", "共通事業": cell} | extra
    data = edited(export_plan_workbook(people.secretariat, other.plan), _append(row))  # type: ignore[arg-type]
    with pytest.raises(PlanWorkbookError) as refused:
        import_plan_workbook(people.secretariat, data, "plan.xlsx", dry_run=True)
    message = str(refused.value)
    assert "「体系」シート 6行目 I列(共通事業)" in message
    assert word in message


def test_a_project_another_plan_shows_cannot_leave_its_plans_file(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    source = PlanNode.objects.create(
        plan=tiny.plan, parent=tiny.initiatives[1], level=3, position=9, code="1-1-2-9", title="見守り"
    )
    PlanNode.objects.filter(pk=other.own.pk).update(shared_from=source)

    def drop(book: Workbook) -> None:
        sheet = book["体系"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "1-1-2-9":
                sheet.delete_rows(row[0].row)
                return

    data = edited(export_plan_workbook(people.secretariat, tiny.plan), drop)
    with pytest.raises(PlanWorkbookError, match="北本市高齢者福祉計画」の共通事業として示されている"):
        import_plan_workbook(people.secretariat, data, "plan.xlsx", dry_run=True)
