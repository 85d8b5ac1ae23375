"""Concurrent saves of one entry from several threads, each with its own database connection.

Only PostgreSQL runs these: it is the production engine, and SQLite serialises writers anyway.
"""

from __future__ import annotations

import pytest
from django.db import connection

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, StaleRecordError, save_entry
from tests.concurrency import run_together
from tests.evaluations.services.personas import make_people
from tests.evaluations.tiny_plan import build_tiny_plan

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
]
WRITERS = 8


def test_of_several_saves_from_the_same_version_exactly_one_is_stored() -> None:
    tiny = build_tiny_plan()
    editor = make_people(tiny).editor
    entry = Entry.objects.get(round=tiny.collecting, project=tiny.single)

    def save_from_version_one(number: int) -> None:
        draft = EntryDraft(progress=f"書き手{number}", rating="B", reason="", next_year_goal="")
        save_entry(editor, entry.pk, version=1, draft=draft)

    errors = run_together(WRITERS, save_from_version_one)

    assert len(errors) == WRITERS - 1
    assert all(isinstance(error, StaleRecordError) for error in errors)
    entry.refresh_from_db()
    assert entry.version == 2
    (stored,) = AuditEntry.objects.filter(action="save_entry")
    assert stored.changes["progress"]["after"] == entry.progress  # the audit names the one stored save


def test_writers_that_reload_after_a_refusal_lose_no_update() -> None:
    tiny = build_tiny_plan()
    editor = make_people(tiny).editor
    entry_id = Entry.objects.get(round=tiny.collecting, project=tiny.single).pk

    def append_my_line(number: int) -> None:
        while True:  # reload and retry after each refusal, as a person would
            current = Entry.objects.get(pk=entry_id)
            draft = EntryDraft(
                progress=f"{current.progress}\n書き手{number}", rating="B", reason="", next_year_goal=""
            )
            try:
                save_entry(editor, entry_id, version=current.version, draft=draft)
                return
            except StaleRecordError:
                continue

    assert run_together(WRITERS, append_my_line) == []

    final = Entry.objects.get(pk=entry_id)
    assert sorted(final.progress.splitlines()[1:]) == sorted(f"書き手{n}" for n in range(WRITERS))
    assert final.version == 1 + WRITERS
    assert AuditEntry.objects.filter(action="save_entry").count() == WRITERS
