"""What registering a staff sheet would do, row by row: 新規 (a user to create), 変更なし (the
user exists with exactly this content) or エラー (with a Japanese reason naming sheet, row and
column). Nothing is written.

The checks are those of :func:`shinchoku.accounts.services.create_user` seen from the file (the
login ID free and well formed, the role known, departments of the municipality where the role
has them and none otherwise), plus those only a file has (a login ID twice in the file). A user
who exists with other content is an error: this sheet registers, it does not change anyone (the
user's page does that, one person at a time, under the separation-of-duties rules).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from shinchoku.accounts.models import User
from shinchoku.accounts.services import EXTENSION_MAX_LENGTH, ROLES_WITH_DEPARTMENTS
from shinchoku.core import fiscal_year as fy
from shinchoku.core.text import clean_typed_line
from shinchoku.core.typed_fields import clean_field
from shinchoku.ingest.staff_sheet.layout import (
    COLUMNS,
    DEPARTMENT_SEPARATORS,
    SheetProblem,
    StaffSheetError,
    role_labels,
)
from shinchoku.ingest.staff_sheet.read import RawRow, read_staff_sheet
from shinchoku.plans.models import Department, Plan

NEW = "new"
UNCHANGED = "unchanged"
ERROR = "error"
STATUS_LABELS = {NEW: "新規", UNCHANGED: "変更なし", ERROR: "エラー"}
USERNAME, DISPLAY_NAME, ROLE, DEPARTMENTS, EMAIL, EXTENSION, PLANS = range(len(COLUMNS))
USERNAME_MAX_LENGTH = 150
DISPLAY_NAME_MAX_LENGTH = 100


@dataclass
class PreviewRow:
    row: int
    username: str
    display_name: str
    role: str  # the stored value; "" when unknown
    department_ids: list[int]
    department_names: list[str]
    problems: list[SheetProblem] = field(default_factory=list)
    exists: bool = False
    email: str = ""
    extension: str = ""
    plan_ids: list[int] = field(default_factory=list)  # 担当する計画 (a 事務局 member's; none: every plan)
    plan_names: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return ERROR if self.problems else UNCHANGED if self.exists else NEW

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def role_label(self) -> str:
        return str(User.Role(self.role).label) if self.role else ""


@dataclass(frozen=True)
class StaffPreview:
    file_name: str
    rows: list[PreviewRow]
    problems: list[SheetProblem]  # the file as a whole could not be read

    @property
    def readable(self) -> bool:
        return not self.problems

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def count_unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def count_errors(self) -> int:
        return self.count(ERROR)

    @property
    def new_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.status == NEW]

    @property
    def can_commit(self) -> bool:
        """All or nothing: something to register and not one error."""
        return self.readable and bool(self.new_rows) and self.count(ERROR) == 0

    @property
    def all_problems(self) -> list[SheetProblem]:
        return self.problems + [problem for row in self.rows for problem in row.problems]


def preview_staff_sheet(municipality_id: int, *, data: bytes, file_name: str) -> StaffPreview:
    """Every row of the file and what registering it in ``municipality_id`` would do."""
    try:
        sheet = read_staff_sheet(data, file_name)
    except StaffSheetError as error:
        return StaffPreview(file_name, [], error.problems)
    departments = _Departments(
        Department.objects.filter(municipality_id=municipality_id).order_by("position")
    )
    plans = {
        _Departments.key(plan.title): plan for plan in Plan.objects.filter(municipality_id=municipality_id)
    }
    rows = [_row(raw, sheet.sheet, departments, plans) for raw in sheet.rows]
    if not rows:
        return StaffPreview(
            file_name,
            [],
            [SheetProblem(f"ファイル「{file_name}」に登録する職員の行がありません。", sheet.sheet)],
        )
    _check_duplicates(rows, sheet.sheet)
    _compare_with_stored(rows, sheet.sheet, municipality_id)
    return StaffPreview(file_name, rows, [])


class _Departments:
    """The municipality's departments by name; a name typed in other widths (ＡＢＣ, ｶﾅ) matches too."""

    def __init__(self, departments: Iterable[Department]) -> None:
        self.all = list(departments)
        self.by_key = {self.key(department.name): department for department in self.all}

    @staticmethod
    def key(name: str) -> str:
        return unicodedata.normalize("NFKC", name).strip()

    def find(self, name: str) -> Department | None:
        return self.by_key.get(self.key(name))


def _row(raw: RawRow, sheet: str | None, departments: _Departments, plans: dict[str, Plan]) -> PreviewRow:
    cells = raw.cells
    username = clean_field("accounts.user", "username", cells[USERNAME])
    display_name = clean_field("accounts.user", "display_name", cells[DISPLAY_NAME])
    row = PreviewRow(raw.row, username, display_name, "", [], [])

    def problem(column: int, message: str) -> None:
        row.problems.append(SheetProblem(message, sheet, raw.row, column))

    if not username:
        problem(USERNAME, "ログインIDがありません。記入してください。")
    elif len(username) > USERNAME_MAX_LENGTH:
        problem(USERNAME, f"ログインIDは{USERNAME_MAX_LENGTH}文字以内にしてください。")
    else:
        try:
            ASCIIUsernameValidator()(username)
        except ValidationError:
            problem(
                USERNAME,
                f"ログインID「{username}」には使えない文字があります。"
                "半角の英数字と @ . + - _ だけが使えます。",
            )
    if len(display_name) > DISPLAY_NAME_MAX_LENGTH:
        problem(DISPLAY_NAME, f"氏名は{DISPLAY_NAME_MAX_LENGTH}文字以内にしてください。")
    labels = role_labels()
    by_key = {unicodedata.normalize("NFKC", label): value for label, value in labels.items()}
    role_text = cells[ROLE]
    row.role = by_key.get(unicodedata.normalize("NFKC", role_text).replace(" ", ""), "")
    if not role_text:
        problem(ROLE, f"役割がありません。{'、'.join(labels)} のどれかを書いてください。")
    elif not row.role:
        problem(
            ROLE, f"「{role_text}」という役割はありません。{'、'.join(labels)} のどれかを書いてください。"
        )
    _read_departments(row, cells[DEPARTMENTS], departments, problem)
    _read_contacts(row, cells[EMAIL], cells[EXTENSION], problem)
    _read_plans(row, cells[PLANS], plans, problem)
    return row


def _read_plans(
    row: PreviewRow, text: str, plans: dict[str, Plan], problem: Callable[[int, str], None]
) -> None:
    """The optional 担当する計画: plans of the municipality by title, for a 事務局 member only."""
    for separator in DEPARTMENT_SEPARATORS[1:]:
        text = text.replace(separator, DEPARTMENT_SEPARATORS[0])
    names = [name.strip() for name in text.split(DEPARTMENT_SEPARATORS[0]) if name.strip()]
    unknown = [name for name in names if _Departments.key(name) not in plans]
    for name in names:
        plan = plans.get(_Departments.key(name))
        if plan is not None and plan.pk not in row.plan_ids:
            row.plan_ids.append(plan.pk)
            row.plan_names.append(plan.title)
    if unknown:
        problem(
            PLANS,
            f"「{'」「'.join(unknown)}」という計画はありません。計画名は「説明」シートの一覧のとおりに書いてください。",
        )
    if names and row.role and row.role != User.Role.SECRETARIAT:
        problem(PLANS, "担当する計画は、役割が事務局の職員にだけ書きます。空欄にしてください。")


def _read_contacts(row: PreviewRow, email: str, extension: str, problem: Callable[[int, str], None]) -> None:
    """The optional メールアドレス and 内線 (used for new users only; see the module's contract)."""
    row.email = clean_typed_line(email).strip()
    row.extension = clean_typed_line(extension).strip()
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            problem(
                EMAIL,
                f"「{row.email}」はメールアドレスとして読めません。"
                "kyosei-hanako@city.example.lg.jp のように書くか、空欄にしてください。",
            )
    if len(row.extension) > EXTENSION_MAX_LENGTH:
        problem(EXTENSION, f"内線は{EXTENSION_MAX_LENGTH}文字以内にしてください。")


def _read_departments(
    row: PreviewRow, text: str, departments: _Departments, problem: Callable[[int, str], None]
) -> None:
    for separator in DEPARTMENT_SEPARATORS[1:]:
        text = text.replace(separator, DEPARTMENT_SEPARATORS[0])
    names = [name.strip() for name in text.split(DEPARTMENT_SEPARATORS[0]) if name.strip()]
    unknown = []
    for name in names:
        department = departments.find(name)
        if department is None:
            unknown.append(name)
        elif department.retired_from_year is not None:  # 組織改編: its people moved elsewhere
            problem(
                DEPARTMENTS,
                f"「{department.name}」は{fy.format_wareki(department.retired_from_year)}から廃止の担当課のため、"
                "所属にできません。統合先・分割先の担当課を書いてください。",
            )
        elif department.pk not in row.department_ids:
            row.department_ids.append(department.pk)
            row.department_names.append(department.name)
    if unknown:
        problem(
            DEPARTMENTS,
            f"「{'」「'.join(unknown)}」という担当課はありません。担当課の名称は「説明」シートの一覧のとおりに"
            "書いてください(担当課はここでは作りません。計画の担当課にないときは、先に計画に登録します)。",
        )
    if not row.role:
        return
    label = User.Role(row.role).label
    if row.role in ROLES_WITH_DEPARTMENTS and not names:
        problem(DEPARTMENTS, f"役割が「{label}」の職員には、所属を1つ以上書いてください。")
    elif row.role not in ROLES_WITH_DEPARTMENTS and names:
        problem(DEPARTMENTS, f"役割が「{label}」の職員は所属を持ちません。所属を空欄にしてください。")


def _check_duplicates(rows: list[PreviewRow], sheet: str | None) -> None:
    first_row: dict[str, int] = {}
    for row in rows:
        if not row.username:
            continue
        key = row.username.casefold()
        if key in first_row:
            row.problems.append(
                SheetProblem(
                    f"ログインID「{row.username}」は{first_row[key]}行目と同じです。1人に1つのログインIDにしてください。",
                    sheet,
                    row.row,
                    USERNAME,
                )
            )
        else:
            first_row[key] = row.row


def _compare_with_stored(rows: list[PreviewRow], sheet: str | None, municipality_id: int) -> None:
    names = [row.username for row in rows if row.username]
    stored = {
        user.username: user
        for user in User.objects.filter(username__in=names).prefetch_related(
            "departments", "secretariat_plans"
        )
    }
    for row in rows:
        user = stored.get(row.username)
        if user is None:
            continue
        if user.municipality_id != municipality_id:
            row.problems.append(
                SheetProblem(
                    f"ログインID「{row.username}」はほかの自治体の利用者がすでに使っています。別のログインIDにしてください。",
                    sheet,
                    row.row,
                    USERNAME,
                )
            )
            continue
        same = (
            user.display_name == row.display_name
            and user.role == row.role
            and {department.pk for department in user.departments.all()} == set(row.department_ids)
            and {plan.pk for plan in user.secretariat_plans.all()} == set(row.plan_ids)
        )
        if same:
            row.exists = True
        elif row.role:
            row.problems.append(
                SheetProblem(
                    f"ログインID「{row.username}」は登録済みで、氏名・役割・所属・担当する計画のどれかがこの行と違います。"
                    "この様式は新しい職員の登録だけに使います。登録済みの職員の変更は「利用者の管理」で"
                    "1人ずつ行ってください(この行を削除するか、登録済みの内容に合わせてください)。",
                    sheet,
                    row.row,
                    USERNAME,
                )
            )
