"""The staff sheet's optional column 担当する計画: a 事務局 member registered for some plans only,
refused for an unknown plan or another role, and listed in the template's 説明 sheet."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.ingest.staff_sheet.preview import preview_staff_sheet
from shinchoku.ingest.staff_sheet.register import receive_staff_sheet, register_staff
from shinchoku.ingest.staff_sheet.template import staff_sheet_template
from tests.evaluations.services.personas import People
from tests.evaluations.shared_plan import build_shared_plan
from tests.evaluations.tiny_plan import TinyPlan
from tests.ingest.staff_sheet.sheets import filled_template


def test_a_secretariat_member_is_registered_for_the_plans_of_the_column(
    tiny: TinyPlan, people: People
) -> None:
    other = build_shared_plan(tiny)
    data = filled_template(
        tiny.municipality, [("korei", "高齢 一子", "事務局", "", "", "", other.plan.title)]
    )
    received = receive_staff_sheet(people.secretariat, data=data, file_name="職員.xlsx")
    assert received.preview.can_commit
    register_staff(people.secretariat, token=received.token, file_name="職員.xlsx")
    user = User.objects.get(username="korei")
    assert list(user.secretariat_plans.all()) == [other.plan]
    assert permissions.can_manage_rounds(user, other.plan)
    assert not permissions.can_manage_rounds(user, tiny.plan)


def test_an_unknown_plan_or_a_plan_for_another_role_is_refused_with_its_place(tiny: TinyPlan) -> None:
    rows = [
        ("a1", "", "事務局", "", "", "", "存在しない計画"),
        ("a2", "", "閲覧のみ", "", "", "", tiny.plan.title),
    ]
    preview = preview_staff_sheet(
        tiny.municipality.pk, data=filled_template(tiny.municipality, rows), file_name="x"
    )
    first, second = (str(row.problems[0]) for row in preview.rows)
    assert first.startswith("職員シート 2行目 G列(担当する計画)")
    assert "という計画はありません" in first
    assert second.startswith("職員シート 3行目 G列(担当する計画)")
    assert "事務局の職員にだけ" in second


def test_the_template_lists_the_plans(tiny: TinyPlan) -> None:
    book = load_workbook(io.BytesIO(staff_sheet_template(tiny.municipality)))
    values = [cell for row in book["説明"].iter_rows(values_only=True) for cell in row]
    assert "担当する計画" in [cell.value for cell in book["職員"][1]]
    assert tiny.plan.title in values
