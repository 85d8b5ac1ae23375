"""Parse the text of a published progress report (進捗状況報告書) into a :class:`ParsedReport`.

The text is what PDF extraction gives for reports laid out like 北本市's 地域福祉計画 report: each
page repeats the 目標 / 施策 / 説明 headings and the rating legend, then 取組 tables of
tab-separated cells. Pages are read in order; a table that continues on the next page without
its 取組 line or header row continues the current 取組. Pure Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from shinchoku.core.fiscal_year import FiscalYearError, parse_fiscal_year
from shinchoku.core.text import collapse_whitespace, search_key
from shinchoku.ingest.report_text.decoding import check_not_binary, clean_report_text, read_report_file
from shinchoku.ingest.report_text.departments import DepartmentDirectory
from shinchoku.ingest.report_text.document import (
    LegendItem,
    ParsedPolicy,
    ParsedProject,
    ParsedReport,
    ReportFormatError,
    ReviewItem,
)
from shinchoku.ingest.report_text.headers import GoalHeading, read_goal, read_initiative, read_policy
from shinchoku.ingest.report_text.legend import (
    DEFAULT_CODES,
    LegendMark,
    PageMarks,
    build_legend,
    decide_policy_rating,
    read_legend_line,
)
from shinchoku.ingest.report_text.lines import Kind, Line, kind_of, split_lines
from shinchoku.ingest.report_text.names import wrapped_line_width
from shinchoku.ingest.report_text.projects import (
    COLUMNS,
    NAME,
    OWNERS,
    RowContext,
    build_project,
    is_continuation,
    join_cells,
)
from shinchoku.ingest.report_text.relisted import resolve_relisted
from shinchoku.ingest.report_text.structure import Structure

__all__ = ["parse_report", "read_report_file"]

_YEAR_HEADER = re.compile(r"(?P<year>\S+?年度)の進捗状況")
# A row needs at least this many cells to be read as a 事業 row rather than stray text.
_MIN_ROW_CELLS = 4


class _Region(Enum):
    HEADING = "heading"  # after 目標 / 施策, before the legend
    LEGEND = "legend"
    TABLE = "table"


def _fiscal_year(lines: list[tuple[Line, Kind]], file_name: str | None) -> tuple[int, list[ReviewItem]]:
    years: list[tuple[int, int, str]] = []
    for line, kind in lines:
        if kind is not Kind.TABLE_HEADER:
            continue
        for cell in line.cells:
            if match := _YEAR_HEADER.search(re.sub(r"\s+", "", cell)):
                try:
                    years.append((parse_fiscal_year(match.group("year")), line.number, cell.strip()))
                except FiscalYearError as error:
                    raise ReportFormatError(str(error), line=line.number, file_name=file_name) from error
    if not years:
        first = next((line.number for line, kind in lines if kind is Kind.TABLE_HEADER), 1)
        raise ReportFormatError(
            "表の見出しに「令和5年度の進捗状況」のような年度の見出しがなく、年度が分かりません。",
            line=first,
            file_name=file_name,
        )
    year = years[0][0]
    review = [
        ReviewItem(
            "fiscal_year", number, f"この見出しの年度が{year}年度と異なります。年度を確認してください。", raw
        )
        for other, number, raw in years
        if other != year
    ]
    return year, review


@dataclass
class _Reader:
    """The page-by-page state of one parse."""

    directory: DepartmentDirectory
    legend: list[LegendItem]
    name_width: int | None
    structure: Structure = field(default_factory=Structure)
    projects: list[ParsedProject] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    pages: dict[str, list[PageMarks]] = field(default_factory=dict)
    cells: dict[int, list[str]] = field(default_factory=dict)  # raw cells of each project, by seq
    region: _Region = _Region.TABLE
    goal: tuple[GoalHeading, int] | None = None
    goal_number: int | None = None
    policy: ParsedPolicy | None = None
    initiative: int | None = None
    marks: list[LegendMark] = field(default_factory=list)
    page_line: int = 0
    page_has_table_heading: bool = False

    @property
    def codes(self) -> list[str]:
        return [item.code for item in self.legend] or list(DEFAULT_CODES)

    def end_page(self) -> None:
        if self.policy is not None and self.marks:
            page = PageMarks(self.page_line, self.marks, self.legend)
            self.pages.setdefault(self.policy.code, []).append(page)
        self.marks = []

    def read(self, line: Line, kind: Kind) -> None:
        if kind is Kind.BLANK or kind is Kind.SEPARATOR:
            return
        if kind is Kind.GOAL:
            self.end_page()
            self.goal, self.region = (read_goal(line), line.number), _Region.HEADING
        elif kind is Kind.POLICY:
            self.start_page(line)
        elif kind is Kind.LEGEND and self.region is not _Region.TABLE:
            mark = read_legend_line(line, len(self.marks))
            if mark is not None:
                self.marks.append(mark)
            self.region = _Region.LEGEND
        elif (
            self.region is _Region.HEADING
            and kind in (Kind.ROW, Kind.TEXT)
            and len(line.filled) <= 2
            and self.policy is not None
        ):
            if not self.policy.description:
                self.policy.description = collapse_whitespace(line.body if len(line.cells) > 1 else line.text)
        elif kind is Kind.INITIATIVE:
            self.check_policy_heading(line)
            self.read_initiative(line)
        elif kind is Kind.TABLE_HEADER:
            self.region, self.page_has_table_heading = _Region.TABLE, True
        elif kind is Kind.ROW and len(line.cells) >= _MIN_ROW_CELLS:
            self.check_policy_heading(line)
            self.region = _Region.TABLE
            self.read_row(line)
        else:
            self.review.append(
                ReviewItem(
                    "line",
                    line.number,
                    "表の外にある行を読み飛ばしました。内容を確認してください。",
                    line.text.strip(),
                )
            )

    def start_page(self, line: Line) -> None:
        self.end_page()
        goal, goal_line = self.goal if self.goal is not None else (None, None)
        previous = self.policy
        self.policy = self.structure.enter_page(
            goal, goal_line, read_policy(line), line.number, line.text.strip(), self.goal_number
        )
        self.goal_number = self.policy.goal
        if previous is None or previous.code != self.policy.code:
            self.initiative = None
        self.goal, self.region, self.page_line = None, _Region.HEADING, line.number
        self.page_has_table_heading = False

    def check_policy_heading(self, line: Line) -> None:
        """A goal heading not followed by a policy heading: the page's 施策 line was lost."""
        if self.goal is None or self.policy is None:
            return
        message = (
            f"目標の見出しの後に施策の見出しがありません。施策{self.policy.code}の続きとして読みました。"
            "施策を確認してください。"
        )
        self.review.append(ReviewItem("code", line.number, message, line.text.strip()))
        self.goal = None

    def read_initiative(self, line: Line) -> None:
        self.region, self.page_has_table_heading = _Region.TABLE, True
        if self.policy is None:
            self.review.append(
                ReviewItem(
                    "line", line.number, "施策の見出しより前にある取組を読み飛ばしました。", line.text.strip()
                )
            )
            return
        self.initiative = self.structure.add_initiative(
            self.policy, read_initiative(line), line.number, self.initiative
        )

    def read_row(self, line: Line) -> None:
        if self.policy is None:
            self.review.append(
                ReviewItem(
                    "line",
                    line.number,
                    "施策の見出しより前にある表の行を読み飛ばしました。",
                    line.text.strip(),
                )
            )
            return
        cells = line.cells
        previous = self.projects[-1] if self.projects else None
        if (
            not self.page_has_table_heading
            and len(cells) >= COLUMNS
            and is_continuation(cells)
            and previous is not None
            and previous.policy == self.policy.code
        ):
            # The page broke inside a row: its cells continue the previous project's cells.
            joined = join_cells(self.cells[previous.seq], cells[:COLUMNS])
            self.projects[-1] = self._build(joined, previous.line, previous.seq, previous.initiative)
            self.cells[previous.seq] = joined
            return
        guessed = self.initiative is None
        if self.initiative is None:
            self.initiative = self.structure.placeholder_initiative(self.policy, line.number)
        project = self._build(cells, line.number, len(self.projects) + 1, self.initiative)
        if guessed:
            message = (
                f"取組の見出しがないため、この施策の取組{self.initiative}の事業として読みました。"
                "確認してください。"
            )
            project.needs_review.append(ReviewItem("initiative", line.number, message))
        self.projects.append(project)
        self.cells[project.seq] = list(cells[:COLUMNS]) + [""] * (COLUMNS - len(cells[:COLUMNS]))

    def _build(self, cells: list[str], line: int, seq: int, initiative: int) -> ParsedProject:
        assert self.policy is not None
        context = RowContext(
            seq=seq,
            policy=self.policy.code,
            initiative=initiative,
            codes=self.codes,
            directory=self.directory,
            legend_definitions=frozenset(search_key(item.definition) for item in self.legend),
            name_width=self.name_width,
        )
        return build_project(cells, line, context)


def _legend_blocks(lines: list[tuple[Line, Kind]]) -> list[list[LegendMark]]:
    """The legend lines of each page: runs of consecutive legend lines."""
    blocks: list[list[LegendMark]] = []
    run: list[LegendMark] = []
    for line, kind in lines:
        mark = read_legend_line(line, len(run)) if kind is Kind.LEGEND else None
        if mark is not None:
            run.append(mark)
        elif run:
            blocks.append(run)
            run = []
    return [*blocks, run] if run else blocks


def _refuse_unreadable(text: str, lines: list[tuple[Line, Kind]], file_name: str | None) -> None:
    if not text.strip():
        raise ReportFormatError("ファイルが空です。", line=1, file_name=file_name)
    if not any(kind is Kind.POLICY for _, kind in lines):
        first = next(line.number for line, kind in lines if kind is not Kind.BLANK)
        raise ReportFormatError(
            "「施策」の見出し行が見つかりません。進捗状況報告書をタブ区切りのテキストにしたファイルではないようです。",
            line=first,
            file_name=file_name,
        )


def parse_report(text: str, *, file_name: str | None = None) -> ParsedReport:
    """Read the whole report. Raises :class:`ReportFormatError` (Japanese, naming the line) only
    when the text is not such a report at all; every doubtful reading inside a readable report
    becomes a :class:`ReviewItem` instead."""
    text = text.removeprefix("\ufeff")
    check_not_binary(text, file_name)
    text = clean_report_text(text)
    lines = [(line, kind_of(line)) for line in split_lines(text)]
    _refuse_unreadable(text, lines, file_name)
    fiscal_year, year_review = _fiscal_year(lines, file_name)
    legend = build_legend(_legend_blocks(lines))
    rows = [line.cells for line, kind in lines if kind is Kind.ROW and len(line.cells) >= COLUMNS]
    directory = DepartmentDirectory.from_owner_cells(cells[OWNERS] for cells in rows)
    reader = _Reader(directory, legend, wrapped_line_width(cells[NAME] for cells in rows))
    reader.review += year_review
    if not legend:
        reader.review.append(
            ReviewItem("legend", 1, "評価の凡例(A・B・C の説明)が見つかりません。A・B・C として読みました。")
        )
    for line, kind in lines:
        reader.read(line, kind)
    reader.end_page()
    if not reader.projects:
        raise ReportFormatError(
            "事業の行(タブ区切りの表)が一つもありません。進捗状況報告書のテキストか確認してください。",
            line=next(line.number for line, kind in lines if kind is Kind.POLICY),
            file_name=file_name,
        )
    structure = reader.structure
    initiatives = structure.initiatives()
    for code, policy in structure.policies.items():
        policy.rating, review = decide_policy_rating(reader.pages.get(code, []), policy.line)
        policy.needs_review += review
    resolve_relisted(reader.projects)
    return ParsedReport(
        fiscal_year=fiscal_year,
        legend=legend,
        goals=sorted(structure.goals.values(), key=lambda goal: goal.number),
        policies=list(structure.policies.values()),
        initiatives=initiatives,
        projects=reader.projects,
        needs_review=structure.review + reader.review,
    )
