"""What a plan workbook holds, as plain values: the same shape whether read from a file or taken
from the database, so that comparing the two is comparing values (see :mod:`.diff`).

Rows compare by their values only; ``line`` (the sheet row they were read from, 0 when taken
from the database) is kept for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from shinchoku.evaluations.services import WorkflowError
from shinchoku.plans.workbook.layout import PLAN_SHEET, VALUE_HEADER, Place


@dataclass(frozen=True)
class Problem:
    """A Japanese message and its place; ``str()`` reads 「体系」シート 12行目 D列(階層): ……"""

    place: Place
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "sheet": self.place.sheet,
            "row": self.place.row,
            "column": self.place.header,
            "message": self.message,
            "text": str(self),
        }


class PlanWorkbookError(WorkflowError):
    """The workbook cannot be imported; ``problems`` lists every reason found, nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class PlanSettings:
    municipality_name: str
    municipality_code: str
    title: str
    first_fiscal_year: int
    last_fiscal_year: int
    level_labels: tuple[str, ...]
    evaluation_level: int
    multi_department_rule: str
    achievement_formula: str | None  # None: the row is absent, keep the plan's (or the default)
    requires_department_approval: bool | None  # None: likewise
    # The 計画 sheet row of each item read from a file, for the places of problems.
    item_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def place(self, item: str) -> Place:
        return Place(PLAN_SHEET, self.item_lines.get(item), 2, VALUE_HEADER)


@dataclass(frozen=True)
class CodeRow:
    code: str
    label: str
    definition: str
    is_rating: bool
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class DepartmentRow:
    name: str
    kind: str  # Department.Kind value
    line: int = field(default=0, compare=False)
    # None: the sheet has no such column, and the stored value stays.
    email: str | None = None
    extension: str | None = None
    # The latest rename (組織改編): the name before ``renamed_from`` (a fiscal year); "" and None
    # when there is none, None for both when the sheet has no such columns.
    previous_name: str | None = None
    renamed_from: int | None = None


@dataclass(frozen=True)
class NodeRow:
    code: str
    parent_code: str  # "" for a node of the first level
    level: int
    title: str
    description: str
    owners: tuple[str, ...]  # department names, the lead first
    final_target: str
    listing_of: str  # the 番号 of the project this row cross-lists, or ""
    line: int = field(default=0, compare=False)
    # 開始年度 and 終了年度 (None: the plan's first or last year); the pair is None when the sheet
    # has neither column, and the stored years stay.
    span: tuple[int | None, int | None] | None = None
    # 前期計画の事業 as 「計画名 番号」 ("" none); None when the sheet has no such column.
    continues: str | None = None
    shared_from: str = ""  # 共通事業: 「<計画名> <番号>」 of another plan's project, or ""


@dataclass(frozen=True)
class IndicatorRow:
    project_code: str
    label: str
    unit: str
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None
    direction: str  # Direction value
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.project_code, self.label)


@dataclass(frozen=True)
class EvaluationRow:
    fiscal_year: int
    project_code: str
    department: str
    progress: str
    rating: str  # a code of the scale, or "" (未評価)
    reason: str
    next_year_goal: str
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.fiscal_year, self.project_code, self.department)


@dataclass(frozen=True)
class ValueRow:
    project_code: str
    label: str
    fiscal_year: int
    value: Decimal
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.project_code, self.label, self.fiscal_year)


@dataclass(frozen=True)
class TargetRow:
    """An interim target (中間目標) of an indicator for one year."""

    project_code: str
    label: str
    fiscal_year: int
    value: Decimal
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.project_code, self.label, self.fiscal_year)


@dataclass
class PlanDocument:
    """A whole plan. ``evaluations`` / ``values`` are None when the optional sheet is absent (the
    plan's evaluations and values are then left as they are)."""

    settings: PlanSettings
    codes: list[CodeRow]
    departments: list[DepartmentRow]
    nodes: list[NodeRow]
    indicators: list[IndicatorRow]
    evaluations: list[EvaluationRow] | None = None
    values: list[ValueRow] | None = None
    # None: the 年度別目標 sheet is absent, the interim targets are left as they are.
    targets: list[TargetRow] | None = None
    # Each sheet's columns by header as found in the file (1-based), for the places of problems.
    columns: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def project_level(self) -> int:
        return len(self.settings.level_labels) - 1

    def fiscal_years(self) -> set[int]:
        """The years the optional sheets name: each becomes a closed round."""
        years = {row.fiscal_year for row in self.evaluations or []}
        return years | {row.fiscal_year for row in self.values or []}
