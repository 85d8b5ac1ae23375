"""The blank staff sheet the 事務局 downloads: sheet 職員 (the headers, a drop-down of the roles)
and sheet 説明 (how to fill it in, the roles, the municipality's departments by their exact names).

The role drop-down takes its choices from the roles listed on sheet 説明, so that the labels are
written once, from :class:`~shinchoku.accounts.models.User.Role`.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.accounts.services import ROLES_WITH_DEPARTMENTS
from shinchoku.ingest.staff_sheet.layout import COLUMNS, HEADER_ROW, INSTRUCTIONS_SHEET, SHEET, role_labels
from shinchoku.ingest.workbook.build import MEDIA_TYPE
from shinchoku.ingest.workbook.limits import LIMITS_TEXT, MAX_ROWS
from shinchoku.plans.models import Department, Municipality, Plan
from shinchoku.reports.xlsx_cells import write_text

__all__ = ["MEDIA_TYPE", "file_name", "staff_sheet_template"]

FONT = Font(name="BIZ UDPゴシック", size=10)
BOLD = Font(name="BIZ UDPゴシック", size=10, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")


def file_name(municipality: Municipality) -> str:
    return f"{municipality.name}_職員一括登録.xlsx"


def staff_sheet_template(municipality: Municipality) -> bytes:
    """The blank template for ``municipality`` as .xlsx bytes."""
    book = Workbook()
    staff = book.active
    assert isinstance(staff, Worksheet)
    staff.title = SHEET
    instructions = book.create_sheet(INSTRUCTIONS_SHEET)
    roles_range = _write_instructions(instructions, municipality)
    for index, column in enumerate(COLUMNS, start=1):
        cell = write_text(staff, HEADER_ROW, index, column.header)
        cell.font = BOLD
        cell.fill = _HEADER_FILL
        staff.column_dimensions[cell.column_letter].width = column.width
    staff.freeze_panes = "A2"
    role = DataValidation(type="list", formula1=roles_range, allow_blank=True)
    role.error = "役割は一覧から選んでください。"
    role.errorTitle = "役割"
    staff.add_data_validation(role)
    role.add(f"C2:C{MAX_ROWS}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_instructions(sheet: Worksheet, municipality: Municipality) -> str:
    """Fill sheet 説明; return the range of the role labels (for the drop-down)."""
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
    lines = [
        (f"{municipality.name} 職員の一括登録", BOLD),
        ("", FONT),
        ("記入のしかた", BOLD),
        (f"1. 「{SHEET}」シートの2行目から、1行に1人ずつ記入します。見出しの行は変えないでください。", FONT),
        (
            "2. 新しい職員だけを登録します。登録済みの職員と同じ内容の行は「変更なし」として何もしません。",
            FONT,
        ),
        (
            "3. 「利用者の管理」の「一括登録」でこのファイルをアップロードすると、全行の確認画面が出ます。"
            "エラーの行が1行でもあると、だれも登録されません。",
            FONT,
        ),
        (
            "4. 登録すると、一人ひとりの一時パスワードの一覧が一度だけ表示されます。"
            "印刷して本人に渡してください。"
            "本人は初回ログインのときに自分のパスワードに変更します。",
            FONT,
        ),
        (
            "5. 「=」で始まる文字も数式ではなく文字として扱います。事務局の職員も登録できますが、"
            "登録済みの事務局の職員のパスワードは変更できません。",
            FONT,
        ),
        (f"6. {LIMITS_TEXT}", FONT),
        ("", FONT),
        ("列", BOLD),
    ]
    row = 0
    for text, font in lines:
        row += 1
        cell = write_text(sheet, row, 1, text)
        cell.font = font
    for column in COLUMNS:
        row += 1
        write_text(sheet, row, 1, column.header).font = BOLD
        cell = write_text(sheet, row, 2, column.help)
        cell.font = FONT
        cell.alignment = _WRAP
    row += 2
    write_text(sheet, row, 1, "役割(この中から選びます)").font = BOLD
    first = row + 1
    for label, value in role_labels().items():
        row += 1
        write_text(sheet, row, 1, label).font = FONT
        note = "所属が必要です" if value in ROLES_WITH_DEPARTMENTS else "所属は空欄にします"
        write_text(sheet, row, 2, note).font = FONT
    last = row
    row += 2
    write_text(sheet, row, 1, "担当課(所属に書く名称)").font = BOLD
    for department in Department.objects.filter(municipality=municipality).order_by("position", "name"):
        row += 1
        write_text(sheet, row, 1, department.name).font = FONT
        write_text(sheet, row, 2, department.get_kind_display()).font = FONT
    row += 2
    write_text(sheet, row, 1, "計画(担当する計画に書く名称)").font = BOLD
    for plan in Plan.objects.filter(municipality=municipality).order_by("title"):
        row += 1
        write_text(sheet, row, 1, plan.title).font = FONT
    return f"'{sheet.title}'!$A${first}:$A${last}"
