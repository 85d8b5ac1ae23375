"""The layout of the staff sheet: the contract between the blank template, the reader and the
preview, and the way a message names a place in the file.

Sheet 職員 has the headers on row 1 and one user per row from row 2; sheet 説明 says how to fill
it in. The roles are written by their Japanese labels, read from :class:`User.Role` (the labels
the user form shows), never listed a second time here.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from shinchoku.accounts.models import User

SHEET = "職員"
INSTRUCTIONS_SHEET = "説明"
HEADER_ROW = 1
FIRST_DATA_ROW = 2
# Several departments in one cell: 、 as the plan workbook writes them; , and ・ are read alike.
DEPARTMENT_SEPARATORS = ("、", ",", "，", "・")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    help: str


COLUMNS: tuple[Column, ...] = (
    Column("username", "ログインID", 18, "ログインのときに入力するID。半角の英数字と @ . + - _ が使えます。"),
    Column(
        "display_name",
        "氏名",
        18,
        "画面や変更履歴に表示する名前(例: 共生 花子)。空欄ならログインIDを表示します。",
    ),
    Column("role", "役割", 16, "一覧から選びます。"),
    Column(
        "departments",
        "所属",
        40,
        "担当課(入力)・所属長(承認)の職員は、計画に登録済みの担当課の名称を書きます。"
        "複数のときは「、」で区切ります。ほかの役割では空欄にします。",
    ),
    # Optional columns, added after the first four: a sheet without them is read as before.
    Column(
        "email",
        "メールアドレス",
        30,
        "任意。督促や差戻しのお知らせをメールで受け取るアドレス(例: kyosei-hanako@city.example.lg.jp)。",
    ),
    Column("extension", "内線", 10, "任意。未提出の一覧などに連絡先として表示します。"),
    Column(
        "secretariat_plans",
        "担当する計画",
        40,
        "任意。事務局の職員が一部の計画だけを担当するとき、計画名を書きます(複数は「、」で区切ります)。"
        "空欄ならすべての計画を担当します。ほかの役割では空欄にします。",
    ),
)
HEADERS = tuple(column.header for column in COLUMNS)
OPTIONAL_HEADERS = ("メールアドレス", "内線", "担当する計画")
REQUIRED_HEADERS = tuple(header for header in HEADERS if header not in OPTIONAL_HEADERS)


def role_labels() -> dict[str, str]:
    """Each role's label (as the user form shows it) → its stored value."""
    return {str(label): str(value) for value, label in User.Role.choices}


def column_place(index: int) -> str:
    """``C列(役割)``: how a message names the ``index``-th column (0-based) of :data:`COLUMNS`."""
    return f"{get_column_letter(index + 1)}列({COLUMNS[index].header})"


@dataclass(frozen=True)
class SheetProblem:
    """A Japanese message and where it applies, e.g.
    「職員シート 5行目 C列(役割): 「管理者」は役割にありません。…」."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None  # index into COLUMNS

    @property
    def column_label(self) -> str:
        """``C列(役割)``, or "" when the problem is not about one column."""
        return column_place(self.column) if self.column is not None else ""

    @property
    def place(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"{self.sheet}シート")
        if self.row:
            parts.append(f"{self.row}行目")
        if self.column is not None:
            parts.append(column_place(self.column))
        return " ".join(parts)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class StaffSheetError(ValueError):
    """The file cannot be read as a staff sheet at all; ``problems`` says why (nothing changed)."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = problems
        super().__init__(" / ".join(str(problem) for problem in problems))
