"""What stops an uploaded workbook from being stored, each named by sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.evaluations.services import WorkflowError
from shinchoku.ingest.workbook.layout import Column


@dataclass(frozen=True)
class Problem:
    """A Japanese message and where it applies; ``str()`` reads, for example,
    「評価入力シート 12行目 K列(評価): 「D」は評価基準にありません。A・B・C から選んでください。」"""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: Column | None = None

    @property
    def place(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"{self.sheet}シート")
        if self.row:
            parts.append(f"{self.row}行目")
        if self.column:
            parts.append(self.column.place())
        return " ".join(parts)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class WorkbookFormatError(WorkflowError):
    """The file is not a workbook this system made for this round and department: nothing in it
    can be read. ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(" / ".join(str(problem) for problem in problems))
