"""The 担当課 sheet's optional メールアドレス and 内線: exported, imported, and left as stored by a
file without those columns."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from shinchoku.plans.models import Department, Plan
from shinchoku.plans.workbook.apply import import_plan_workbook
from shinchoku.plans.workbook.document import PlanWorkbookError
from shinchoku.plans.workbook.example import EXAMPLE_TITLE
from shinchoku.plans.workbook.export import export_plan_workbook
from tests.plans.workbook.helpers import edited, example_bytes, make_city, row_of

pytestmark = pytest.mark.django_db


def _imported() -> Plan:
    make_city()
    import_plan_workbook(None, example_bytes(), "example.xlsx")
    return Plan.objects.get(title=EXAMPLE_TITLE)


def _set_contacts(book: Workbook) -> None:
    row = row_of(book, "担当課", 1, "福祉課")
    book["担当課"].cell(row, 3).value = "fukushi@city.example.lg.jp"
    book["担当課"].cell(row, 4).value = "2101"


def test_a_departments_address_and_extension_are_imported_and_exported_again() -> None:
    plan = _imported()
    outcome = import_plan_workbook(
        None, edited(export_plan_workbook(None, plan), _set_contacts), "連絡先.xlsx"
    )
    assert outcome.counts["担当課"] == {"created": 0, "updated": 1, "removed": 0}
    fukushi = Department.objects.get(name="福祉課")
    assert (fukushi.email, fukushi.extension) == ("fukushi@city.example.lg.jp", "2101")
    again = import_plan_workbook(None, export_plan_workbook(None, plan), "again.xlsx")
    assert again.changes == []


def test_a_file_without_the_contact_columns_leaves_the_stored_addresses() -> None:
    plan = _imported()
    import_plan_workbook(None, edited(export_plan_workbook(None, plan), _set_contacts), "連絡先.xlsx")

    def drop_columns(book: Workbook) -> None:
        book["担当課"].delete_cols(3, 2)

    outcome = import_plan_workbook(None, edited(export_plan_workbook(None, plan), drop_columns), "old.xlsx")
    assert outcome.changes == []
    assert Department.objects.get(name="福祉課").email == "fukushi@city.example.lg.jp"


def test_a_malformed_address_is_refused_naming_its_cell() -> None:
    plan = _imported()

    def bad(book: Workbook) -> None:
        book["担当課"].cell(row_of(book, "担当課", 1, "福祉課"), 3).value = "fukushi at city"

    with pytest.raises(PlanWorkbookError) as refused:
        import_plan_workbook(None, edited(export_plan_workbook(None, plan), bad), "bad.xlsx")
    assert "「fukushi at city」はメールアドレスとして読めません" in str(refused.value)
    assert Department.objects.get(name="福祉課").email == ""
