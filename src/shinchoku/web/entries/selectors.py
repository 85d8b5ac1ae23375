"""Read-only data of the department entry pages: "my entries" and one entry with its context.

Who may read what is decided by :mod:`shinchoku.accounts.permissions`; the views check it before
calling these functions, which only assemble what the templates show.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry, IndicatorValue, ProjectTarget, Round
from shinchoku.plans.models import Department, Indicator, RatingCode

Status = Entry.Status
OPEN_ROUND_STATES = (Round.State.COLLECTING, Round.State.REVIEW)
ENTRY_TEXT_FIELDS = ("progress", "reason", "next_year_goal")


def entry_state_label(entry: Entry) -> str:
    """The state shown to people: 未提出 splits into 未提出 (nothing written) and 下書きあり."""
    if entry.status == Status.DRAFT and (
        entry.rating_id or any(getattr(entry, f) for f in ENTRY_TEXT_FIELDS)
    ):
        return "下書きあり"
    return entry.get_status_display()


def project_sort_key(code: str) -> tuple[tuple[int, object], ...]:
    """Natural order of project numbers: 1-2-10 after 1-2-9, 1-2-① read as 1-2-1."""
    parts = re.split(r"(\d+)", unicodedata.normalize("NFKC", code))
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts if part)


@dataclass(frozen=True)
class Deadline:
    """A round's deadline as seen today."""

    day: date | None
    today: date

    @property
    def days_left(self) -> int | None:
        return None if self.day is None else (self.day - self.today).days

    @property
    def is_overdue(self) -> bool:
        return self.day is not None and self.day < self.today

    @property
    def remaining_label(self) -> str:
        """あと3日 / 今日まで / 期限超過(2日); empty without a deadline."""
        days = self.days_left
        if days is None:
            return ""
        if days > 0:
            return f"あと{days}日"
        if days == 0:
            return "今日まで"
        return f"期限超過({-days}日)"


def deadline_of(round_: Round) -> Deadline:
    return Deadline(round_.deadline, timezone.localdate())


@dataclass(frozen=True)
class EntryActions:
    """The review buttons the reader may press on an entry."""

    approve_for_department: bool
    approve: bool
    return_: bool
    reopen: bool
    # The reader would approve at this step but wrote or submitted the entry (separation of duties).
    needs_another_approver: bool = False

    @property
    def any(self) -> bool:
        return (
            self.approve_for_department
            or self.approve
            or self.return_
            or self.reopen
            or self.needs_another_approver
        )


def entry_actions(user: User, entry: Entry) -> EntryActions:
    return EntryActions(
        approve_for_department=permissions.can_approve_for_department(user, entry),
        approve=permissions.can_approve_entry(user, entry),
        return_=permissions.can_return_entry(user, entry),
        reopen=permissions.can_reopen_entry(user, entry),
        needs_another_approver=permissions.approval_needs_someone_else(user, entry),
    )


# --- my entries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryRow:
    entry: Entry
    state_label: str


@dataclass(frozen=True)
class ApprovalRow:
    """An entry waiting for the reader's approval as 所属長."""

    entry: Entry
    actions: EntryActions


@dataclass(frozen=True)
class DepartmentEntries:
    department: Department
    rows: list[EntryRow]


@dataclass(frozen=True)
class RoundEntries:
    """One open round: its deadline and, per department of the reader, the entries it owes."""

    round: Round
    deadline: Deadline
    departments: list[DepartmentEntries]


@dataclass(frozen=True)
class MyEntriesPage:
    """What the signed-in person has to do.

    Editors and 所属長 get their departments' entries per open round, returned entries first and
    (for 所属長) the entries waiting for their approval; the 事務局 gets the open rounds only,
    whose boards are on the round pages.
    """

    is_secretariat: bool
    departments: list[Department]
    rounds: list[RoundEntries]
    returned: list[Entry] = field(default_factory=list)
    awaiting_approval: list[ApprovalRow] = field(default_factory=list)
    secretariat_rounds: list[tuple[Round, Deadline]] = field(default_factory=list)


def _open_rounds(user: User) -> list[Round]:
    """The rounds collecting or in review of the user's municipality (of all, for a superuser)."""
    rounds = Round.objects.filter(state__in=OPEN_ROUND_STATES).select_related("plan")
    if not user.is_superuser:
        if user.municipality_id is None:
            return []
        rounds = rounds.filter(plan__municipality_id=user.municipality_id)
    return list(rounds.order_by("plan__title", "-fiscal_year"))


def my_entries_page(user: User) -> MyEntriesPage:
    """The "my entries" page of ``user``: four queries whatever the number of entries."""
    rounds = _open_rounds(user)
    if user.is_secretariat:
        return MyEntriesPage(True, [], [], secretariat_rounds=[(r, deadline_of(r)) for r in rounds])
    department_ids = permissions.department_ids(user)
    departments = list(Department.objects.filter(pk__in=department_ids).order_by("position", "name"))
    entries = sorted(
        Entry.objects.filter(round__in=rounds, department_id__in=department_ids).select_related(
            "round__plan", "project", "department", "rating", "updated_by"
        ),
        key=lambda entry: project_sort_key(entry.project.code),
    )
    page_rounds = [
        RoundEntries(
            round_,
            deadline_of(round_),
            [
                DepartmentEntries(
                    department,
                    [
                        EntryRow(entry, entry_state_label(entry))
                        for entry in entries
                        if entry.round_id == round_.pk and entry.department_id == department.pk
                    ],
                )
                for department in departments
            ],
        )
        for round_ in rounds
    ]
    return MyEntriesPage(
        False,
        departments,
        page_rounds,
        returned=[entry for entry in entries if entry.status == Status.RETURNED],
        awaiting_approval=[
            ApprovalRow(entry, entry_actions(user, entry))
            for entry in entries
            if permissions.can_approve_for_department(user, entry)
        ],
    )


# --- one entry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorLine:
    """A project indicator with its earlier actuals and the actual of the entry's year."""

    indicator: Indicator
    past: list[IndicatorValue]
    current: IndicatorValue | None


@dataclass(frozen=True)
class EntryPage:
    entry: Entry
    owners: list[Department]
    previous: Entry | None
    previous_round: Round | None
    codes: list[RatingCode]
    lowest: RatingCode | None
    indicators: list[IndicatorLine]
    deadline: Deadline
    state_label: str
    locked_reason: str  # empty when the reader may edit
    actions: EntryActions
    whole_year_target: str = ""  # the round's 今年度の目標 of the whole project, set by the 事務局

    @property
    def editable(self) -> bool:
        return not self.locked_reason


def entry_for_page(entry_id: int) -> Entry | None:
    """The entry with everything the entry pages and the permission rules read."""
    return (
        Entry.objects.select_related(
            "round__plan__municipality", "project", "department", "rating", "updated_by"
        )
        .filter(pk=entry_id)
        .first()
    )


def locked_reason(user: User, entry: Entry) -> str:
    """Why ``user`` cannot edit ``entry`` now, in Japanese; empty when they can."""
    if permissions.can_edit_entry(user, entry):
        return ""
    if entry.round.state == Round.State.PUBLISHED:
        return "公表済: 公表された評価は編集できません。修正が必要なときは事務局に連絡してください。"
    if not permissions.is_entry_writer(user, entry):
        return "閲覧のみ: この評価を編集できるのは、担当課の入力担当者と事務局です。"
    if entry.status == Status.APPROVED:
        return "承認済: 事務局が承認を取り消すと編集できます。"
    if entry.status in (Status.SUBMITTED, Status.DEPARTMENT_APPROVED):
        return "提出済: 差し戻されるまで編集できません。"
    if entry.round.state == Round.State.PREPARING:
        return "準備中: 照会が始まると入力できます。"
    return "締切済: この年度は締め切られたため編集できません。"


def _previous(user: User, entry: Entry) -> tuple[Round | None, Entry | None]:
    """Last year's round of the plan and the same department's entry for the project in it."""
    previous_round = (
        Round.objects.filter(plan_id=entry.round.plan_id, fiscal_year__lt=entry.round.fiscal_year)
        .select_related("plan")
        .order_by("-fiscal_year")
        .first()
    )
    if previous_round is None:
        return None, None
    previous = (
        Entry.objects.filter(
            round=previous_round, project_id=entry.project_id, department_id=entry.department_id
        )
        .select_related("rating")
        .first()
    )
    if previous is not None:
        previous.round = previous_round
        if not permissions.can_view_entry(user, previous):
            previous = None
    return previous_round, previous


def _indicator_lines(entry: Entry) -> list[IndicatorLine]:
    year = entry.round.fiscal_year
    indicators = Indicator.objects.filter(node_id=entry.project_id).prefetch_related("values")
    lines = []
    for indicator in indicators.order_by("position", "pk"):
        values = sorted(indicator.values.all(), key=lambda value: value.fiscal_year)
        current = next((value for value in values if value.fiscal_year == year), None)
        lines.append(IndicatorLine(indicator, [v for v in values if v.fiscal_year < year], current))
    return lines


def entry_page(user: User, entry: Entry) -> EntryPage:
    """Everything the entry page shows around the form (``entry`` from :func:`entry_for_page`)."""
    codes = list(RatingCode.objects.filter(scale_id=entry.round.plan.rating_scale_id).order_by("position"))
    ratings = [code for code in codes if code.is_rating]
    previous_round, previous = _previous(user, entry)
    owners = list(
        Department.objects.filter(ownerships__project_id=entry.project_id).order_by("ownerships__position")
    )
    return EntryPage(
        entry=entry,
        owners=owners,
        previous=previous,
        previous_round=previous_round,
        codes=codes,
        lowest=ratings[-1] if ratings else None,
        indicators=_indicator_lines(entry),
        deadline=deadline_of(entry.round),
        state_label=entry_state_label(entry),
        locked_reason=locked_reason(user, entry),
        actions=entry_actions(user, entry),
        whole_year_target=ProjectTarget.objects.filter(round_id=entry.round_id, project_id=entry.project_id)
        .values_list("year_target", flat=True)
        .first()
        or "",
    )
