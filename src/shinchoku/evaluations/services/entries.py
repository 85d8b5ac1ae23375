"""Use cases of a department's entry: save a draft, submit (with the indicator actuals typed on
the same page), approve or return, reopen.

Each function takes the acting user, checks :mod:`shinchoku.accounts.permissions`, runs in one
transaction and writes one audit record with before → after. Saving text is versioned (see
:mod:`.locking`); the review steps also check the version the reviewer saw, so nobody approves
an entry that changed under their eyes. After every change the project's rating by the plan's
multi-department rule is brought up to date (see :mod:`.project_evaluations`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import diff, record
from shinchoku.core.typed_fields import clean_field
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services.errors import EntryValidationError
from shinchoku.evaluations.services.indicators import record_indicator_value
from shinchoku.evaluations.services.locking import check_version, claim_version
from shinchoku.evaluations.services.project_evaluations import refresh_project_evaluation
from shinchoku.notifications.models import Notification
from shinchoku.notifications.services.events import notify_entry_reviewed
from shinchoku.plans.models import RatingCode
from shinchoku.search.services import update_entry_document

Status = Entry.Status
SEPARATION_OF_DUTIES = (
    "この評価はあなたが入力または提出したため、あなたは承認できません(職務の分離)。"
    "ほかの事務局の職員(所属長の承認では、ほかの所属長)に承認を依頼してください。差戻しはできます。"
)
TEXT_FIELDS = ("progress", "reason", "next_year_goal")


@dataclass(frozen=True)
class EntryDraft:
    """What a department writes for one entry; ``rating`` is a code of the plan's scale or ''."""

    progress: str
    rating: str
    reason: str
    next_year_goal: str


def _locked(entry_id: int) -> Entry:
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("round__plan__municipality", "round__plan__rating_scale", "project", "department")
        .get(pk=entry_id)
    )


def _snapshot(entry: Entry) -> dict[str, Any]:
    return {
        "progress": entry.progress,
        "rating": entry.rating.code if entry.rating else "",
        "reason": entry.reason,
        "next_year_goal": entry.next_year_goal,
        "status": entry.get_status_display(),
        "review_comment": entry.review_comment,
    }


def _describe(entry: Entry) -> str:
    return f"{entry.project.code} {entry.project.display_title}({entry.department.name})"


def _rating_code(entry: Entry, code: str) -> RatingCode | None:
    if not code:
        return None
    found = RatingCode.objects.filter(scale_id=entry.round.plan.rating_scale_id, code=code).first()
    if found is None:
        raise EntryValidationError({"rating": f"評価「{code}」はこの計画の評価基準にありません。"})
    return found


def submission_errors(entry: Entry) -> dict[str, str]:
    """What must be filled in before ``entry`` can be submitted (field → Japanese message)."""
    errors: dict[str, str] = {}
    if not entry.progress.strip():
        errors["progress"] = "進捗状況を入力してください。"
    if entry.rating is None:
        errors["rating"] = "評価を選んでください。"
    elif not entry.reason.strip() and _is_lowest(entry.rating):
        errors["reason"] = (
            f"評価が「{entry.rating.code}」(最も低い評価)のときは、評価の理由・課題を必ず書いてください。"
        )
    if not entry.next_year_goal.strip():
        errors["next_year_goal"] = "次年度の目標を入力してください。"
    return errors


def _is_lowest(code: RatingCode) -> bool:
    lowest = RatingCode.objects.filter(scale_id=code.scale_id, is_rating=True).order_by("-position").first()
    return code.is_rating and lowest is not None and lowest.pk == code.pk


def _write(actor: User, entry: Entry, version: int, draft: EntryDraft) -> dict[str, dict[str, Any]]:
    """Apply ``draft`` to the locked ``entry`` at ``version``; return the recorded changes.

    A draft that changes nothing is not saved and keeps the version (it is still refused when
    ``version`` is stale).
    """
    before = _snapshot(entry)
    entry.rating = _rating_code(entry, draft.rating.strip())
    for field in TEXT_FIELDS:
        setattr(entry, field, clean_field("evaluations.entry", field, getattr(draft, field)))
    changes = diff(before, _snapshot(entry))
    if not changes:
        check_version(entry, version)
        return changes
    entry.version = claim_version(entry, version)
    entry.updated_by = actor
    entry.save(update_fields=[*TEXT_FIELDS, "rating", "updated_by", "updated_at"])
    return changes


def save_entry(actor: User, entry_id: int, *, version: int, draft: EntryDraft) -> Entry:
    """Save ``draft`` as the entry's new text, leaving it unsubmitted.

    Raises PermissionDenied, :class:`StaleRecordError` when the entry changed after ``version``
    was read, or :class:`EntryValidationError` for an unknown rating code.
    """
    with transaction.atomic():
        entry = _locked(entry_id)
        if not permissions.can_edit_entry(actor, entry):
            raise PermissionDenied("この事業の評価は、現在あなたが編集できる状態ではありません。")
        changes = _write(actor, entry, version, draft)
        if changes:
            record(
                actor=actor,
                action="save_entry",
                target=entry,
                municipality=entry.round.plan.municipality,
                affects_public=entry.round.is_published,
                summary=f"{_describe(entry)} を下書き保存しました",
                changes=changes | {"version": {"before": version, "after": entry.version}},
            )
            refresh_project_evaluation(actor, entry.round, entry.project)
        update_entry_document(entry)
    return entry


def submit_entry(actor: User, entry_id: int, *, version: int, draft: EntryDraft | None = None) -> Entry:
    """Save ``draft`` (if given) and submit the entry for review.

    Raises :class:`EntryValidationError` naming each missing field; nothing is saved then.
    """
    with transaction.atomic():
        entry = _locked(entry_id)
        if not permissions.can_edit_entry(actor, entry):
            raise PermissionDenied("この事業の評価は、現在あなたが提出できる状態ではありません。")
        before = _snapshot(entry)
        if draft is None or not _write(actor, entry, version, draft):
            entry.version = claim_version(entry, version)
        errors = submission_errors(entry)
        if errors:
            raise EntryValidationError(errors)
        entry.status = Status.SUBMITTED
        entry.submitted_at = timezone.now()
        entry.updated_by = actor
        entry.save(update_fields=["status", "submitted_at", "updated_by", "updated_at"])
        record(
            actor=actor,
            action="submit_entry",
            target=entry,
            municipality=entry.round.plan.municipality,
            affects_public=entry.round.is_published,
            summary=f"{_describe(entry)} を提出しました",
            changes=diff(before, _snapshot(entry)) | {"version": {"before": version, "after": entry.version}},
        )
        refresh_project_evaluation(actor, entry.round, entry.project)
        update_entry_document(entry)
    return entry


@dataclass(frozen=True)
class IndicatorActual:
    """An indicator's actual (実績値) for the entry's fiscal year; ``value`` None clears it."""

    indicator_id: int
    value: Decimal | None
    note: str = ""


def save_entry_with_actuals(
    actor: User,
    entry_id: int,
    *,
    version: int,
    draft: EntryDraft,
    actuals: Sequence[IndicatorActual],
    submit: bool = False,
) -> Entry:
    """Save ``draft`` (or, with ``submit``, submit it) and record each of ``actuals``, all or nothing.

    The entry page posts the text and the project's indicator actuals at once: when the entry is
    refused (stale, incomplete for submission, not editable) no actual is stored either. Raises
    what :func:`save_entry`, :func:`submit_entry` and ``record_indicator_value`` raise.
    """
    with transaction.atomic():
        service = submit_entry if submit else save_entry
        entry = service(actor, entry_id, version=version, draft=draft)
        for actual in actuals:
            record_indicator_value(
                actor, actual.indicator_id, entry.round_id, value=actual.value, note=actual.note
            )
    return entry


def _review(
    actor: User,
    entry_id: int,
    version: int,
    *,
    allowed: Callable[[User, Entry], bool],
    refusal: str,
    status: Entry.Status,
    action: str,
    summary: str,
    comment: str = "",
    notice: Notification.Kind | None = None,
) -> Entry:
    """Move the entry to ``status`` after ``allowed`` agrees, with ``comment`` for its department."""
    with transaction.atomic():
        entry = _locked(entry_id)
        if not allowed(actor, entry):
            if permissions.approval_needs_someone_else(actor, entry):
                raise PermissionDenied(SEPARATION_OF_DUTIES)
            raise PermissionDenied(refusal)
        before = _snapshot(entry)
        entry.version = claim_version(entry, version)
        entry.status = status
        entry.review_comment = comment
        entry.updated_by = actor
        entry.save(update_fields=["status", "review_comment", "updated_by", "updated_at"])
        record(
            actor=actor,
            action=action,
            target=entry,
            municipality=entry.round.plan.municipality,
            affects_public=entry.round.is_published,
            summary=f"{_describe(entry)} {summary}",
            changes=diff(before, _snapshot(entry)) | {"version": {"before": version, "after": entry.version}},
        )
        refresh_project_evaluation(actor, entry.round, entry.project)
        if notice is not None:
            notify_entry_reviewed(actor, entry, notice)
    return entry


def approve_entry_for_department(actor: User, entry_id: int, *, version: int) -> Entry:
    """The 所属長's approval; the entry then waits for the 事務局."""
    return _review(
        actor,
        entry_id,
        version,
        allowed=permissions.can_approve_for_department,
        refusal="この評価を所属長として承認することはできません。",
        status=Status.DEPARTMENT_APPROVED,
        action="approve_entry_for_department",
        summary="を所属長として承認しました",
    )


def approve_entry(actor: User, entry_id: int, *, version: int) -> Entry:
    """The 事務局's approval: the entry is final and locked until reopened."""
    return _review(
        actor,
        entry_id,
        version,
        allowed=permissions.can_approve_entry,
        refusal="この評価は、現在あなたが承認できる状態ではありません。",
        status=Status.APPROVED,
        action="approve_entry",
        summary="を承認しました",
        notice=Notification.Kind.APPROVED,
    )


def return_entry(actor: User, entry_id: int, *, version: int, comment: str) -> Entry:
    """Send the entry back to its department with ``comment`` (required), which they will see."""
    comment = clean_field("evaluations.entry", "review_comment", comment)
    if not comment:
        raise EntryValidationError({"comment": "差戻しの理由を書いてください。担当課に表示されます。"})
    return _review(
        actor,
        entry_id,
        version,
        allowed=permissions.can_return_entry,
        refusal="この評価は、現在あなたが差し戻せる状態ではありません。",
        status=Status.RETURNED,
        action="return_entry",
        summary="を差し戻しました",
        comment=comment,
        notice=Notification.Kind.RETURNED,
    )


def reopen_entry(actor: User, entry_id: int, *, version: int, reason: str) -> Entry:
    """Unlock an approved entry: it goes back to its department as returned, with ``reason``."""
    reason = clean_field("evaluations.entry", "review_comment", reason)
    if not reason:
        raise EntryValidationError({"comment": "承認を取り消す理由を書いてください。担当課に表示されます。"})
    return _review(
        actor,
        entry_id,
        version,
        allowed=permissions.can_reopen_entry,
        refusal="この評価の承認は取り消せません(公表済み、または承認されていません)。",
        status=Status.RETURNED,
        action="reopen_entry",
        summary="の承認を取り消し、担当課に戻しました",
        comment=reason,
        notice=Notification.Kind.REOPENED,
    )
