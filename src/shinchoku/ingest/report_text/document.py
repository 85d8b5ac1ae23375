"""What the published-report text parser produces: a faithful, repaired reading of the document.

Pure data, no Django: :mod:`.parse` builds it from text, :mod:`.commit` stores it, :mod:`.preview`
renders it as the dry-run JSON. Every repair the parser made or could not make is a
:class:`ReviewItem`, so nothing is guessed silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ReviewItem:
    """A field that was repaired or could not be read; shown to the person importing.

    ``field`` is a stable English name (``name``, ``owners``, ``rating``, ``title``, ``progress`` …),
    ``message`` a Japanese sentence saying what was done and what to check.
    """

    field: str
    line: int
    message: str
    raw: str = ""


@dataclass(frozen=True)
class TextBlock:
    """Text of one department inside a cell. ``department`` is the name in 【課名】, or None for
    text that carries no marker (it belongs to the project's lead department)."""

    department: str | None
    text: str


@dataclass(frozen=True)
class ParsedIndicator:
    """A numeric target found in target text, e.g. 'サロン開催箇所数90箇所 ※R3 62箇所'."""

    label: str
    unit: str
    target_value: Decimal
    target_year: int | None
    baseline_value: Decimal | None
    baseline_year: int | None
    direction: str  # one of shinchoku.core.indicators.Direction values
    source: str  # the text it was read from


@dataclass(frozen=True)
class LegendItem:
    """One line of the rating legend printed on each 施策 page: code and definition."""

    code: str
    definition: str


@dataclass
class ParsedGoal:
    number: int
    title: str
    line: int


@dataclass
class ParsedPolicy:
    """A 施策: ``code`` is '<goal>-<number>' (e.g. '1-3')."""

    code: str
    goal: int
    number: int
    title: str
    description: str
    rating: str | None
    line: int
    needs_review: list[ReviewItem] = field(default_factory=list)


@dataclass
class ParsedInitiative:
    """A 取組 of a policy; ``number`` is the circled number (① → 1)."""

    policy: str
    number: int
    title: str
    line: int


@dataclass
class ParsedProject:
    """A 事業 row (rows continued across pages already joined).

    ``seq`` numbers projects in document order from 1. ``name`` is the repaired name ('' when it
    cannot be read), ``name_raw`` the cell as printed. ``rating`` is the single 事業評価 letter
    (None when blank or given per department); ``ratings_by_owner`` holds per-department letters
    written in the 事業主体 cell. ``owners`` are department names in printed order, lead first.
    """

    seq: int
    policy: str
    initiative: int
    name: str
    name_raw: str
    content: str
    final_target: list[TextBlock]
    progress: list[TextBlock]
    rating: str | None
    rating_raw: str
    ratings_by_owner: dict[str, str]
    reason: list[TextBlock]
    next_year_goal: list[TextBlock]
    owners: list[str]
    relisted: bool
    line: int
    indicators: list[ParsedIndicator] = field(default_factory=list)
    needs_review: list[ReviewItem] = field(default_factory=list)
    # For a relisted project, the '<goal>-<policy>-<initiative>' its texts point to ('3-1-1' from
    # '3 - I -①の再掲'), or None when the texts name no place.
    relisted_from: str | None = None
    # For a relisted project, the ``seq`` of the project it repeats (see :mod:`.relisted`).
    original_seq: int | None = None

    @property
    def review_fields(self) -> list[str]:
        """Distinct field names needing review, in first-seen order."""
        return list(dict.fromkeys(item.field for item in self.needs_review))


@dataclass
class ParsedReport:
    """The whole document. ``fiscal_year`` is read from the '令和5年度の進捗状況' header."""

    fiscal_year: int
    legend: list[LegendItem]
    goals: list[ParsedGoal]
    policies: list[ParsedPolicy]
    initiatives: list[ParsedInitiative]
    projects: list[ParsedProject]
    needs_review: list[ReviewItem] = field(default_factory=list)

    def all_review_items(self) -> list[tuple[str, ReviewItem]]:
        """Every review item with a short Japanese label of where it belongs."""
        items = [("文書", item) for item in self.needs_review]
        items += [(f"施策{policy.code}", item) for policy in self.policies for item in policy.needs_review]
        items += [
            (f"事業「{project.name or project.name_raw or '(名称なし)'}」", item)
            for project in self.projects
            for item in project.needs_review
        ]
        return items


class ReportFormatError(Exception):
    """The file is not a report this parser can read. The message is Japanese and names the line."""

    def __init__(self, message: str, *, line: int | None = None, file_name: str | None = None) -> None:
        self.line = line
        self.file_name = file_name
        where = "".join(
            part for part in (f"{file_name} " if file_name else "", f"{line}行目: " if line else "") if part
        )
        super().__init__(f"{where}{message}")
