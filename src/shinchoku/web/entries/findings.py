"""The quality findings on the entry page (確認事項).

The department sees them before it submits, as warnings that never block; the 所属長 and the
事務局 see them when they review. Who sees them is who may read the entry's drafts
(:func:`~shinchoku.accounts.permissions.can_view_history`); who may dismiss one is
:func:`~shinchoku.accounts.permissions.can_dismiss_finding`.
"""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.selectors.quality import EntryFindings, entry_findings


@dataclass(frozen=True)
class FindingsPanel:
    findings: EntryFindings
    can_dismiss: bool


def findings_panel(user: User, entry: Entry) -> FindingsPanel | None:
    """The entry's findings for ``user``, or None when they may not read its drafts."""
    if not permissions.can_view_history(user, entry):
        return None
    return FindingsPanel(entry_findings(entry), permissions.can_dismiss_finding(user, entry))
