"""The change history of one entry, read from the audit trail: its history page, and what
other people changed when a save is refused as stale."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db.models import Model, Q

from shinchoku.audit.changes import FieldChange, recorded_changes
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, IndicatorValue
from shinchoku.evaluations.services import OtherSave, StaleRecordError
from shinchoku.plans.models import Indicator

ACTION_LABELS = {
    "save_entry": "下書き保存",
    "submit_entry": "提出",
    "approve_entry_for_department": "所属長の承認",
    "approve_entry": "承認",
    "return_entry": "差戻し",
    "reopen_entry": "承認の取消し",
    "record_indicator_value": "指標の実績値の記録",
    "dismiss_finding": "確認事項を確認済みに",
}
# Fields shown first, in the order of the form; any other recorded field follows.
FIELD_ORDER = ("rating", "progress", "reason", "next_year_goal", "status", "review_comment", "value", "note")


@dataclass(frozen=True)
class HistoryItem:
    record: AuditEntry
    action_label: str
    changes: list[FieldChange]


def field_order(name: str) -> tuple[int, str]:
    """Sort key putting recorded fields in the order of the entry form."""
    return (FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER), name)


def stale_saves(error: StaleRecordError) -> list[OtherSave]:
    """The other people's saves of a refused save, each with its fields in the form's order."""
    return [replace(save, changes=tuple(_in_form_order(save.changes))) for save in error.saves]


def _in_form_order(changes: Iterable[FieldChange]) -> list[FieldChange]:
    return sorted(changes, key=lambda change: field_order(change.field))


def _changes(record: AuditEntry) -> list[FieldChange]:
    model: type[Model] = IndicatorValue if record.object_type == Indicator._meta.label else Entry
    return _in_form_order(recorded_changes(record, model))


def entry_history(entry: Entry) -> list[HistoryItem]:
    """Every audit record of ``entry`` and of its project's indicator actuals for the entry's
    year (see :func:`shinchoku.evaluations.services.record_indicator_value`), newest first."""
    indicator_ids = [
        str(pk) for pk in Indicator.objects.filter(node_id=entry.project_id).values_list("pk", flat=True)
    ]
    records = AuditEntry.objects.filter(
        Q(object_type=Entry._meta.label, object_id=str(entry.pk))
        | Q(
            object_type=Indicator._meta.label,
            object_id__in=indicator_ids,
            action="record_indicator_value",
            changes__fiscal_year=entry.round.fiscal_year,
        )
    ).order_by("-at", "-id")
    return [
        HistoryItem(record, ACTION_LABELS.get(record.action, "変更"), _changes(record)) for record in records
    ]
