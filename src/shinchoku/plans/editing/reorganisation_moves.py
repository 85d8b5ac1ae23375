"""What a reorganisation (組織改編) moves, worked out before anything is written: the projects a
department owns from the change's fiscal year, its members, and the entries of the years not yet
published. The editor shows it as the preview; the service recomputes it inside its transaction,
refuses the change when it differs from what the preview showed (see :func:`Moves.described`),
and applies it.

Rules decided here (see the README's 組織改編):
- A reorganisation takes effect from a fiscal year; the years before it keep the departments and
  names they had. A year already published in which a department has entries cannot be changed
  by it: the change's year must be later (a published year is corrected by 訂正 instead).
- Projects ended before that year stay with their old department (their history is its); those
  active in that year or later move.
- Entries of unpublished rounds of that year or later: a department's empty draft moves with its
  project (or is dropped when the new department already has the project's entry); an entry
  with content is refused, naming it, because the text was written by the old department: submit
  it first and reorganise from the next year, or clear it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from shinchoku.accounts.models import User
from shinchoku.core import fiscal_year as fy
from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.editing.base import PlanEditError, fingerprint
from shinchoku.plans.models import Department, Plan, PlanNode, ProjectOwner

# How many named items a refusal lists before it says "ほか N 件".
NAMED = 5


@dataclass
class Moves:
    """The changes of one reorganisation, each row naming its target department by name (a new
    department does not exist before the change is applied)."""

    from_year: int
    ownerships: list[tuple[ProjectOwner, str]] = field(default_factory=list)
    entries: list[tuple[Entry, str]] = field(default_factory=list)
    members: list[tuple[User, Department, str]] = field(default_factory=list)

    def described(self) -> dict[str, Any]:
        """What the preview showed, as stored values: the fingerprint the commit is checked against."""
        return {
            "from_year": self.from_year,
            "ownerships": sorted(
                (owner.pk, owner.department_id, owner.position, target) for owner, target in self.ownerships
            ),
            "entries": sorted(
                (entry.pk, entry.department_id, entry.version, target) for entry, target in self.entries
            ),
            "members": sorted((user.pk, source.pk, target) for user, source, target in self.members),
        }

    @property
    def version(self) -> str:
        return fingerprint(self.described())

    def project_rows(self) -> list[dict[str, str]]:
        """The preview's projects: plan, number, title, from, to."""
        return [
            {
                "plan": owner.project.plan.title,
                "code": owner.project.code,
                "title": owner.project.display_title,
                "source": owner.department.name,
                "target": target,
                "lead": "主担当" if owner.position == 0 else "",
            }
            for owner, target in self.ownerships
        ]

    def member_rows(self) -> list[dict[str, str]]:
        return [
            {"name": str(user), "username": user.username, "source": source.name, "target": target}
            for user, source, target in self.members
        ]

    def entry_rows(self) -> list[dict[str, str]]:
        return [
            {
                "plan": entry.round.plan.title,
                "year": fy.format_with_seireki(entry.round.fiscal_year),
                "code": entry.project.code,
                "title": entry.project.display_title,
                "source": entry.department.name,
                "target": target,
            }
            for entry, target in self.entries
        ]


def year_label(fiscal_year: int) -> str:
    return fy.format_with_seireki(fiscal_year)


def check_year(fiscal_year: int) -> int:
    if not 1989 <= fiscal_year <= 2200:
        raise PlanEditError("変更年度は西暦 1989〜2200 の年度にしてください(例: 2025)。", "from_year")
    return fiscal_year


def check_active(departments: Iterable[Department], from_year: int) -> None:
    """Refuse a department already retired in ``from_year``."""
    for department in departments:
        if not department.is_active_in(from_year):
            retired = year_label(department.retired_from_year or from_year)
            raise PlanEditError(
                f"「{department.name}」は{retired}から廃止されています。廃止前の年度を選ぶか、別の担当課を選んでください。",
                "from_year",
            )


def check_not_published(departments: Sequence[Department], from_year: int) -> None:
    """Refuse a change from ``from_year`` when one of ``departments`` has entries in a published
    round of that year or later: what was published keeps the departments it showed."""
    published = (
        Round.objects.filter(
            state=Round.State.PUBLISHED,
            fiscal_year__gte=from_year,
            entries__department__in=[department.pk for department in departments],
        )
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    if published is not None:
        raise PlanEditError(
            f"{year_label(published)}の評価はすでに公表され、いまの担当課で載っています。"
            f"変更年度は{year_label(published + 1)}以降にしてください"
            "(公表済みの年度の表記は、訂正で直します)。",
            "from_year",
        )


def active_ownerships(department: Department, from_year: int) -> list[ProjectOwner]:
    """``department``'s ownerships of projects evaluated in ``from_year`` or later, in plan order."""
    still = Q(project__last_year__isnull=True) | Q(project__last_year__gte=from_year)
    owned = ProjectOwner.objects.filter(still, department=department).select_related(
        "project__plan", "department"
    )
    return sorted(
        owned,
        key=lambda owner: (owner.project.plan.title, owner.project.plan_id, code_key(owner.project.code)),
    )


def open_entries(department: Department, from_year: int) -> list[Entry]:
    """``department``'s entries in rounds of ``from_year`` or later that are not published."""
    entries = (
        Entry.objects.filter(department=department, round__fiscal_year__gte=from_year)
        .exclude(round__state=Round.State.PUBLISHED)
        .select_related("round__plan", "project", "department")
    )
    return sorted(
        entries,
        key=lambda entry: (entry.round.fiscal_year, entry.round.plan.title, code_key(entry.project.code)),
    )


def code_key(code: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key of a node's 番号 in plan order: 1-1-2 before 1-1-10 (numbers compared as numbers)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[-‐－]", code))


def has_content(entry: Entry) -> bool:
    """True when the department wrote in the entry (the carried targets are last year's text)."""
    return bool(
        entry.status != Entry.Status.DRAFT
        or entry.rating_id
        or entry.progress
        or entry.reason
        or entry.next_year_goal
    )


def refuse_written(entries: Sequence[Entry], from_year: int) -> None:
    """Refuse the change when an entry it would move already has content, naming the entries."""
    written = [entry for entry in entries if has_content(entry)]
    if not written:
        return
    named = [
        f"{entry.round.plan.title} {year_label(entry.round.fiscal_year)} "
        f"{entry.project.code} {entry.project.display_title}(「{entry.department.name}」)"
        for entry in written[:NAMED]
    ]
    more = f" ほか {len(written) - NAMED} 件" if len(written) > NAMED else ""
    raise PlanEditError(
        f"次の評価はすでに記入されているため、{year_label(from_year)}からは移せません: "
        f"{'、'.join(named)}{more}。記入した担当課のまま提出・承認してから、"
        f"変更年度を翌年度にしてください。",
        "from_year",
    )


def plans_touched(moves: Moves) -> list[Plan]:
    """The plans whose projects or entries the reorganisation changes (each must be editable)."""
    plans = {owner.project.plan for owner, _ in moves.ownerships}
    plans |= {entry.round.plan for entry, _ in moves.entries}
    return sorted(plans, key=lambda plan: plan.pk)


def projects_of(ownerships: Iterable[ProjectOwner]) -> list[PlanNode]:
    return [owner.project for owner in ownerships]
