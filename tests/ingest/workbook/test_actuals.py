"""The 指標の実績 sheet of a department's workbook: this year's actuals written offline, read as
typed (「1,234件」「▲3」), stored through the indicator service with an audit record each; grey
cells protected, edits to them, unreadable numbers and formulas refused with their place."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import IndicatorValue
from shinchoku.ingest.workbook.actuals import ACTUAL_BY_KEY, ACTUALS_SHEET, FIRST_DATA_ROW
from shinchoku.ingest.workbook.commit import commit_workbook
from shinchoku.ingest.workbook.preview import WorkbookPreview, preview_workbook
from shinchoku.ingest.workbook.upload import receive_workbook
from shinchoku.plans.models import Indicator
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, download


@pytest.fixture
def indicators(shakyo: Shakyo) -> tuple[Indicator, Indicator]:
    """社協's two indicators: one on the shared project with last year's actual, one on 1-1-2-1."""
    shared = Indicator.objects.create(
        node=shakyo.tiny.shared, label="通信紙の発行回数", unit="回", target_value=12, target_year=2026
    )
    IndicatorValue.objects.create(indicator=shared, fiscal_year=2023, value=Decimal("7.5"))
    unrated = Indicator.objects.create(node=shakyo.tiny.unrated, label="指定校数", unit="校")
    return shared, unrated


def _sheet(book: Workbook) -> Worksheet:
    return book[ACTUALS_SHEET]


def _row(sheet: Worksheet, indicator: Indicator) -> int:
    column = ACTUAL_BY_KEY["indicator_id"].letter
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet[f"{column}{row}"].value == indicator.pk:
            return row
    raise AssertionError(f"indicator {indicator.pk} is not in the sheet")


def _cell(sheet: Worksheet, indicator: Indicator, key: str) -> Any:
    return sheet[f"{ACTUAL_BY_KEY[key].letter}{_row(sheet, indicator)}"]


def _preview(shakyo: Shakyo, book: Workbook) -> WorkbookPreview:
    return preview_workbook(
        shakyo.people.other_editor,
        shakyo.round,
        shakyo.department,
        data=as_bytes(book),
        file_name="社協.xlsx",
    )


def test_the_sheet_lists_the_departments_indicators_with_last_years_actual(
    shakyo: Shakyo, indicators: tuple[Indicator, Indicator]
) -> None:
    sheet = _sheet(download(shakyo.people.other_editor, shakyo))
    shared, unrated = indicators

    assert [sheet.cell(row=3, column=column).value for column in range(1, 9)] == [
        "番号",
        "事業名",
        "指標名",
        "単位",
        "目標値",
        "前年度の実績値",
        "今年度の実績値",
        "備考",
    ]
    values = [_cell(sheet, shared, key).value for key in ("code", "indicator", "unit", "target", "previous")]
    assert values == ["1-1-1-2", "通信紙の発行回数", "回", "12(R8)", 7.5]
    assert _cell(sheet, unrated, "indicator").value == "指定校数"
    assert sheet.protection.sheet
    assert _cell(sheet, shared, "actual").protection.locked is False
    assert _cell(sheet, shared, "indicator").protection.locked is True
    assert sheet.column_dimensions[ACTUAL_BY_KEY["indicator_id"].letter].hidden


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1,234件", Decimal(1234)), ("▲3", Decimal(-3)), (46, Decimal(46)), ("３．５", Decimal("3.5"))],
)
def test_an_actual_typed_as_people_type_it_is_stored_with_an_audit_record(
    shakyo: Shakyo, indicators: tuple[Indicator, Indicator], typed: object, expected: Decimal
) -> None:
    shared, _ = indicators
    book = download(shakyo.people.other_editor, shakyo)
    _cell(_sheet(book), shared, "actual").value = typed
    _cell(_sheet(book), shared, "note").value = "速報値"
    received = receive_workbook(
        shakyo.people.other_editor,
        shakyo.round,
        shakyo.department,
        data=as_bytes(book),
        file_name="社協.xlsx",
    )
    assert received.preview.can_commit

    run = commit_workbook(
        shakyo.people.other_editor,
        shakyo.round,
        shakyo.department,
        token=received.token,
        file_name="社協.xlsx",
    )

    stored = IndicatorValue.objects.get(indicator=shared, fiscal_year=2024)
    assert (stored.value, stored.note) == (expected, "速報値")
    assert AuditEntry.objects.filter(action="record_indicator_value", object_id=str(shared.pk)).count() == 1
    assert run.counts["actuals"] == 1


def test_a_downloaded_file_uploaded_unchanged_records_nothing(
    shakyo: Shakyo, indicators: tuple[Indicator, Indicator]
) -> None:
    shared, _ = indicators
    IndicatorValue.objects.create(indicator=shared, fiscal_year=2024, value=Decimal("7.25"), note="確定")

    preview = _preview(shakyo, download(shakyo.people.other_editor, shakyo))

    assert preview.actual_changes == []
    assert preview.problems == []


def test_clearing_an_actual_is_a_change(shakyo: Shakyo, indicators: tuple[Indicator, Indicator]) -> None:
    shared, _ = indicators
    IndicatorValue.objects.create(indicator=shared, fiscal_year=2024, value=Decimal(9))
    book = download(shakyo.people.other_editor, shakyo)
    _cell(_sheet(book), shared, "actual").value = None

    (change,) = _preview(shakyo, book).actual_changes

    assert (change.before, change.after, change.value) == ("9", "(なし)", None)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("actual", "たくさん", "数値として読めません"),
        ("actual", "=1+1", "数式は使えません"),
        ("indicator", "別の指標", "灰色の列は変更できません"),
        ("indicator_id", 999999, "この担当課の指標ではありません"),
    ],
)
def test_a_bad_cell_is_refused_with_its_place(
    shakyo: Shakyo, indicators: tuple[Indicator, Indicator], key: str, value: object, message: str
) -> None:
    shared, _ = indicators
    book = download(shakyo.people.other_editor, shakyo)
    row = _row(_sheet(book), shared)
    _sheet(book)[f"{ACTUAL_BY_KEY[key].letter}{row}"].value = value

    preview = _preview(shakyo, book)

    assert not preview.can_commit
    (problem,) = preview.problems
    assert problem.sheet == ACTUALS_SHEET
    assert problem.row == row
    assert f"{ACTUALS_SHEET}シート {row}行目 {ACTUAL_BY_KEY[key].letter}列" in str(problem)
    assert message in problem.message


def test_an_unreadable_actual_names_the_column_and_what_to_type(
    shakyo: Shakyo, indicators: tuple[Indicator, Indicator]
) -> None:
    shared, _ = indicators
    book = download(shakyo.people.other_editor, shakyo)
    _cell(_sheet(book), shared, "actual").value = "約40回"

    (problem,) = _preview(shakyo, book).problems

    place = f"指標の実績シート {_row(_sheet(book), shared)}行目 G列(今年度の実績値)"
    assert str(problem).startswith(f"{place}: 「約40回」は数値として読めません")


def test_a_copied_row_is_refused(shakyo: Shakyo, indicators: tuple[Indicator, Indicator]) -> None:
    shared, _ = indicators
    book = download(shakyo.people.other_editor, shakyo)
    sheet = _sheet(book)
    source = _row(sheet, shared)
    target = sheet.max_row + 1
    for column in range(1, len(ACTUAL_BY_KEY) + 1):
        sheet.cell(row=target, column=column).value = sheet.cell(row=source, column=column).value
    sheet.cell(row=target, column=ACTUAL_BY_KEY["actual"].position).value = 5

    (problem,) = _preview(shakyo, book).problems

    assert "同じ指標の行です" in problem.message
    assert problem.row == target


def test_the_instructions_say_where_to_type_the_actuals_and_how(
    shakyo: Shakyo, indicators: tuple[Indicator, Indicator]
) -> None:
    sheet = download(shakyo.people.other_editor, shakyo)["説明"]
    texts = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)

    assert "「指標の実績」シートの白い列(今年度の実績値・備考)" in texts
    assert "「1,234件」" in texts
