"""The report's content as plain, frozen values: what every output format renders.

Nothing here refers to the ORM: texts, codes and numbers only, so formats can render, hash and
cache the content without touching the database. Ratings are codes (``"A"``) or None for
unrated; unrated is always shown as such, never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

ChangeKind = Literal["rose", "fell", "same", "new", "ended"]

CHANGE_LABELS: dict[ChangeKind, str] = {
    "rose": "上昇",
    "fell": "低下",
    "same": "変化なし",
    "new": "今年度から評価",
    "ended": "今年度は評価なし",
}


@dataclass(frozen=True)
class NodeHeading:
    """A plan node as a heading: ``level_label`` (the plan's name of its level), ``code`` 1-1, ``title``."""

    level_label: str
    code: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


@dataclass(frozen=True)
class LegendEntry:
    """One code of the rating scale; ``is_current`` marks the rating of the node it is shown for."""

    code: str
    definition: str
    is_rating: bool = True
    is_current: bool = False


@dataclass(frozen=True)
class CellText:
    """One text of a table cell; ``department`` names it under 【課名】 when a cell has several."""

    department: str | None
    text: str


@dataclass(frozen=True)
class DepartmentRating:
    department: str
    rating: str | None


@dataclass(frozen=True)
class ProjectRow:
    """One project (事業) as a row of the eight-column table.

    A cross-listing (再掲) has ``cross_listing_of`` set and no texts or rating of its own. A
    shared project (共通事業) carries the other plan's entry, and ``shared_note`` names that plan.
    """

    code: str
    title: str
    description: str
    owners: tuple[str, ...]
    rating: str | None
    department_ratings: tuple[DepartmentRating, ...]
    final_target: tuple[CellText, ...]
    progress: tuple[CellText, ...]
    reason: tuple[CellText, ...]
    next_year_goal: tuple[CellText, ...]
    cross_listing_of: NodeHeading | None = None
    # 共通事業: 「共通事業(計画名 番号)」 when the project shows another plan's project ('' else).
    shared_note: str = ""
    corrected: str = ""  # 「訂正(令和8年12月5日)」 when corrected after publication (正誤)


@dataclass(frozen=True)
class InitiativeSection:
    """The projects of one node below the evaluated node (取組 …); ``initiative`` None for
    projects hung directly under the evaluated node."""

    initiative: NodeHeading | None
    rows: tuple[ProjectRow, ...]
    path: tuple[NodeHeading, ...] = ()  # the nodes between the evaluated node and ``initiative``


@dataclass(frozen=True)
class Opinion:
    """A committee opinion on ``subject`` and the city's response (委員意見と市の考え方)."""

    subject: NodeHeading
    opinion: str
    response: str


@dataclass(frozen=True)
class PolicyPart:
    """One node of the plan's evaluation level (施策 …) as laid out in the published report:
    header, legend, tables, opinions.

    ``anchor`` is a stable id for links and contents; ``evaluation_rule`` (how the rating was
    produced) is given to the staff audience only.
    """

    anchor: str
    node: NodeHeading
    ancestors: tuple[NodeHeading, ...]
    description: str
    rating: str | None
    legend: tuple[LegendEntry, ...]
    evaluation_comment: str
    evaluation_rule: str
    sections: tuple[InitiativeSection, ...]
    opinions: tuple[Opinion, ...]

    @property
    def goal(self) -> NodeHeading | None:
        """The top-level node the policy belongs to (None when the policy is itself top-level)."""
        return self.ancestors[0] if self.ancestors else None

    @property
    def project_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)


@dataclass(frozen=True)
class TallyRow:
    """Counts per code (in ``TallyTable.codes`` order: the rating codes, then each non-rating
    code), the unrated (no code at all) apart."""

    label: str
    counts: tuple[int, ...]
    unrated: int

    @property
    def total(self) -> int:
        return sum(self.counts) + self.unrated


@dataclass(frozen=True)
class TallyTable:
    """Rating counts grouped one way (by the top level, the evaluation level or department), with
    a total row; ``codes`` are every code of the scale, the rating codes first."""

    title: str
    group_label: str
    codes: tuple[str, ...]
    rows: tuple[TallyRow, ...]
    total: TallyRow


@dataclass(frozen=True)
class RatingChange:
    project: NodeHeading
    previous: str | None
    current: str | None
    kind: ChangeKind
    # Why a project is new or gone when its years say so (「令和7年度から開始」「終了(令和6年度まで)」).
    reason: str = ""

    @property
    def kind_label(self) -> str:
        return self.reason or CHANGE_LABELS[self.kind]


@dataclass(frozen=True)
class Comparison:
    """Project ratings against the previous visible year: counts per kind, and every change."""

    previous_year_label: str
    counts: tuple[tuple[ChangeKind, int], ...]
    changes: tuple[RatingChange, ...]

    def count_labels(self) -> tuple[tuple[str, int], ...]:
        return tuple((CHANGE_LABELS[kind], count) for kind, count in self.counts)


@dataclass(frozen=True)
class IndicatorLine:
    """An indicator with its baseline, target and this year's actual; ``achievement`` is a
    fraction (1 = target reached) or None when it cannot be defined or nothing was reported."""

    node: NodeHeading
    label: str
    unit: str
    direction_label: str
    baseline: Decimal | None
    baseline_year_label: str
    target: Decimal | None
    target_year_label: str
    actual: Decimal | None
    achievement: Decimal | None


@dataclass(frozen=True)
class CorrectionLine:
    """One line of the 正誤表: a correction of the published year (date as 令和8年12月5日)."""

    date_label: str
    place: str
    previous: str
    corrected: str
    reason: str


@dataclass(frozen=True)
class Summary:
    tallies: tuple[TallyTable, ...]
    comparison: Comparison | None
    indicators: tuple[IndicatorLine, ...]
    tally_note: str = ""  # what the tallies count and leave apart, printed above them
    achievement_formula: str = ""  # the plan's formula of every rate, printed beside the indicators


@dataclass(frozen=True)
class ReportContent:
    """Everything one round's report shows, for one audience.

    ``year_label`` is 令和5年度(2023年度); ``short_year_label`` 令和5年度. ``draft_notice`` is a
    Japanese sentence when the round is not yet published (staff audience only), else None.
    ``level_labels`` are the plan's names of its levels, root first; ``policies`` are the nodes at
    ``evaluation_level``. Formats name levels from these, never by themselves.
    """

    municipality: str
    municipality_code: str
    plan_title: str
    period_label: str
    level_labels: tuple[str, ...]
    evaluation_level: int
    fiscal_year: int
    year_label: str
    short_year_label: str
    next_year_label: str
    audience: Literal["public", "staff"]
    draft_notice: str | None
    scale: tuple[LegendEntry, ...]
    summary: Summary
    policies: tuple[PolicyPart, ...]
    corrections: tuple[CorrectionLine, ...] = ()  # the 正誤表 of a published year, oldest first

    @property
    def title(self) -> str:
        return f"{self.plan_title} {self.short_year_label} 進捗状況報告書"

    @property
    def evaluation_label(self) -> str:
        """The plan's name of its evaluation level (施策, 基本方針 …)."""
        return self.level_labels[self.evaluation_level]

    @property
    def project_label(self) -> str:
        """The plan's name of its projects, the last level."""
        return self.level_labels[-1]

    @property
    def section_label(self) -> str | None:
        """The names of the levels between the evaluation level and the projects (取組 …), joined;
        None when the projects hang directly under the evaluated nodes."""
        between = self.level_labels[self.evaluation_level + 1 : -1]
        return "・".join(between) if between else None
