"""Use cases of a round's lifecycle: open a year from the last one, then collect, review, close,
publish, and step back (reopen) when something must change.

Each transition is one function with its own audit record. States only move one step at a time,
so the history of a round reads as a sequence of decisions.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.core import fiscal_year as fy
from shinchoku.core.typed_fields import clean_typed_block
from shinchoku.editions.models import PublishedStructure
from shinchoku.editions.snapshot import take_snapshot
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.services.errors import WorkflowError

# The module, not the function: the schedules import this package's locking in turn.
from shinchoku.notifications.services import schedules as reminder_schedules
from shinchoku.plans.models import Plan, ProjectOwner
from shinchoku.search.services import rebuild_search_index

State = Round.State
# The state each state follows; a reopened round goes back exactly one step of this chain.
PREVIOUS_STATE = {
    State.COLLECTING: State.PREPARING,
    State.REVIEW: State.COLLECTING,
    State.CLOSED: State.REVIEW,
    State.PUBLISHED: State.CLOSED,
}
NEXT_STATE = {previous: state for state, previous in PREVIOUS_STATE.items()}


def open_round(actor: User, plan_id: int, fiscal_year: int) -> Round:
    """Prepare ``fiscal_year`` for ``plan``: one blank entry per project and department (none for a
    department retired by that year).

    Only projects active in the year (開始年度〜終了年度, see ``PlanNode.is_active_in``) and
    departments not retired by then (``Department.is_active_in``) get one. The plan's structure
    and indicators carry over as they are (they belong to the plan, not to a year). From the
    newest earlier round, each entry takes its 計画最終年度までの目標 and, as this year's
    target, last year's 次年度の目標.
    """
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related("municipality").get(pk=plan_id)
        if not permissions.can_manage_rounds(actor, plan):
            raise PermissionDenied("年度の進行管理を始められるのは事務局だけです。")
        label = fy.format_with_seireki(fiscal_year)
        if not plan.first_fiscal_year <= fiscal_year <= plan.last_fiscal_year:
            raise WorkflowError(f"{label}は計画期間({plan.period_label})の外です。")
        if Round.objects.filter(plan=plan, fiscal_year=fiscal_year).exists():
            raise WorkflowError(f"{label}の進行管理はすでにあります。")
        previous = (
            Round.objects.filter(plan=plan, fiscal_year__lt=fiscal_year).order_by("-fiscal_year").first()
        )
        round_ = Round.objects.create(plan=plan, fiscal_year=fiscal_year)
        carried = _carried_texts(previous)
        # A cross-listing (再掲) is evaluated on its original, a shared project (共通事業) in its own
        # plan's round: neither gets entries here.
        ownerships = ProjectOwner.objects.filter(
            project__plan=plan, project__listing_of__isnull=True, project__shared_from__isnull=True
        ).select_related("project", "department")
        entries = [
            Entry(
                round=round_,
                project_id=ownership.project_id,
                department_id=ownership.department_id,
                final_target=carried.get((ownership.project_id, ownership.department_id), ("", ""))[0],
                year_target=carried.get((ownership.project_id, ownership.department_id), ("", ""))[1],
            )
            for ownership in ownerships.order_by("project__level", "project__position", "position")
            if ownership.project.is_active_in(fiscal_year) and ownership.department.is_active_in(fiscal_year)
        ]
        Entry.objects.bulk_create(entries)
        reminder_schedules.create_default_schedule(round_)
        source = f"{previous.fiscal_year_label}から引き継ぎ" if previous else "前年度なし"
        record(
            actor=actor,
            action="open_round",
            target=round_,
            municipality=plan.municipality,
            summary=f"{plan.title} {label}の進行管理を準備しました(事業 {len(entries)} 件、{source})",
            changes={"state": {"before": None, "after": round_.get_state_display()}},
        )
        rebuild_search_index(plan)
    return round_


def _carried_texts(previous: Round | None) -> dict[tuple[int, int], tuple[str, str]]:
    """(project, department) → (final target, this year's target) taken from ``previous``."""
    if previous is None:
        return {}
    rows = Entry.objects.filter(round=previous).values_list(
        "project_id", "department_id", "final_target", "next_year_goal", "year_target"
    )
    return {
        (project, department): (final, goal or target) for project, department, final, goal, target in rows
    }


def _transition(
    actor: User, round_id: int, *, to: State, action: str, summary: str, reopen_reason: str = ""
) -> Round:
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("plan__municipality").get(pk=round_id)
        if not permissions.can_manage_rounds(actor, round_.plan):
            raise PermissionDenied("進行管理の状態を変えられるのは事務局だけです。")
        before, before_state = round_.get_state_display(), round_.state
        _check_transition(round_, to, reopening=bool(reopen_reason))
        round_.state = to
        round_.published_at = timezone.now() if to == State.PUBLISHED else None
        round_.save(update_fields=["state", "published_at", "deadline"])
        # A published round reads its structure from the snapshot taken here (see
        # shinchoku.editions.models.PublishedStructure); reopened, it reads the live tables again.
        frozen: dict[str, str | None] | None = None
        if to == State.PUBLISHED:
            data = take_snapshot(django_apps, round_.pk).data
            frozen = {
                "before": None,
                "after": f"項目 {len(data['nodes'])} 件、担当課 {len(data['departments'])} 件",
            }
        elif before_state == State.PUBLISHED:
            PublishedStructure.objects.filter(round=round_).delete()
            frozen = {"before": "公表時の構成", "after": None}
        changes: dict[str, dict[str, str | None]] = {
            "state": {"before": before, "after": round_.get_state_display()}
        }
        if reopen_reason:
            changes["reason"] = {"before": None, "after": reopen_reason}
        if frozen is not None:
            changes["published_structure"] = frozen
        record(
            actor=actor,
            action=action,
            target=round_,
            municipality=round_.plan.municipality,
            # Publishing and reopening change what the public sees; the steps before do not.
            affects_public=State.PUBLISHED in (before_state, to),
            summary=f"{round_.plan.title} {round_.fiscal_year_label}: {summary}",
            changes=changes,
        )
    return round_


def _check_transition(round_: Round, to: State, *, reopening: bool) -> None:
    # Forward, a state is reached from the one before it; reopened, from the one after it.
    expected_from = NEXT_STATE.get(to) if reopening else PREVIOUS_STATE.get(to)
    if expected_from != round_.state:
        raise WorkflowError(
            f"{round_.fiscal_year_label}は「{round_.get_state_display()}」のため、"
            f"「{State(to).label}」にはできません。"
        )
    if reopening:
        return
    if to == State.CLOSED:
        pending = round_.entries.exclude(status=Entry.Status.APPROVED).count()
        if pending:
            raise WorkflowError(
                f"承認されていない評価が {pending} 件あります。すべて承認してから締め切ってください。"
            )


def start_collecting(actor: User, round_id: int, *, deadline: date) -> Round:
    """Ask the departments for their entries (照会), due on ``deadline``."""
    with transaction.atomic():
        set_deadline(actor, round_id, deadline=deadline)
        return _transition(
            actor,
            round_id,
            to=State.COLLECTING,
            action="start_collecting",
            summary=f"照会を始めました(提出期限 {deadline:%Y年%m月%d日})",
        )


def set_deadline(actor: User, round_id: int, *, deadline: date) -> Round:
    """Set or move the submission deadline (before publication)."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("plan__municipality").get(pk=round_id)
        if not permissions.can_manage_rounds(actor, round_.plan):
            raise PermissionDenied("提出期限を決められるのは事務局だけです。")
        if round_.state in (State.CLOSED, State.PUBLISHED):
            raise WorkflowError("締め切った年度の提出期限は変えられません。")
        before = round_.deadline
        if before == deadline:
            return round_
        round_.deadline = deadline
        round_.save(update_fields=["deadline"])
        record(
            actor=actor,
            action="set_deadline",
            target=round_,
            municipality=round_.plan.municipality,
            affects_public=round_.is_published,
            summary=f"{round_.plan.title} {round_.fiscal_year_label}: 提出期限 {deadline:%Y年%m月%d日}",
            changes={
                "deadline": {"before": before.isoformat() if before else None, "after": deadline.isoformat()}
            },
        )
    return round_


def start_review(actor: User, round_id: int) -> Round:
    """Stop the general collection and review what came in; returned entries can still be fixed."""
    return _transition(actor, round_id, to=State.REVIEW, action="start_review", summary="確認に入りました")


def close_round(actor: User, round_id: int) -> Round:
    """Close the round once every entry is approved: nothing can be edited any more."""
    return _transition(actor, round_id, to=State.CLOSED, action="close_round", summary="締め切りました")


def publish_round(actor: User, round_id: int) -> Round:
    """Publish the closed round: it appears on the public site, in the report and the open data.

    The structure the round shows is frozen in the same transaction (a
    :class:`~shinchoku.editions.models.PublishedStructure`, in the publication's audit record):
    later edits of the plan do not change what the published year shows."""
    return _transition(actor, round_id, to=State.PUBLISHED, action="publish_round", summary="公表しました")


def reopen_round(actor: User, round_id: int, *, reason: str) -> Round:
    """Move the round back one step (公表済 → 締切済 → 確認中 → 照会中), with ``reason``.

    A published round reopened drops its frozen structure: until it is published again (which
    takes a new snapshot) it shows the plan as it is now."""
    reason = clean_typed_block(reason)
    if not reason:
        raise WorkflowError("戻す理由を書いてください。監査記録に残ります。")
    round_ = Round.objects.get(pk=round_id)
    previous = PREVIOUS_STATE.get(State(round_.state))
    if previous is None or previous == State.PREPARING:
        raise WorkflowError(
            f"{round_.fiscal_year_label}は「{round_.get_state_display()}」のため、戻せません。"
        )
    return _transition(
        actor,
        round_id,
        to=previous,
        action="reopen_round",
        summary=f"「{previous.label}」に戻しました",
        reopen_reason=reason,
    )
