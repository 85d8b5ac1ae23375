"""Use cases of the review desk: the items an import creates, a fix detected, a 確認 by a person.

What counts as a fix depends on the round. A published year never changes through the plan
editor (its structure is frozen, see :mod:`shinchoku.editions`): an item of a published round is
fixed only by a correction (正誤) of its object and field. An item of a round not yet published is
fixed when the live field no longer holds what the import left there.

Every status change is audited. Creating the items is part of the import (same transaction,
recorded by the import's audit entry); :func:`detect_fixed_items` and
:func:`confirm_review_item` record their own.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import can_edit_plan
from shinchoku.audit.services import record
from shinchoku.core.typed_fields import clean_field
from shinchoku.editions.models import Correction
from shinchoku.editions.services import ENTRY_FIELDS
from shinchoku.evaluations.models import Entry
from shinchoku.ingest.models import ImportReviewItem, ImportRun
from shinchoku.ingest.report_text.commit import StoreResult
from shinchoku.ingest.report_text.document import ParsedReport
from shinchoku.ingest.review.attribution import attribute
from shinchoku.ingest.review.observe import NODE_FIELDS, observe

Status = ImportReviewItem.Status
NOT_SECRETARIAT = "取込の要確認は、この計画を管理する事務局だけが扱えます。"
CARRIED_NOTE = "前回の取込({at:%Y-%m-%d %H:%M})で{status}。"


class ReviewError(Exception):
    """A refused status change; the message is Japanese and says what to do."""


def _identity(item: ImportReviewItem) -> tuple[object, ...]:
    return (item.field, item.kind, item.node_id, item.message, item.raw)


def is_fixed(item: ImportReviewItem) -> bool:
    """True when the field the item concerns was fixed: by a correction (正誤) of the same round,
    object and field when the round is published, else by a change of the live field since the
    import. Items that concern no field (a look only) are settled by a person's 確認 alone."""
    if not item.target:
        return False
    round_ = item.run.round
    if round_.is_published:
        return _corrected(item, round_.pk)
    now = observe(item.node, item.entry, item.target, round_.pk)
    return bool(now != item.imported)


def _corrected(item: ImportReviewItem, round_id: int) -> bool:
    """A correction of ``item``'s field exists in its published round: a node's name or
    description (kind node), an entry's rating or text (kind entry; for a project with several
    entries, a correction of any of them). Owners, cross-listings and indicators have no
    correction in a published year (they change later years only): never fixed here."""
    corrections = Correction.objects.filter(round_id=round_id, field=item.target)
    if item.entry_id is not None:
        return corrections.filter(kind=Correction.Kind.ENTRY, target_id=item.entry_id).exists()
    if item.node_id is None:
        return False
    if item.target in NODE_FIELDS:
        return corrections.filter(kind=Correction.Kind.NODE, target_id=item.node_id).exists()
    if item.target in ENTRY_FIELDS:
        entries = Entry.objects.filter(round_id=round_id, project_id=item.node_id).values("pk")
        return corrections.filter(kind=Correction.Kind.ENTRY, target_id__in=entries).exists()
    return False


def _detect(run: ImportRun) -> list[ImportReviewItem]:
    """Mark the run's open items that were fixed (:func:`is_fixed`) as fixed; return them (not
    audited here)."""
    found = []
    for item in run.items.filter(status=Status.OPEN).select_related("node", "entry", "run__round"):
        if is_fixed(item):
            item.status, item.resolved_at, item.resolved_by = Status.FIXED, timezone.now(), None
            item.save(update_fields=["status", "resolved_at", "resolved_by"])
            found.append(item)
    return found


def create_review_items(
    run: ImportRun, report: ParsedReport, stored: StoreResult, previous: ImportRun | None
) -> list[ImportReviewItem]:
    """One item per review item of ``report``, in the order the dry run lists them. An item the
    ``previous`` run of the round had fixed or confirmed (same field, object, message and text)
    keeps that status with a note saying so: a re-import does not reopen worked-off items."""
    settled: dict[tuple[object, ...], ImportReviewItem] = {}
    if previous is not None:
        _detect(previous)
        settled = {_identity(old): old for old in previous.items.exclude(status=Status.OPEN)}
    items = []
    for position, found in enumerate(attribute(report, stored)):
        item = ImportReviewItem(
            run=run,
            position=position,
            kind=found.kind,
            field=found.item.field,
            line=found.item.line,
            where=found.where[:400],
            message=found.item.message,
            raw=found.item.raw,
            node=found.node,
            entry=found.entry,
            target=found.target,
        )
        item.imported = observe(found.node, found.entry, found.target, run.round_id)
        old = settled.get(_identity(item))
        if old is not None:
            carried = CARRIED_NOTE.format(at=old.run.at, status=old.get_status_display())
            item.status, item.resolved_at, item.resolved_by = old.status, old.resolved_at, old.resolved_by
            item.note = old.note if old.note.startswith("前回の取込") else carried + old.note
        items.append(item)
    return ImportReviewItem.objects.bulk_create(items)


def _managed_run(actor: User, run_id: int) -> ImportRun:
    run = ImportRun.objects.select_related("round__plan__municipality").get(pk=run_id)
    if not can_edit_plan(actor, run.round.plan):
        raise PermissionDenied(NOT_SECRETARIAT)
    return run


def detect_fixed_items(actor: User, run_id: int) -> list[ImportReviewItem]:
    """Mark the open items of run ``run_id`` a person fixed since the import (:func:`is_fixed`) as
    fixed (修正済み), with one audit entry naming them. Returns them (none: nothing written)."""
    with transaction.atomic():
        run = _managed_run(actor, run_id)
        found = _detect(run)
        if found:
            record(
                actor=actor,
                action="detect_fixed_review_items",
                target=run,
                municipality=run.round.plan.municipality,
                affects_public=False,  # review items of an import are staff work
                summary=f"{run.file_name} の要確認 {len(found)} 件が修正済みになりました",
                changes={
                    "items": [
                        {"id": item.pk, "line": item.line, "status": {"before": "open", "after": "fixed"}}
                        for item in found
                    ]
                },
            )
    return found


def confirm_review_item(actor: User, item_id: int, note: str) -> ImportReviewItem:
    """A person confirms that item ``item_id`` is right as imported (確認済み), with a note.

    Raises PermissionDenied unless ``actor`` edits the run's plan, ReviewError when the note is
    empty or the item is no longer open."""
    with transaction.atomic():
        item = ImportReviewItem.objects.select_for_update().select_related("run").get(pk=item_id)
        run = _managed_run(actor, item.run_id)
        note = clean_field("ingest.importreviewitem", "note", note)
        if not note:
            raise ReviewError("確認メモを入力してください(このままでよい理由など)。")
        if item.status != Status.OPEN:
            raise ReviewError(
                f"この項目は既に「{item.get_status_display()}」です。一覧を開き直して確かめてください。"
            )
        item.status, item.note = Status.CONFIRMED, note
        item.resolved_at, item.resolved_by = timezone.now(), actor
        item.save(update_fields=["status", "note", "resolved_at", "resolved_by"])
        record(
            actor=actor,
            action="confirm_review_item",
            target=item,
            municipality=run.round.plan.municipality,
            affects_public=False,  # review items of an import are staff work
            summary=f"取込の要確認({item.line}行目 {item.where})を確認済みにしました",
            changes={
                "status": {"before": "open", "after": "confirmed"},
                "note": {"before": "", "after": note},
            },
        )
    return item
