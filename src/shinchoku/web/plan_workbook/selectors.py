"""What the plan workbook page shows: the municipality's plans and one page of a preview."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from shinchoku.core.fiscal_year import format_with_seireki
from shinchoku.evaluations.models import Round
from shinchoku.ingest.workbook.limits import LIMITS_TEXT, PREVIEW_PAGE_SIZE
from shinchoku.plans.models import Municipality, Plan
from shinchoku.plans.workbook.apply import PlanImport
from shinchoku.plans.workbook.diff import Change
from shinchoku.plans.workbook.document import Problem
from shinchoku.plans.workbook.layout import SHEETS


def page_context(municipality: Municipality) -> dict[str, Any]:
    return {
        "municipality": municipality,
        "plans": list(Plan.objects.filter(municipality=municipality).order_by("title")),
        "limits": LIMITS_TEXT,
        "page_size": PREVIEW_PAGE_SIZE,
        "sheets": SHEETS,
    }


def new_round_years(outcome: PlanImport) -> list[str]:
    """The years of the 評価 and 実績 sheets that have no round yet (the import creates them, closed)."""
    existing = (
        set(Round.objects.filter(plan=outcome.plan).values_list("fiscal_year", flat=True))
        if outcome.plan
        else set()
    )
    return [format_with_seireki(year) for year in sorted(outcome.document.fiscal_years() - existing)]


@dataclass(frozen=True)
class PreviewPage:
    """One page of a preview: at most :data:`PREVIEW_PAGE_SIZE` changes and problems each."""

    number: int
    count: int
    changes: list[Change]
    problems: list[Problem]


def preview_page(changes: list[Change], problems: list[Problem], requested: str | None) -> PreviewPage:
    """The page ``requested`` (a query-string value; the first page when it is not a page number)."""
    count = max(1, math.ceil(max(len(changes), len(problems)) / PREVIEW_PAGE_SIZE))
    number = int(requested) if requested and requested.isascii() and requested.isdigit() else 1
    number = number if 1 <= number <= count else 1
    window = slice((number - 1) * PREVIEW_PAGE_SIZE, number * PREVIEW_PAGE_SIZE)
    return PreviewPage(number, count, changes[window], problems[window])
