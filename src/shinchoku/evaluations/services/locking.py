"""Optimistic locking shared by the services that edit versioned records.

A form carries the ``version`` it was loaded with. :func:`claim_version` bumps the version only
if it is still the one the reader saw, in the same UPDATE, so two concurrent saves can never both
succeed; the loser gets a :class:`StaleRecordError` listing what the winner changed (read back
from the audit trail, where every save records its version).
"""

from __future__ import annotations

from django.db.models import F, Model

from shinchoku.audit.changes import recorded_changes
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.services.errors import OtherSave, StaleRecordError


def claim_version(record: Model, expected_version: int) -> int:
    """Atomically move ``record`` from ``expected_version`` to the next version; return it.

    Raises :class:`StaleRecordError` when somebody saved in between. Call inside the
    transaction that writes the record's new values.
    """
    model = type(record)
    claimed = model._default_manager.filter(pk=record.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        current = model._default_manager.values_list("version", flat=True).get(pk=record.pk)
        raise StaleRecordError(saves_since(record, expected_version), current)
    return expected_version + 1


def check_version(record: Model, expected_version: int) -> None:
    """Refuse with :class:`StaleRecordError` when ``record`` (loaded for update in the caller's
    transaction) is no longer at ``expected_version``; a save that changes nothing keeps the
    version, so that it never makes other people's open forms stale."""
    current: int = record.version  # type: ignore[attr-defined]  # every versioned model has it
    if current != expected_version:
        raise StaleRecordError(saves_since(record, expected_version), current)


def saves_since(record: Model, version: int) -> list[OtherSave]:
    """The recorded saves of ``record`` that produced a version after ``version``, oldest first."""
    entries = AuditEntry.objects.filter(object_type=record._meta.label, object_id=str(record.pk)).order_by(
        "at", "id"
    )
    saves: list[OtherSave] = []
    for entry in entries:
        after = (entry.changes.get("version") or {}).get("after")
        if not isinstance(after, int) or after <= version:
            continue
        saves.append(OtherSave(entry.actor_label, entry.at, tuple(recorded_changes(entry, type(record)))))
    return saves
