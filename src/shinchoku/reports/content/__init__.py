"""The content of one round's report, shared by every output format.

Public API: :func:`build_report_content` (``round_``, ``audience``) returns a
:class:`ReportContent` of frozen dataclasses holding texts, codes and numbers only (no ORM
objects), so formats can render it, hash it for caching and never query the database again.
"""

from shinchoku.reports.content.assemble import ReportContentError, build_report_content
from shinchoku.reports.content.model import (
    CHANGE_LABELS,
    CellText,
    ChangeKind,
    Comparison,
    DepartmentRating,
    IndicatorLine,
    InitiativeSection,
    LegendEntry,
    NodeHeading,
    Opinion,
    PolicyPart,
    ProjectRow,
    RatingChange,
    ReportContent,
    Summary,
    TallyRow,
    TallyTable,
)

__all__ = [
    "CHANGE_LABELS",
    "CellText",
    "ChangeKind",
    "Comparison",
    "DepartmentRating",
    "IndicatorLine",
    "InitiativeSection",
    "LegendEntry",
    "NodeHeading",
    "Opinion",
    "PolicyPart",
    "ProjectRow",
    "RatingChange",
    "ReportContent",
    "ReportContentError",
    "Summary",
    "TallyRow",
    "TallyTable",
    "build_report_content",
]
