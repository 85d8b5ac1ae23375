"""Writing a plan workbook: a plan's document, the blank template or the filled example.

Every text goes through :func:`shinchoku.reports.xlsx_cells.write_text` (a string, never a
formula); numbers are numbers and years are written in 和暦. Reading the written file back gives
the same document (the round trip the tests prove).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import can_import
from shinchoku.core import fiscal_year as fy
from shinchoku.core.indicators import DIRECTION_WORDS, AchievementFormula, Direction
from shinchoku.core.ratings import ConsolidationRule
from shinchoku.plans.models import Plan
from shinchoku.plans.workbook import guide, layout
from shinchoku.plans.workbook.document import PlanDocument
from shinchoku.plans.workbook.snapshot import plan_document
from shinchoku.reports.xlsx_cells import write_text

_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_HEADER_FONT = Font(bold=True)
_WIDE = {
    "名称": 36,
    "説明・事業内容": 48,
    "定義": 40,
    "進捗状況": 48,
    "評価の理由・課題": 48,
    "次年度の目標": 36,
    "計画最終年度までの目標": 40,
    "指標名": 36,
    "担当課": 24,
    "値": 40,
    "項目": 30,
    "説明": 80,
    "列": 24,
}
# Excel refuses a list validation whose literal text is longer than this.
_LIST_LIMIT = 255


def _headers(sheet: Worksheet, headers: Sequence[str]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = write_text(sheet, 1, column, header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = _WIDE.get(header, 14)
    sheet.freeze_panes = "A2"


def _number(sheet: Worksheet, row: int, column: int, value: Decimal | None) -> None:
    if value is not None:
        sheet.cell(
            row=row, column=column, value=int(value) if value == value.to_integral_value() else float(value)
        )


def _year(sheet: Worksheet, row: int, column: int, value: int | None) -> None:
    write_text(sheet, row, column, fy.format_wareki(value) if value else "")


def _choices(sheet: Worksheet, column: str, words: Sequence[str], rows: str = "2:1048576") -> None:
    """A drop-down of ``words`` on ``column`` (skipped when Excel could not hold the list)."""
    text = ",".join(words)
    if not words or len(text) > _LIST_LIMIT or any('"' in word or "," in word for word in words):
        return
    first, last = rows.split(":")
    validation = DataValidation(type="list", formula1=f'"{text}"', allow_blank=True)
    validation.error = "一覧から選んでください。"
    validation.add(f"{column}{first}:{column}{last}")
    sheet.add_data_validation(validation)


def _wrap(sheet: Worksheet, headers: Sequence[str]) -> None:
    for column, header in enumerate(headers, start=1):
        if _WIDE.get(header, 0) >= 36:
            for cell in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell[0].alignment = Alignment(wrap_text=True, vertical="top")


def _guide_sheet(book: Workbook, document: PlanDocument | None) -> None:
    sheet = book.create_sheet(layout.GUIDE_SHEET)
    _headers(sheet, ("シート", "列", "説明"))
    row = 2
    paragraphs = list(guide.INTRODUCTION)
    if document is not None:
        labels = document.settings.level_labels
        paragraphs.insert(
            1,
            f"この計画の階層は「{'」→「'.join(labels)}」です。最後の「{labels[-1]}」を担当課が毎年評価し、"
            f"「{labels[document.settings.evaluation_level]}」ごとに評価をまとめます。",
        )
    for paragraph in paragraphs:
        write_text(sheet, row, 3, paragraph)
        row += 1
    for sheet_name, column, text in guide.COLUMNS:
        write_text(sheet, row, 1, sheet_name)
        write_text(sheet, row, 2, column)
        write_text(sheet, row, 3, text)
        row += 1
    write_text(sheet, row, 3, guide.CLOSING)
    _wrap(sheet, ("シート", "列", "説明"))


def _plan_sheet(book: Workbook, document: PlanDocument | None) -> None:
    sheet = book.create_sheet(layout.PLAN_SHEET)
    _headers(sheet, layout.PLAN_HEADERS)
    items = layout.REQUIRED_ITEMS + layout.OPTIONAL_ITEMS
    values: dict[str, str] = {}
    if document is not None:
        s = document.settings
        values = {
            layout.ITEM_MUNICIPALITY: s.municipality_name,
            layout.ITEM_CODE: s.municipality_code,
            layout.ITEM_TITLE: s.title,
            layout.ITEM_FIRST_YEAR: fy.format_wareki(s.first_fiscal_year),
            layout.ITEM_LAST_YEAR: fy.format_wareki(s.last_fiscal_year),
            layout.ITEM_LEVELS: layout.LEVEL_SEPARATOR.join(s.level_labels),
            layout.ITEM_EVALUATION_LEVEL: s.level_labels[s.evaluation_level],
            layout.ITEM_RULE: layout.RULE_WORDS[ConsolidationRule(s.multi_department_rule)],
        }
        if s.achievement_formula is not None:
            values[layout.ITEM_FORMULA] = layout.FORMULA_WORDS[AchievementFormula(s.achievement_formula)]
        if s.requires_department_approval is not None:
            values[layout.ITEM_APPROVAL] = layout.YES if s.requires_department_approval else layout.NO
    for row, item in enumerate(items, start=2):
        write_text(sheet, row, 1, item)
        write_text(sheet, row, 2, values.get(item, ""))
    rule_row = items.index(layout.ITEM_RULE) + 2
    _choices(sheet, "B", list(layout.RULE_WORDS.values()), f"{rule_row}:{rule_row}")
    formula_row = items.index(layout.ITEM_FORMULA) + 2
    _choices(sheet, "B", list(layout.FORMULA_WORDS.values()), f"{formula_row}:{formula_row}")
    approval_row = items.index(layout.ITEM_APPROVAL) + 2
    _choices(sheet, "B", [layout.YES, layout.NO], f"{approval_row}:{approval_row}")


def _table(book: Workbook, name: str, rows: Sequence[Sequence[object]]) -> Worksheet:
    """A sheet of ``name``'s headers and ``rows``: str → text, Decimal → number, ("year", n) → 和暦."""
    sheet = book.create_sheet(name)
    headers = layout.HEADERS[name]
    _headers(sheet, headers)
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            if isinstance(value, Decimal):
                _number(sheet, row_number, column, value)
            elif isinstance(value, tuple):
                _year(sheet, row_number, column, value[1])
            elif value is not None:
                write_text(sheet, row_number, column, str(value))
    _wrap(sheet, headers)
    return sheet


def _year_of(value: int | None) -> tuple[str, int | None]:
    return ("year", value)


def write_plan_workbook(document: PlanDocument | None) -> bytes:
    """The workbook of ``document``; None gives the blank template (headers and the 説明 sheet)."""
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    _guide_sheet(book, document)
    _plan_sheet(book, document)
    levels = list(document.settings.level_labels) if document else []
    codes = _table(
        book,
        layout.CODES_SHEET,
        [(r.code, r.label, r.definition, layout.YES if r.is_rating else layout.NO) for r in document.codes]
        if document
        else [],
    )
    _choices(codes, "D", [layout.YES, layout.NO])
    departments = _table(
        book,
        layout.DEPARTMENTS_SHEET,
        [
            (
                r.name,
                layout.EXTERNAL_LABEL if r.kind == "external" else layout.DIVISION_LABEL,
                r.email,
                r.extension,
                r.previous_name or "",
                _year_of(r.renamed_from),
            )
            for r in document.departments
        ]
        if document
        else [],
    )
    _choices(departments, "B", [layout.DIVISION_LABEL, layout.EXTERNAL_LABEL])
    nodes = _table(
        book,
        layout.NODES_SHEET,
        [
            (
                r.code,
                r.parent_code,
                levels[r.level],
                r.title,
                r.description,
                layout.OWNER_SEPARATOR.join(r.owners),
                r.final_target,
                r.listing_of,
                r.shared_from,
                _year_of((r.span or (None, None))[0]),
                _year_of((r.span or (None, None))[1]),
                r.continues or "",
            )
            for r in document.nodes
        ]
        if document
        else [],
    )
    _choices(nodes, "C", levels)
    indicators = _table(
        book,
        layout.INDICATORS_SHEET,
        [
            (
                r.project_code,
                r.label,
                r.unit,
                r.baseline_value,
                _year_of(r.baseline_year),
                r.target_value,
                _year_of(r.target_year),
                DIRECTION_WORDS[Direction(r.direction)],
            )
            for r in document.indicators
        ]
        if document
        else [],
    )
    _choices(indicators, "H", list(DIRECTION_WORDS.values()))
    _table(
        book,
        layout.TARGETS_SHEET,
        [(r.project_code, r.label, _year_of(r.fiscal_year), r.value) for r in (document.targets or [])]
        if document
        else [],
    )
    evaluations = _table(
        book,
        layout.EVALUATIONS_SHEET,
        [
            (
                _year_of(r.fiscal_year),
                r.project_code,
                r.department,
                r.progress,
                r.rating,
                r.reason,
                r.next_year_goal,
            )
            for r in (document.evaluations or [])
        ]
        if document
        else [],
    )
    _choices(evaluations, "E", [r.code for r in document.codes] if document else [])
    _table(
        book,
        layout.VALUES_SHEET,
        [(r.project_code, r.label, _year_of(r.fiscal_year), r.value) for r in (document.values or [])]
        if document
        else [],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_plan_workbook(actor: User | AnonymousUser | None, plan: Plan) -> bytes:
    """The workbook of ``plan`` as it is now. It holds unpublished years (closed rounds), so only the
    command line (None), a superuser or the plan's 事務局 may take it; raises PermissionDenied."""
    if not can_import(actor, plan.municipality):
        raise PermissionDenied("計画の体系ファイルを書き出せるのは事務局だけです。")
    return write_plan_workbook(plan_document(plan))
