"""Use case of the quality checks: dismiss a finding with a reason (確認済みにする).

Findings are computed from the entry (see :mod:`shinchoku.evaluations.selectors.quality`); a
dismissal records that a person read the finding and judged it fine, and why. It stays with the
entry, check and field, so the finding shows as dismissed with its reason from then on.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.core.quality import CHECKS_BY_ID, FIELD_LABELS
from shinchoku.core.typed_fields import clean_field
from shinchoku.evaluations.models import Entry, QualityDismissal
from shinchoku.evaluations.services.errors import EntryValidationError


def dismiss_finding(actor: User, entry_id: int, check: str, field: str, reason: str) -> QualityDismissal:
    """Mark the ``check`` finding on ``field`` of the entry as dismissed, with ``reason``.

    Raises PermissionDenied unless :func:`~shinchoku.accounts.permissions.can_dismiss_finding`
    allows it, and EntryValidationError (keyed ``reason``, or ``check``) for an empty reason or an
    unknown check or field. Dismissing again replaces the reason; both are audited.
    """
    with transaction.atomic():
        entry = (
            Entry.objects.select_for_update(of=("self",))
            .select_related("round__plan__municipality", "project", "department")
            .get(pk=entry_id)
        )
        if not permissions.can_dismiss_finding(actor, entry):
            raise PermissionDenied("この指摘を確認済みにする権限がありません。")
        if check not in CHECKS_BY_ID or field not in FIELD_LABELS:
            raise EntryValidationError(
                {"check": "確認項目または欄が正しくありません。ページを開き直してください。"}
            )
        cleaned = clean_field("evaluations.qualitydismissal", "reason", reason)
        if not cleaned:
            raise EntryValidationError({"reason": "確認済みとする理由を書いてください。"})
        dismissal = QualityDismissal.objects.filter(entry=entry, check_id=check, field=field).first()
        before = dismissal.reason if dismissal else ""
        if dismissal is None:
            dismissal = QualityDismissal(entry=entry, check_id=check, field=field)
        dismissal.reason = cleaned
        dismissal.dismissed_by = actor
        dismissal.save()
        record(
            actor=actor,
            action="dismiss_finding",
            target=entry,
            summary=(
                f"{entry.project.code}({entry.department.name})の指摘「{CHECKS_BY_ID[check].name}」"
                f"({FIELD_LABELS[field]})を確認済みにしました"
            ),
            changes={"quality_dismissal": {"before": before, "after": cleaned}},
            municipality=entry.round.plan.municipality,
            affects_public=False,  # quality findings are shown to staff only
        )
    return dismissal
