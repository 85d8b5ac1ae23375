"""Who may see and change what: every visibility and permission rule lives in this module.

Reading:
- Visitors who are not signed in, and staff of other municipalities, see published rounds only.
- Staff of the plan's municipality also see rounds that are still being prepared, collected or
  reviewed; within those, an entry that is not approved yet (a draft, a submitted or a returned
  entry) is seen only by the 事務局 and by members of the entry's department.

Writing (each service asks one of the ``can_…`` functions below before it changes anything):
- 事務局 (secretariat): rounds, reviews, 施策評価, responses to the committee, users.
- 担当課 editors: their departments' entries and their projects' indicator values, while the round
  collects or reviews and the entry is not submitted.
- 所属長 approvers: approve or return their departments' submitted entries, when the plan asks
  for that step.
- 推進委員 (committee): opinions on 施策 while the round is in review or closed.
- Viewers: read only.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import CommitteeOpinion, Entry, Round
from shinchoku.plans.models import Department, Indicator, Municipality, Plan

Role = User.Role
AnyUser = User | AnonymousUser

EDITABLE_ROUND_STATES = (Round.State.COLLECTING, Round.State.REVIEW)
EDITABLE_ENTRY_STATES = (Entry.Status.DRAFT, Entry.Status.RETURNED)
EVALUATION_ROUND_STATES = (Round.State.COLLECTING, Round.State.REVIEW, Round.State.CLOSED)
COMMITTEE_ROUND_STATES = (Round.State.REVIEW, Round.State.CLOSED)


def _member(user: AnyUser) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def is_staff_of(user: AnyUser, municipality: Municipality | int) -> bool:
    """True when ``user`` is signed in as a member of ``municipality`` (or is a superuser)."""
    member = _member(user)
    if member is None:
        return False
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    return member.is_superuser or member.municipality_id == municipality_id


def is_secretariat_of(user: AnyUser, municipality: Municipality | int) -> bool:
    member = _member(user)
    return member is not None and is_staff_of(member, municipality) and member.is_secretariat


def department_ids(user: AnyUser) -> set[int]:
    """The departments ``user`` acts for as editor or approver (cached on the user object)."""
    member = _member(user)
    if member is None or member.role not in (Role.EDITOR, Role.APPROVER):
        return set()
    cached: set[int] | None = getattr(member, "_department_ids", None)
    if cached is None:
        cached = set(member.departments.values_list("pk", flat=True))
        member._department_ids = cached  # type: ignore[attr-defined]
    return cached


def _acts_for(user: AnyUser, role: str, department: Department | int) -> bool:
    member = _member(user)
    department_id = department if isinstance(department, int) else department.pk
    return member is not None and member.role == role and department_id in department_ids(member)


# --- reading -----------------------------------------------------------------------------------


def visible_rounds(user: AnyUser, plan: Plan) -> QuerySet[Round]:
    """The rounds of ``plan`` that ``user`` may read, newest first."""
    rounds = Round.objects.filter(plan=plan).order_by("-fiscal_year")
    if is_staff_of(user, plan.municipality_id):
        return rounds
    return rounds.filter(state=Round.State.PUBLISHED)


def whole_round_rounds(user: AnyUser, plan: Plan) -> QuerySet[Round]:
    """The rounds whose every entry ``user`` may read at once (reports, open data, the API):
    published rounds, and for the 事務局 also the unpublished ones. Other staff would find
    other departments' drafts in them, so they get the published rounds only."""
    if is_secretariat_of(user, plan.municipality_id):
        return visible_rounds(user, plan)
    return visible_rounds(AnonymousUser(), plan)


def can_read_whole_round(user: AnyUser, round_: Round, municipality: Municipality | int) -> bool:
    """What :func:`whole_round_rounds` decides for one round of ``municipality``, without a query."""
    return round_.is_published or is_secretariat_of(user, municipality)


def visible_entries(user: AnyUser, prefix: str = "") -> Q:
    """A filter leaving the entries ``user`` may read, over every municipality.

    Published entries are public. Staff also read their own municipality's unpublished rounds:
    the 事務局 all of it, others the approved entries and their own departments' entries, so
    that nobody reads another department's draft. ``prefix`` names the relation to the entry
    when filtering another model (``"entry__"`` for search documents).
    """

    def q(**lookups: object) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    published = q(round__state=Round.State.PUBLISHED)
    member = _member(user)
    if member is None:
        return published
    if member.is_superuser:
        return Q()
    own_city = q(round__plan__municipality_id=member.municipality_id)
    if member.is_secretariat:
        return published | own_city
    readable = q(status=Entry.Status.APPROVED) | q(department_id__in=department_ids(member))
    return published | (own_city & readable)


def can_view_entry(user: AnyUser, entry: Entry) -> bool:
    if entry.round.state == Round.State.PUBLISHED:
        return True
    if not is_staff_of(user, entry.round.plan.municipality_id):
        return False
    return (
        entry.status == Entry.Status.APPROVED
        or is_secretariat_of(user, entry.round.plan.municipality_id)
        or entry.department_id in department_ids(user)
    )


def can_view_history(user: AnyUser, entry: Entry) -> bool:
    """The change history names staff and shows drafts: staff who may see the entry only."""
    return is_staff_of(user, entry.round.plan.municipality_id) and can_view_entry(user, entry)


# --- entries -----------------------------------------------------------------------------------


def is_entry_writer(user: AnyUser, entry: Entry) -> bool:
    """The people who write ``entry`` whenever it is open for writing: the department's editors
    and the 事務局 (on their behalf). Pages use it to say why an entry is locked."""
    return _acts_for(user, Role.EDITOR, entry.department_id) or is_secretariat_of(
        user, entry.round.plan.municipality_id
    )


def can_edit_entry(user: AnyUser, entry: Entry) -> bool:
    """Write and submit: the entry's writers (see :func:`is_entry_writer`) while the round is
    open and the entry is not submitted."""
    if entry.round.state not in EDITABLE_ROUND_STATES or entry.status not in EDITABLE_ENTRY_STATES:
        return False
    return is_entry_writer(user, entry)


def can_approve_for_department(user: AnyUser, entry: Entry) -> bool:
    """The 所属長 step: only when the plan asks for it and the entry waits for it."""
    return (
        entry.round.plan.requires_department_approval
        and entry.round.state in EDITABLE_ROUND_STATES
        and entry.status == Entry.Status.SUBMITTED
        and _acts_for(user, Role.APPROVER, entry.department_id)
    )


def entry_awaits_secretariat(entry: Entry) -> bool:
    """Submitted entries wait for the 事務局 unless the plan has the 所属長 step; an entry its
    所属長 approved waits for the 事務局 even if the plan has dropped that step since."""
    if entry.status == Entry.Status.DEPARTMENT_APPROVED:
        return True
    return entry.status == Entry.Status.SUBMITTED and not entry.round.plan.requires_department_approval


def can_approve_entry(user: AnyUser, entry: Entry) -> bool:
    return (
        entry.round.state in EDITABLE_ROUND_STATES
        and entry_awaits_secretariat(entry)
        and is_secretariat_of(user, entry.round.plan.municipality_id)
    )


def can_return_entry(user: AnyUser, entry: Entry) -> bool:
    """Returning (差戻し) is open to whoever may approve the entry at its current step; the
    事務局 may also return an entry still waiting for its 所属長."""
    if entry.round.state not in EDITABLE_ROUND_STATES:
        return False
    if can_approve_for_department(user, entry):
        return True
    waiting = entry.status in (Entry.Status.SUBMITTED, Entry.Status.DEPARTMENT_APPROVED)
    return waiting and is_secretariat_of(user, entry.round.plan.municipality_id)


def can_reopen_entry(user: AnyUser, entry: Entry) -> bool:
    """An approved entry is locked; the 事務局 may reopen it until the round is published."""
    return (
        entry.status == Entry.Status.APPROVED
        and entry.round.state in EVALUATION_ROUND_STATES
        and is_secretariat_of(user, entry.round.plan.municipality_id)
    )


def can_record_indicator_value(user: AnyUser, indicator: Indicator, round_: Round) -> bool:
    """Actuals of a project's indicators: its departments' editors and the 事務局, while the
    round is open."""
    if round_.state not in EDITABLE_ROUND_STATES:
        return False
    if is_secretariat_of(user, round_.plan.municipality_id):
        return True
    owners = {ownership.department_id for ownership in indicator.node.ownerships.all()}
    return any(_acts_for(user, Role.EDITOR, department) for department in owners)


def can_use_workbook(user: AnyUser, round_: Round, department: Department) -> bool:
    """Download and upload a department's Excel workbook of a round: its editors and the 事務局.

    Each row of an upload is still saved through the entry services, which apply
    :func:`can_edit_entry` to it."""
    if department.municipality_id != round_.plan.municipality_id:
        return False
    return _acts_for(user, Role.EDITOR, department) or is_secretariat_of(user, round_.plan.municipality_id)


# --- rounds, 施策評価 and the committee ----------------------------------------------------------


def can_manage_rounds(user: AnyUser, plan: Plan) -> bool:
    """Open, advance, close, publish and reopen rounds; review the board."""
    return is_secretariat_of(user, plan.municipality_id)


def can_change_plan_settings(user: AnyUser, plan: Plan) -> bool:
    """The plan's workflow settings (whether entries pass the 所属長): the 事務局."""
    return is_secretariat_of(user, plan.municipality_id)


def can_evaluate_node(user: AnyUser, round_: Round) -> bool:
    return round_.state in EVALUATION_ROUND_STATES and is_secretariat_of(user, round_.plan.municipality_id)


def can_write_opinion(user: AnyUser, round_: Round) -> bool:
    member = _member(user)
    return (
        member is not None
        and member.role == Role.COMMITTEE
        and round_.state in COMMITTEE_ROUND_STATES
        and is_staff_of(member, round_.plan.municipality_id)
    )


def can_edit_opinion(user: AnyUser, opinion: CommitteeOpinion) -> bool:
    return can_write_opinion(user, opinion.round) and opinion.author_id == getattr(user, "pk", None)


def can_respond_to_opinion(user: AnyUser, round_: Round) -> bool:
    return round_.state in COMMITTEE_ROUND_STATES and is_secretariat_of(user, round_.plan.municipality_id)


# --- accounts and imports ----------------------------------------------------------------------


def can_manage_users(user: AnyUser, municipality: Municipality | int) -> bool:
    return is_secretariat_of(user, municipality)


def can_manage_user(user: AnyUser, target: User) -> bool:
    """Change ``target``'s account: the 事務局 of the target's municipality; a superuser's account
    only by a superuser (the 事務局 must not lock out the people who run the system)."""
    if target.municipality_id is None or not can_manage_users(user, target.municipality_id):
        return False
    return not target.is_superuser or (_member(user) is not None and user.is_superuser)


def can_import(user: AnyUser | None, municipality: Municipality | None) -> bool:
    """Importing a report rewrites published data: the command line (None), superusers and the
    municipality's 事務局 only."""
    if user is None:
        return True
    member = _member(user)
    if member is None:
        return False
    if member.is_superuser:
        return True
    return municipality is not None and is_secretariat_of(member, municipality)
