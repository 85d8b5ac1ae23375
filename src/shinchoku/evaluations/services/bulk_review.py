"""Bulk review: approve several entries of a round at once, or return them with one comment.

Each entry still goes through :func:`approve_entry` or :func:`return_entry` one by one, so each is
checked (permissions, separation of duties, the version the reviewer saw) and audited on its own,
each in its own transaction. The bulk action is deliberately *not* all-or-nothing: one entry
somebody changed meanwhile, or that the reviewer wrote themselves, must not undo nineteen good
approvals; instead every entry gets an :class:`Outcome` and the page reports the refused ones with
the reason, never skipping one silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied

from shinchoku.accounts.models import User
from shinchoku.core.typed_fields import clean_field
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services.entries import approve_entry, return_entry
from shinchoku.evaluations.services.errors import EntryValidationError, WorkflowError

NOT_IN_ROUND = "この評価はこの年度にありません。一覧を読み込み直してください。"


class BulkAction(StrEnum):
    APPROVE = "approve"
    RETURN = "return"


@dataclass(frozen=True)
class Outcome:
    """What happened to one selected entry; ``message`` says why when ``done`` is False."""

    entry_id: int
    label: str
    done: bool
    message: str = ""


def review_entries(
    actor: User,
    round_id: int,
    *,
    action: BulkAction,
    versions: Mapping[int, int],
    comment: str = "",
) -> list[Outcome]:
    """Apply ``action`` to each entry of ``versions`` (entry id → the version the reviewer saw).

    Returning needs ``comment`` (the same for every entry): without one
    :class:`EntryValidationError` is raised before any entry is touched. Entries are handled in
    plan order as given; ids that are not entries of ``round_id`` are reported as refused.
    """
    if action is BulkAction.RETURN and not clean_field("evaluations.entry", "review_comment", comment):
        raise EntryValidationError(
            {"comment": "差戻しの理由を書いてください。選んだすべての担当課に表示されます。"}
        )
    entries = {
        entry.pk: entry
        for entry in Entry.objects.filter(round_id=round_id, pk__in=list(versions)).select_related(
            "project", "department"
        )
    }
    outcomes = []
    for entry_id, version in versions.items():
        entry = entries.get(entry_id)
        if entry is None:
            outcomes.append(Outcome(entry_id, f"番号 {entry_id}", False, NOT_IN_ROUND))
            continue
        label = f"{entry.project.code} {entry.project.display_title}({entry.department.name})"
        try:
            if action is BulkAction.APPROVE:
                approve_entry(actor, entry_id, version=version)
            else:
                return_entry(actor, entry_id, version=version, comment=comment)
        except (WorkflowError, PermissionDenied) as error:
            outcomes.append(Outcome(entry_id, label, False, str(error)))
        else:
            outcomes.append(Outcome(entry_id, label, True))
    return outcomes
