"""Recorded changes as people read them: the field's label, the value before and after, as text.

An audit entry's ``changes`` map field names to ``{"before": …, "after": …}``; a plain value beside
them (an indicator actual's ``fiscal_year``) is context, not a change, and is skipped.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

from shinchoku.audit.models import AuditEntry


@dataclass(frozen=True)
class FieldChange:
    """One field's change: ``field`` its name, ``label`` what people call it."""

    field: str
    label: str
    before: str
    after: str


def recorded_changes(
    entry: AuditEntry, model: type[Model], *, hidden: Collection[str] = ("version",)
) -> list[FieldChange]:
    """The before → after pairs of ``entry``, in recorded order, labelled by ``model``'s fields;
    the fields named in ``hidden`` are left out."""
    return [
        FieldChange(name, _label(model, name), _text(change.get("before")), _text(change.get("after")))
        for name, change in entry.changes.items()
        if name not in hidden and isinstance(change, dict)
    ]


def _label(model: type[Model], field: str) -> str:
    """The verbose name of ``model``'s ``field``; for a field its service records beside the
    model's own, the label in the model's ``audit_labels``; else the name itself."""
    extra: dict[str, str] = getattr(model, "audit_labels", {})
    if field in extra:
        return extra[field]
    try:
        return str(getattr(model._meta.get_field(field), "verbose_name", field))
    except FieldDoesNotExist:
        return field


def _text(value: object) -> str:
    return "" if value is None else str(value)
