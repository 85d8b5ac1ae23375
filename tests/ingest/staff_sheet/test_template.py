"""The blank staff sheet the 事務局 downloads (ingest.staff_sheet.template)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from shinchoku.accounts.models import User
from shinchoku.ingest.staff_sheet.layout import HEADERS
from shinchoku.ingest.staff_sheet.template import staff_sheet_template
from tests.evaluations.tiny_plan import TinyPlan


def _texts(sheet: object) -> list[str]:
    return [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value]  # type: ignore[attr-defined]


def test_the_template_has_the_header_row_and_an_instructions_sheet(tiny: TinyPlan) -> None:
    book = load_workbook(io.BytesIO(staff_sheet_template(tiny.municipality)))

    assert book.sheetnames == ["職員", "説明"]
    assert [cell.value for cell in book["職員"][1]] == list(HEADERS)
    assert book["職員"].max_row == 1


def test_the_instructions_list_every_role_label_and_every_department_by_its_name(tiny: TinyPlan) -> None:
    texts = _texts(load_workbook(io.BytesIO(staff_sheet_template(tiny.municipality)))["説明"])

    assert {str(label) for label in User.Role.labels} <= set(texts)
    assert {"共生福祉課", "生涯学習課", "社協"} <= set(texts)
    assert any("数式ではなく文字" in text for text in texts)
    assert any("事務局の職員も登録できます" in text for text in texts)


def test_the_role_column_offers_the_role_labels_from_the_instructions(tiny: TinyPlan) -> None:
    book = load_workbook(io.BytesIO(staff_sheet_template(tiny.municipality)))
    validation = book["職員"].data_validations.dataValidation[0]

    sheet, cells = validation.formula1.split("!")
    first, last = (int(part.lstrip("$A")) for part in cells.split(":"))
    assert sheet == "'説明'"
    assert [book["説明"][f"A{row}"].value for row in range(first, last + 1)] == list(User.Role.labels)
    assert "C2" in str(validation.sqref)
