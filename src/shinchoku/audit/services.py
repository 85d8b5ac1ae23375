"""Writing the audit trail. Every service that changes data calls :func:`record` inside its
transaction, so a change and its record are stored together or not at all."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.plans.models import Municipality

SYSTEM_ACTOR_LABEL = "システム(コマンド)"


def record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: Any,
    summary: str,
    changes: dict[str, Any] | None = None,
    municipality: Municipality | None = None,
    affects_public: bool = True,
) -> AuditEntry:
    """Append one audit entry describing ``action`` on ``target`` (a model instance).

    ``changes`` maps field names to ``{"before": …, "after": …}``; values must be JSON-serialisable.
    ``actor`` None means the command line or the system itself.

    The page cache reads what a change touches from ``municipality`` and ``affects_public``
    (:mod:`shinchoku.web.data_version`): pass the municipality whenever the change has one (without
    it, the change makes every city's pages stale), and ``affects_public=False`` only for a change
    that cannot alter what the public site, the public API or open data show (work on a round that
    is not published, reminders, accounts); the default is the safe side. The modules allowed to
    pass False are listed in ``tests/audit/test_public_marks.py``.
    """
    user = actor if isinstance(actor, User) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=str(user) if user else SYSTEM_ACTOR_LABEL,
        municipality=municipality,
        affects_public=affects_public,
        action=action,
        object_type=target._meta.label,
        object_id=str(target.pk or ""),
        summary=summary[:500],
        changes=changes or {},
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields whose values differ, as ``{field: {"before": …, "after": …}}``."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in after.keys() | before.keys()
        if before.get(key) != after.get(key)
    }
