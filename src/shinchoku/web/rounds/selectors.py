"""Read queries behind the 事務局's round pages: the rounds of a plan, the review board, the list
of entries to review and the 施策 awaiting their evaluation.

Each function runs a fixed number of queries whatever the size of the plan. Who may read these
pages is decided by the views through :mod:`shinchoku.accounts.permissions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.core import fiscal_year as fy
from shinchoku.evaluations.models import CommitteeOpinion, Entry, NodeEvaluation, Round
from shinchoku.evaluations.services.rounds import PREVIOUS_STATE
from shinchoku.plans.models import Department, Plan, PlanNode, ProjectOwner

State = Round.State
Status = Entry.Status
OVERDUE = "overdue"
# The entries a department still owes: not submitted yet, or sent back to it.
OWED = (Status.DRAFT, Status.RETURNED)
STEPS = (State.PREPARING, State.COLLECTING, State.REVIEW, State.CLOSED, State.PUBLISHED)


def tree_order(plan: Plan) -> dict[int, int]:
    """node id → its place in the plan read depth first, siblings in order (one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in plan.nodes.order_by("level", "position", "pk").values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    order: dict[int, int] = {}
    stack = list(reversed(children.get(None, [])))
    while stack:
        current = stack.pop()
        order[current] = len(order)
        stack.extend(reversed(children.get(current, [])))
    return order


def is_past_deadline(round_: Round, today: date | None = None) -> bool:
    """True once the deadline has passed while the round still expects entries."""
    today = today or timezone.localdate()
    collecting = round_.state in (State.COLLECTING, State.REVIEW)
    return collecting and round_.deadline is not None and today > round_.deadline


# --- the rounds of a plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class RoundRow:
    round: Round
    entries: int
    owed: int
    approved: int


@dataclass(frozen=True)
class RoundsPage:
    plan: Plan
    rows: list[RoundRow]
    open_years: list[int]  # years of the plan period that have no round yet
    default_year: int | None  # the year after the newest round, when it can be opened
    other_plans: list[Plan]  # the other plans this 事務局 manages

    @property
    def newest(self) -> Round | None:
        return self.rows[0].round if self.rows else None


def rounds_page(user: User, plan: Plan) -> RoundsPage:
    """The rounds of ``plan`` newest first, with their counts, and the years that can be opened."""
    rounds = (
        Round.objects.filter(plan=plan)
        .annotate(
            entry_count=Count("entries"),
            owed_count=Count("entries", filter=Q(entries__status__in=OWED)),
            approved_count=Count("entries", filter=Q(entries__status=Status.APPROVED)),
        )
        .order_by("-fiscal_year")
    )
    rows = [RoundRow(r, r.entry_count, r.owed_count, r.approved_count) for r in rounds]
    taken = {row.round.fiscal_year for row in rows}
    open_years = [
        year for year in range(plan.first_fiscal_year, plan.last_fiscal_year + 1) if year not in taken
    ]
    following = rows[0].round.fiscal_year + 1 if rows else plan.first_fiscal_year
    default_year = following if following in open_years else (open_years[0] if open_years else None)
    others = Plan.objects.filter(municipality_id=plan.municipality_id).exclude(pk=plan.pk)
    other_plans = [
        other for other in others.select_related("municipality") if permissions.can_manage_rounds(user, other)
    ]
    return RoundsPage(plan, rows, open_years, default_year, other_plans)


def year_choices(years: Iterable[int]) -> list[tuple[int, str]]:
    return [(year, fy.format_with_seireki(year)) for year in years]


# --- the round page: steps, board, 施策 --------------------------------------------------------


@dataclass(frozen=True)
class Step:
    state: State
    is_done: bool
    is_current: bool


@dataclass
class BoardRow:
    """Counts of one department's entries; ``department`` None is the totals row."""

    department: Department | None
    total: int = 0
    draft: int = 0
    submitted: int = 0
    department_approved: int = 0
    returned: int = 0
    approved: int = 0
    overdue: int = 0

    def add(self, other: BoardRow) -> None:
        for name in ("total", "draft", "submitted", "department_approved", "returned", "approved", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class PolicyStatus:
    node: PlanNode
    evaluation: NodeEvaluation | None
    opinions: int


@dataclass(frozen=True)
class SharedProject:
    """A project several departments rate, with its recorded evaluation (None: 未評価)."""

    project: PlanNode
    evaluation: NodeEvaluation | None


@dataclass(frozen=True)
class RoundPage:
    round: Round
    steps: list[Step]
    rows: list[BoardRow]
    totals: BoardRow
    # The 所属長 column shows when the plan has that step, or when entries still sit in it.
    shows_department_step: bool
    past_deadline: bool
    policies: list[PolicyStatus]
    shared: list[SharedProject]

    @property
    def reopen_to(self) -> State | None:
        """The state 戻す leads back to; None when the round cannot step back (準備中, 照会中)."""
        previous = PREVIOUS_STATE.get(State(self.round.state))
        return None if previous in (None, State.PREPARING) else previous

    @property
    def unapproved(self) -> int:
        return self.totals.total - self.totals.approved


def round_page(round_: Round) -> RoundPage:
    """The round's progress: its state among the steps, the board per department, its 施策."""
    current = STEPS.index(State(round_.state))
    steps = [Step(state, index < current, index == current) for index, state in enumerate(STEPS)]
    rows, totals = _board(round_)
    shows_step = round_.plan.requires_department_approval or totals.department_approved > 0
    evaluations = {
        evaluation.node_id: evaluation
        for evaluation in NodeEvaluation.objects.filter(round=round_).select_related("rating")
    }
    return RoundPage(
        round_,
        steps,
        rows,
        totals,
        shows_step,
        is_past_deadline(round_),
        _policy_statuses(round_, evaluations),
        _shared_projects(round_, evaluations),
    )


def _board(round_: Round) -> tuple[list[BoardRow], BoardRow]:
    late = is_past_deadline(round_)
    counts = (
        Entry.objects.filter(round=round_)
        .values("department_id")
        .annotate(
            total=Count("pk"),
            draft=Count("pk", filter=Q(status=Status.DRAFT)),
            submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
            department_approved=Count("pk", filter=Q(status=Status.DEPARTMENT_APPROVED)),
            returned=Count("pk", filter=Q(status=Status.RETURNED)),
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
        )
    )
    by_department = {row.pop("department_id"): row for row in counts}
    departments = Department.objects.filter(pk__in=by_department).order_by("position", "name")
    totals = BoardRow(None)
    rows = []
    for department in departments:
        row = BoardRow(department, **by_department[department.pk])
        row.overdue = row.draft + row.returned if late else 0
        totals.add(row)
        rows.append(row)
    return rows, totals


def evaluable_nodes(plan: Plan) -> list[PlanNode]:
    """The nodes the 事務局 evaluates on the round page: those at the plan's evaluation level."""
    policies = list(plan.nodes.filter(level=plan.evaluation_level).select_related("plan"))
    order = tree_order(plan)
    return sorted(policies, key=lambda node: order[node.pk])


def _policy_statuses(round_: Round, evaluations: dict[int, NodeEvaluation]) -> list[PolicyStatus]:
    policies = evaluable_nodes(round_.plan)
    opinions = dict(
        CommitteeOpinion.objects.filter(round=round_)
        .values("node_id")
        .annotate(count=Count("pk"))
        .values_list("node_id", "count")
    )
    return [PolicyStatus(node, evaluations.get(node.pk), opinions.get(node.pk, 0)) for node in policies]


def _shared_projects(round_: Round, evaluations: dict[int, NodeEvaluation]) -> list[SharedProject]:
    """The plan's projects with several departments (cross-listings left out), in tree order."""
    shared = (
        ProjectOwner.objects.filter(project__plan_id=round_.plan_id, project__listing_of__isnull=True)
        .values("project_id")
        .annotate(owners=Count("pk"))
        .filter(owners__gt=1)
        .values_list("project_id", flat=True)
    )
    projects = list(PlanNode.objects.filter(pk__in=list(shared)).select_related("plan"))
    order = tree_order(round_.plan)
    projects.sort(key=lambda project: order.get(project.pk, 0))
    return [SharedProject(project, evaluations.get(project.pk)) for project in projects]


# --- the entries to review ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    entry: Entry
    is_overdue: bool
    can_approve: bool
    can_return: bool
    can_reopen: bool
    # The reader would approve but wrote or submitted the entry (separation of duties).
    needs_another_approver: bool = False

    @property
    def has_actions(self) -> bool:
        return self.can_approve or self.can_return or self.can_reopen or self.needs_another_approver

    @property
    def is_reviewable(self) -> bool:
        """Offered to the bulk review: the reader may approve or return it, or would approve but
        may not (separation of duties), which the bulk result then reports instead of hiding."""
        return self.can_approve or self.can_return or self.needs_another_approver


@dataclass(frozen=True)
class ReviewList:
    round: Round
    rows: list[ReviewRow] = field(default_factory=list)

    @property
    def reviewable(self) -> list[ReviewRow]:
        return [row for row in self.rows if row.is_reviewable]


def review_list(user: User, round_: Round, *, department: Department | None, status: str) -> ReviewList:
    """The round's entries in plan order, filtered by ``department`` and ``status`` (a
    :class:`Entry.Status` value, :data:`OVERDUE`, or '' for all), with what ``user`` may do."""
    entries = Entry.objects.filter(round=round_).select_related(
        "project", "department", "rating", "updated_by", "round__plan__municipality"
    )
    if department is not None:
        entries = entries.filter(department=department)
    late = is_past_deadline(round_)
    if status == OVERDUE:
        entries = entries.filter(status__in=OWED) if late else entries.none()
    elif status:
        entries = entries.filter(status=status)
    order = tree_order(round_.plan)
    ordered = sorted(entries, key=lambda e: (order.get(e.project_id, 0), e.department.position, e.pk))
    permissions.note_entry_writers(ordered)
    rows = [
        ReviewRow(
            entry,
            late and entry.status in OWED,
            permissions.can_approve_entry(user, entry),
            permissions.can_return_entry(user, entry),
            permissions.can_reopen_entry(user, entry),
            permissions.approval_needs_someone_else(user, entry),
        )
        for entry in ordered
    ]
    return ReviewList(round_, rows)


def round_departments(round_: Round) -> list[Department]:
    """The departments that have entries in the round, in their display order."""
    return list(Department.objects.filter(entries__round=round_).distinct().order_by("position", "name"))
