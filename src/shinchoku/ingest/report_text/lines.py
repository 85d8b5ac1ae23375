"""Lines of the extracted text, their tab-separated cells, and what kind of line each one is.

Line numbers are 1-based and count ``\\n`` (or ``\\r\\n``) line ends only, so they match what an
editor shows; Unicode line separators inside a cell do not start a new line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from shinchoku.core.text import circled_number

_LINE_END = re.compile(r"\r\n|\r|\n")
_WHITESPACE = re.compile(r"\s+")
_LEGEND = re.compile(r"^\s*[-‐]\s*\S+\s+\S")
_DASHES = re.compile(r"^[-‐ー―]+$")
_GOAL_TEXT = re.compile(r"^目\s*標")
_POLICY_TEXT = re.compile(r"^\S{0,2}策\s*\S?\s*[-‐－ー−―]")


class Kind(StrEnum):
    BLANK = "blank"
    GOAL = "goal"  # 目標 <tab> 目標1 title
    POLICY = "policy"  # 施策 <tab> 施策1-1 title
    LEGEND = "legend"  # - **B** definition
    INITIATIVE = "initiative"  # 取組 <tab> ① title
    TABLE_HEADER = "table_header"  # 事業名 <tab> 事業内容 …
    SEPARATOR = "separator"  # a row of dashes
    ROW = "row"  # any other line with tab-separated cells
    TEXT = "text"  # a line without tabs that is none of the above


@dataclass(frozen=True)
class Line:
    number: int
    text: str

    @property
    def cells(self) -> list[str]:
        return self.text.split("\t")

    @property
    def filled(self) -> list[str]:
        """Non-empty cells, stripped, in order."""
        return [cell.strip() for cell in self.cells if cell.strip()]

    @property
    def label(self) -> str:
        """The first cell without any whitespace ('目 標' → '目標')."""
        return _WHITESPACE.sub("", self.cells[0])

    @property
    def body(self) -> str:
        """The text after the label cell: the non-empty cells from the second on, joined by a space."""
        return " ".join(cell.strip() for cell in self.cells[1:] if cell.strip())


def split_lines(text: str) -> list[Line]:
    return [Line(number, line) for number, line in enumerate(_LINE_END.split(text), start=1)]


def kind_of(line: Line) -> Kind:
    """What a line is, judged from its own text only (page position is the parser's business)."""
    if not line.text.strip():
        return Kind.BLANK
    cells = line.cells
    filled = line.filled
    if len(cells) == 1:
        return Kind.LEGEND if _LEGEND.match(line.text) else Kind.TEXT
    if all(_DASHES.match(cell) for cell in filled):
        return Kind.SEPARATOR
    label = line.label
    second = cells[1].strip()
    few_cells = len(filled) <= 2
    if label == "目標" or (few_cells and _GOAL_TEXT.match(second)):
        return Kind.GOAL
    if label == "施策" or (few_cells and _POLICY_TEXT.match(second)):
        return Kind.POLICY
    if label == "取組" or (len(filled) <= 4 and circled_number(filled[0][:1]) is not None):
        return Kind.INITIATIVE
    stripped = [cell.strip() for cell in cells]
    if "事業名" in stripped and any("事業主体" in cell or "進捗状況" in cell for cell in stripped):
        return Kind.TABLE_HEADER
    return Kind.ROW
