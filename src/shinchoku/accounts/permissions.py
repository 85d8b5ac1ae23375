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
- Separation of duties: nobody approves an entry they wrote or submitted (事務局 or 所属長), and
  a 事務局 member neither resets another 事務局 member's password nor changes their role (a
  superuser does): setting someone's password is signing in as them.
- History: an entry's change history (earlier drafts, 差戻し reasons, names) is read only by those
  who read its drafts: the 事務局 and the entry's department.
- The plan itself (settings, scale, departments, tree, owners, indicators): the 事務局 of its
  municipality (the plan editor).
- 推進委員 (committee): opinions on 施策 while the round is in review or closed.
- Viewers: read only.
- Setting up a municipality and its first 事務局: the command line and superusers only. A 事務局
  member registers the city's other users, other 事務局 members included, but resets none of
  their passwords (see above).
- Secretariats per plan: a 事務局 member limited to some plans (``User.secretariat_plans``, none
  meaning every plan of the city) manages only those plans: their rounds, reviews, 施策評価,
  targets, responses, the plan editor and the entries of their rounds. Whatever acts on the whole
  city (users, the staff sheet, imports, the plan workbook) stays with the 事務局 of every plan
  (:func:`is_city_secretariat`): a member limited to one plan who could register users could give
  themselves every plan. Reading is unchanged: a limited member reads what any 事務局 member of
  the city reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import CommitteeOpinion, Entry, Round
from shinchoku.plans.models import Department, Indicator, Municipality, Plan

Role = User.Role
AnyUser = User | AnonymousUser

EDITABLE_ROUND_STATES = (Round.State.COLLECTING, Round.State.REVIEW)
EDITABLE_ENTRY_STATES = (Entry.Status.DRAFT, Entry.Status.RETURNED)
EVALUATION_ROUND_STATES = (Round.State.COLLECTING, Round.State.REVIEW, Round.State.CLOSED)
COMMITTEE_ROUND_STATES = (Round.State.REVIEW, Round.State.CLOSED)
# Audit actions by which a person writes an entry's text (see evaluations.services.entries).
WRITING_ACTIONS = ("save_entry", "submit_entry")


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


def secretariat_plan_ids(user: AnyUser) -> set[int]:
    """The plans a 事務局 member is limited to (cached on the user object); empty means every
    plan of the municipality (see ``User.secretariat_plans``)."""
    member = _member(user)
    if member is None or member.is_superuser:
        return set()
    cached: set[int] | None = getattr(member, "_secretariat_plan_ids", None)
    if cached is None:
        cached = set(member.secretariat_plans.values_list("pk", flat=True))
        member._secretariat_plan_ids = cached  # type: ignore[attr-defined]
    return cached


def is_secretariat_of_plan(user: AnyUser, plan: Plan) -> bool:
    """True when ``user`` is a 事務局 member of the plan's municipality who manages ``plan``:
    one limited to some plans (``User.secretariat_plans``) manages those only."""
    if not is_secretariat_of(user, plan.municipality_id):
        return False
    limited = secretariat_plan_ids(user)
    return not limited or plan.pk in limited


def is_city_secretariat(user: AnyUser, municipality: Municipality | int) -> bool:
    """True for a 事務局 member of ``municipality`` who is limited to no plan (or a superuser):
    the one who may act on the whole city (users, imports, the plan workbook)."""
    return is_secretariat_of(user, municipality) and not secretariat_plan_ids(user)


def managed_plans(user: AnyUser) -> QuerySet[Plan]:
    """The plans whose rounds and structure ``user`` manages, in title order (none for others)."""
    member = _member(user)
    if member is None or not member.is_secretariat:
        return Plan.objects.none()
    plans = Plan.objects.order_by("title", "pk")
    if member.is_superuser:
        return plans
    plans = plans.filter(municipality=member.municipality)
    limited = secretariat_plan_ids(member)
    return plans.filter(pk__in=limited) if limited else plans


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


def visible_rounds_of_every_plan(user: AnyUser) -> QuerySet[Round]:
    """:func:`visible_rounds` over every plan at once, as one filter: what the search reads. (An
    OR of one queryset per plan costs time growing with the square of the number of plans.)"""
    member = _member(user)
    if member is not None and member.is_superuser:
        return Round.objects.all()
    published = Q(state=Round.State.PUBLISHED)
    if member is None or member.municipality_id is None:
        return Round.objects.filter(published)
    return Round.objects.filter(published | Q(plan__municipality_id=member.municipality_id))


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
    """The change history shows every earlier draft, the 差戻し reasons and the staff's names, so
    it is for those who may read the entry's drafts: the 事務局 and the members of the entry's
    department (its editors and 所属長), whatever the entry's state. An approved or published
    entry's text is public; its drafts are not, so the committee and viewers do not get them."""
    municipality_id = entry.round.plan.municipality_id
    if not is_staff_of(user, municipality_id):
        return False
    return is_secretariat_of(user, municipality_id) or entry.department_id in department_ids(user)


# --- entries -----------------------------------------------------------------------------------


def is_entry_writer(user: AnyUser, entry: Entry) -> bool:
    """The people who write ``entry`` whenever it is open for writing: the department's editors
    and the 事務局 (on their behalf). Pages use it to say why an entry is locked."""
    return _acts_for(user, Role.EDITOR, entry.department_id) or is_secretariat_of_plan(user, entry.round.plan)


def can_edit_entry(user: AnyUser, entry: Entry) -> bool:
    """Write and submit: the entry's writers (see :func:`is_entry_writer`) while the round is
    open and the entry is not submitted."""
    if entry.round.state not in EDITABLE_ROUND_STATES or entry.status not in EDITABLE_ENTRY_STATES:
        return False
    return is_entry_writer(user, entry)


def entry_writer_ids(entry: Entry) -> set[int]:
    """The users who saved or submitted ``entry`` (from its audit trail), cached on the entry;
    see :func:`note_entry_writers` for a list of entries."""
    cached: set[int] | None = getattr(entry, "_writer_ids", None)
    if cached is None:
        note_entry_writers([entry])
        cached = entry._writer_ids  # type: ignore[attr-defined]
    return cached


def note_entry_writers(entries: Iterable[Entry]) -> None:
    """Read who wrote each of ``entries`` in one query (for pages listing review buttons)."""
    by_id = {str(entry.pk): entry for entry in entries}
    writers: dict[str, set[int]] = {key: set() for key in by_id}
    records = AuditEntry.objects.filter(
        object_type=Entry._meta.label,
        object_id__in=list(by_id),
        action__in=WRITING_ACTIONS,
        actor__isnull=False,
    ).values_list("object_id", "actor_id")
    for object_id, actor_id in records:
        writers[object_id].add(actor_id)
    for key, entry in by_id.items():
        entry._writer_ids = writers[key]  # type: ignore[attr-defined]


def wrote_entry(user: AnyUser, entry: Entry) -> bool:
    """True when ``user`` saved or submitted ``entry`` at some time (the audit trail tells)."""
    member = _member(user)
    return member is not None and member.pk in entry_writer_ids(entry)


def _at_department_step(user: AnyUser, entry: Entry) -> bool:
    return (
        entry.round.plan.requires_department_approval
        and entry.round.state in EDITABLE_ROUND_STATES
        and entry.status == Entry.Status.SUBMITTED
        and _acts_for(user, Role.APPROVER, entry.department_id)
    )


def _at_secretariat_step(user: AnyUser, entry: Entry) -> bool:
    return (
        entry.round.state in EDITABLE_ROUND_STATES
        and entry_awaits_secretariat(entry)
        and is_secretariat_of_plan(user, entry.round.plan)
    )


def can_approve_for_department(user: AnyUser, entry: Entry) -> bool:
    """The 所属長 step: only when the plan asks for it and the entry waits for it, and never by
    someone who wrote or submitted the entry (separation of duties)."""
    return _at_department_step(user, entry) and not wrote_entry(user, entry)


def entry_awaits_secretariat(entry: Entry) -> bool:
    """Submitted entries wait for the 事務局 unless the plan has the 所属長 step; an entry its
    所属長 approved waits for the 事務局 even if the plan has dropped that step since."""
    if entry.status == Entry.Status.DEPARTMENT_APPROVED:
        return True
    return entry.status == Entry.Status.SUBMITTED and not entry.round.plan.requires_department_approval


def can_approve_entry(user: AnyUser, entry: Entry) -> bool:
    """The 事務局's approval, by a member who did not write or submit the entry: the 事務局 may
    write on a department's behalf, and then another member (or an administrator) approves."""
    return _at_secretariat_step(user, entry) and not wrote_entry(user, entry)


def approval_needs_someone_else(user: AnyUser, entry: Entry) -> bool:
    """True when ``user`` would approve ``entry`` at its step but wrote or submitted it; pages say
    so instead of showing no button without a word."""
    at_step = _at_department_step(user, entry) or _at_secretariat_step(user, entry)
    return at_step and wrote_entry(user, entry)


def can_return_entry(user: AnyUser, entry: Entry) -> bool:
    """Returning (差戻し) is open to whoever reviews the entry at its current step, its writers
    included (sending one's own entry back approves nothing); the 事務局 may also return an entry
    still waiting for its 所属長."""
    if entry.round.state not in EDITABLE_ROUND_STATES:
        return False
    if _at_department_step(user, entry):
        return True
    waiting = entry.status in (Entry.Status.SUBMITTED, Entry.Status.DEPARTMENT_APPROVED)
    return waiting and is_secretariat_of_plan(user, entry.round.plan)


def can_reopen_entry(user: AnyUser, entry: Entry) -> bool:
    """An approved entry is locked; the 事務局 may reopen it until the round is published."""
    return (
        entry.status == Entry.Status.APPROVED
        and entry.round.state in EVALUATION_ROUND_STATES
        and is_secretariat_of_plan(user, entry.round.plan)
    )


def can_record_indicator_value(user: AnyUser, indicator: Indicator, round_: Round) -> bool:
    """Actuals of a project's indicators: its departments' editors and the 事務局, while the
    round is open."""
    if round_.state not in EDITABLE_ROUND_STATES:
        return False
    if is_secretariat_of_plan(user, round_.plan):
        return True
    owners = {ownership.department_id for ownership in indicator.node.ownerships.all()}
    return any(_acts_for(user, Role.EDITOR, department) for department in owners)


def can_use_workbook(user: AnyUser, round_: Round, department: Department) -> bool:
    """Download and upload a department's Excel workbook of a round: its editors and the 事務局.

    Each row of an upload is still saved through the entry services, which apply
    :func:`can_edit_entry` to it."""
    if department.municipality_id != round_.plan.municipality_id:
        return False
    return _acts_for(user, Role.EDITOR, department) or is_secretariat_of_plan(user, round_.plan)


# --- rounds, 施策評価 and the committee ----------------------------------------------------------


def can_manage_rounds(user: AnyUser, plan: Plan) -> bool:
    """Open, advance, close, publish and reopen rounds; review the board: the plan's 事務局."""
    return is_secretariat_of_plan(user, plan)


def can_edit_plan(user: AnyUser, plan: Plan) -> bool:
    """The plan itself (settings, 所属長 step, rating scale, tree, owners, indicators) and its
    municipality's departments: the plan's 事務局 (see :func:`is_secretariat_of_plan`). Department
    users and other cities' staff never change a plan."""
    return is_secretariat_of_plan(user, plan)


def can_evaluate_node(user: AnyUser, round_: Round) -> bool:
    return round_.state in EVALUATION_ROUND_STATES and is_secretariat_of_plan(user, round_.plan)


def can_set_project_targets(user: AnyUser, round_: Round) -> bool:
    """A project's targets for the whole project (計画最終年度までの目標, 今年度の目標): the 事務局,
    in any year not yet published, from the round's preparation on."""
    return round_.state != Round.State.PUBLISHED and is_secretariat_of_plan(user, round_.plan)


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
    return round_.state in COMMITTEE_ROUND_STATES and is_secretariat_of_plan(user, round_.plan)


# --- accounts and imports ----------------------------------------------------------------------


def can_manage_users(user: AnyUser, municipality: Municipality | int) -> bool:
    """The users of a city (and the plans each 事務局 member manages): its 事務局 of every plan."""
    return is_city_secretariat(user, municipality)


def can_manage_user(user: AnyUser, target: User) -> bool:
    """Change ``target``'s account: the 事務局 of the target's municipality; a superuser's account
    only by a superuser (the 事務局 must not lock out the people who run the system)."""
    if target.municipality_id is None or not can_manage_users(user, target.municipality_id):
        return False
    return not target.is_superuser or (_member(user) is not None and user.is_superuser)


def _outranks_the_secretariat_or_is(target: User) -> bool:
    return target.is_superuser or target.role == Role.SECRETARIAT


def can_reset_password(user: AnyUser, target: User) -> bool:
    """Give ``target`` a new password: whoever manages them (see :func:`can_manage_user`), never
    oneself (that is a password change, with the current password); another 事務局 member's (or a
    superuser's) only a superuser. Whoever sets a password can sign in as its owner, and a 事務局
    member signed in as another could approve what they wrote themselves."""
    member = _member(user)
    if member is None or target.pk == member.pk or not can_manage_user(member, target):
        return False
    return member.is_superuser or not _outranks_the_secretariat_or_is(target)


def can_change_role(user: AnyUser, target: User) -> bool:
    """Change ``target``'s role: whoever manages them, but another 事務局 member's only a superuser
    (demoting, resetting the password and promoting back would get around
    :func:`can_reset_password`), and never one's own (the city might be left without a 事務局)."""
    member = _member(user)
    if member is None or target.pk == member.pk or not can_manage_user(member, target):
        return False
    return member.is_superuser or not _outranks_the_secretariat_or_is(target)


def can_set_up_municipality(user: AnyUser | None) -> bool:
    """Create a municipality and its first 事務局 (or give that 事務局 a new one-time password):
    the command line (None, whoever runs the server) and superusers only. A 事務局 belongs to
    its own city and never creates another."""
    if user is None:
        return True
    member = _member(user)
    return member is not None and member.is_superuser


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
    return municipality is not None and is_city_secretariat(member, municipality)


# --- quality checks ------------------------------------------------------------------------------


def can_dismiss_finding(user: AnyUser, entry: Entry) -> bool:
    """Dismissing a quality finding (確認済みにする): the entry's writers while they may still edit
    it (before submission), the 事務局 and the department's 所属長 until the round is published."""
    if can_edit_entry(user, entry):
        return True
    if entry.round.state not in EVALUATION_ROUND_STATES:
        return False
    return is_secretariat_of_plan(user, entry.round.plan) or _acts_for(
        user, Role.APPROVER, entry.department_id
    )
