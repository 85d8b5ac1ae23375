"""What the upload page shows besides the preview: the round, the department and its entries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from shinchoku.accounts.permissions import EDITABLE_ENTRY_STATES, EDITABLE_ROUND_STATES
from shinchoku.evaluations.models import Entry, Round
from shinchoku.ingest.workbook.limits import LIMITS_TEXT, PREVIEW_PAGE_SIZE
from shinchoku.ingest.workbook.preview import ActualChange, RowChange, RowConflict, WorkbookPreview
from shinchoku.ingest.workbook.problems import Problem
from shinchoku.plans.models import Department


def upload_page_context(round_: Round, department: Department) -> dict[str, Any]:
    """The page's context: ``round``, ``plan``, ``department``, whether the round accepts entries
    (``accepting``) and how many of the department's entries there are and are open to editing."""
    counts = Entry.objects.filter(round=round_, department=department).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(status__in=EDITABLE_ENTRY_STATES))
    )
    return {
        "round": round_,
        "plan": round_.plan,
        "department": department,
        "accepting": round_.state in EDITABLE_ROUND_STATES,
        "entry_count": counts["total"],
        "open_count": counts["open"],
        "limits": LIMITS_TEXT,
        "page_size": PREVIEW_PAGE_SIZE,
    }


@dataclass(frozen=True)
class PreviewPage:
    """One page of a preview: at most :data:`PREVIEW_PAGE_SIZE` problems, conflicts and changes
    each (the page's share of every list), so that no page grows with the file."""

    number: int
    count: int
    problems: list[Problem]
    conflicts: list[RowConflict]
    changes: list[RowChange]
    actual_changes: list[ActualChange]


def preview_page(preview: WorkbookPreview, requested: str | None) -> PreviewPage:
    """The page ``requested`` (a query-string value; the first page when it is not a page number)."""
    lists = (preview.problems, preview.conflicts, preview.changes, preview.actual_changes)
    longest = max(len(items) for items in lists)
    count = max(1, math.ceil(longest / PREVIEW_PAGE_SIZE))
    number = int(requested) if requested and requested.isascii() and requested.isdigit() else 1
    number = number if 1 <= number <= count else 1
    window = slice((number - 1) * PREVIEW_PAGE_SIZE, number * PREVIEW_PAGE_SIZE)
    return PreviewPage(number, count, *(items[window] for items in lists))  # type: ignore[arg-type]
