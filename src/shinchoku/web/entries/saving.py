"""Saving the entry page: the entry's text and its project's indicator actuals, all or nothing.

The page posts both at once, so this composes the two services in one transaction: when the
entry is refused (stale, incomplete for submission, not editable) no actual is stored either.
"""

from __future__ import annotations

from django.db import transaction

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import record_indicator_value, save_entry, submit_entry
from shinchoku.web.entries.forms import EntryForm


def save_entry_page(actor: User, entry: Entry, form: EntryForm, *, submit: bool) -> Entry:
    """Save the valid ``form`` as a draft, or submit it, and record each changed actual.

    Raises what the services raise (StaleRecordError, EntryValidationError, PermissionDenied);
    nothing is stored then.
    """
    service = submit_entry if submit else save_entry
    with transaction.atomic():
        saved = service(actor, entry.pk, version=form.cleaned_data["version"], draft=form.draft())
        for change in form.changed_actuals():
            record_indicator_value(
                actor, change.indicator.pk, entry.round_id, value=change.value, note=change.note
            )
    return saved
