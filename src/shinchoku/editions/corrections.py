"""Reading the corrections (正誤) of a round: what every output marks as corrected, and when.

One query per round, none for a round that is not published (only a published year can be
corrected). A row of a report or of the open data is marked with the date of the latest
correction of anything it shows: its entry, its project's name or description, its department's
name. Dates are those of Japan (the 正誤表 prints 令和8年12月5日).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from shinchoku.core import fiscal_year as fy
from shinchoku.editions.models import Correction
from shinchoku.editions.structure import published_data
from shinchoku.evaluations.models import Entry, Round


@dataclass(frozen=True)
class RoundCorrections:
    """The corrections of one round, oldest first, and the latest date of each corrected item."""

    rows: list[Correction] = field(default_factory=list)
    _latest: dict[tuple[str, int], date] = field(default_factory=dict)
    # project id → the latest correction of its name, description or any of its entries.
    _projects: dict[int, date] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.rows or self._latest)

    def on(self, kind: str, target_id: int | None) -> date | None:
        """The date ``kind`` ``target_id`` (an entry, a node, a department) was last corrected."""
        return None if target_id is None else self._latest.get((kind, target_id))

    def of_project(self, project_id: int) -> date | None:
        """The latest correction of a project's name, description or entries (the page's mark)."""
        return self._projects.get(project_id)

    def of_row(self, entry_id: int | None, project_id: int, department_id: int | None) -> date | None:
        """The latest correction of anything a row (entry × project × department) shows."""
        found = [
            self.on(Correction.Kind.ENTRY, entry_id),
            self.on(Correction.Kind.NODE, project_id),
            self.on(Correction.Kind.DEPARTMENT, department_id),
        ]
        dates = [day for day in found if day is not None]
        return max(dates) if dates else None


def corrections_of(round_: Round | None) -> RoundCorrections:
    """The corrections of ``round_`` (none for a round that is not published): one query."""
    if round_ is None or not round_.is_published:
        return RoundCorrections()
    return corrections_of_rounds([round_]).get(round_.pk, RoundCorrections())


def corrections_of_rounds(rounds: Iterable[Round]) -> dict[int, RoundCorrections]:
    """The corrections of each published round of ``rounds``, by round id: one query (none when
    no round is published)."""
    published = [round_.pk for round_ in rounds if round_.is_published]
    if not published:
        return {}
    entry_project = Entry.objects.filter(pk=OuterRef("target_id")).values("project_id")
    found = (
        Correction.objects.filter(round_id__in=published)
        .annotate(entry_project=Subquery(entry_project))
        .order_by("corrected_at", "pk")
    )
    by_round: dict[int, list[Correction]] = defaultdict(list)
    for row in found:
        by_round[row.round_id].append(row)
    return {round_id: _collect(rows) for round_id, rows in by_round.items()}


def _collect(rows: list[Correction]) -> RoundCorrections:
    latest: dict[tuple[str, int], date] = {}
    projects: dict[int, date] = {}
    for row in rows:
        day = latest[row.kind, row.target_id] = corrected_on(row)
        project = row.entry_project if row.kind == Correction.Kind.ENTRY else None  # type: ignore[attr-defined]
        if row.kind == Correction.Kind.NODE:
            project = row.target_id
        if project is not None:
            projects[project] = day
    return RoundCorrections(rows, latest, projects)


def marks_of(round_: Round | None) -> RoundCorrections:
    """What a page marks as corrected in ``round_``, read from its snapshot (which the page loads
    anyway: no query of its own); without the rows of the 正誤表 (see :func:`corrections_of`)."""
    marks = (published_data(round_) or {}).get("marks", {})
    latest: dict[tuple[str, int], date] = {}
    for group, kind in (("entries", "entry"), ("nodes", "node"), ("departments", "department")):
        for target_id, day in marks.get(group, {}).items():
            latest[kind, int(target_id)] = date.fromisoformat(day)
    projects = {int(pk): date.fromisoformat(day) for pk, day in marks.get("projects", {}).items()}
    return RoundCorrections([], latest, projects)


def corrected_on(correction: Correction) -> date:
    """The day (in Japan) a correction was made."""
    return timezone.localtime(correction.corrected_at).date()


def correction_mark(day: date) -> str:
    """The mark printed on a corrected item: 「訂正(令和8年12月5日)」."""
    return f"訂正({fy.format_date_wareki(day)})"
