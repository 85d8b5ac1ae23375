"""The 未提出 list of a round: every entry not yet submitted (下書き, 差戻し), with its department,
the people in charge and how to reach them, overdue ones flagged.

One fixed set of queries whatever the size of the round; who may read it is decided by the views.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.selectors.contacts import Contact, contact_of, department_editors
from shinchoku.web.rounds.selectors import OWED, is_past_deadline


@dataclass(frozen=True)
class UnsubmittedRow:
    entry: Entry
    is_overdue: bool
    contact: Contact
    last_saved_by: str  # who saved the entry last ('' when nobody has yet)


@dataclass(frozen=True)
class UnsubmittedList:
    round: Round
    rows: list[UnsubmittedRow]
    past_deadline: bool

    @property
    def departments(self) -> int:
        return len({row.entry.department_id for row in self.rows})


def unsubmitted_list(round_: Round, today: date | None = None) -> UnsubmittedList:
    """The round's entries still owed by their departments, by department then project code."""
    late = is_past_deadline(round_, today)
    entries = list(
        Entry.objects.filter(round=round_, status__in=OWED)
        .select_related("project", "department", "updated_by")
        .order_by("department__position", "department__name", "project__code", "pk")
    )
    departments = {entry.department_id: entry.department for entry in entries}
    editors = department_editors(departments.values())
    contacts = {pk: contact_of(department, editors[pk]) for pk, department in departments.items()}
    rows = [
        UnsubmittedRow(
            entry, late, contacts[entry.department_id], str(entry.updated_by) if entry.updated_by else ""
        )
        for entry in entries
    ]
    return UnsubmittedList(round_, rows, late)
