"""What the upload page shows besides the preview: the round, the department and its entries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from shinchoku.accounts.permissions import EDITABLE_ENTRY_STATES, EDITABLE_ROUND_STATES
from shinchoku.evaluations.models import Entry, Round
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
    }
