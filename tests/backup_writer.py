"""A separate process for tests/test_backup.py, on the database of its DATABASE_URL.

``python -m tests.backup_writer setup``            the tiny plan and its people
``python -m tests.backup_writer write I [COUNT]``  writer I saves the open entries in turn through
                                                   the services until SIGTERM (or COUNT saves);
                                                   prints ``ack ENTRY VERSION TEXT`` after each
                                                   save has committed
``python -m tests.backup_writer dump``             every table's rows as JSON
``python -m tests.backup_writer entries``          each entry's version, text and recorded saves
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from typing import Any

WRITERS = 2  # the writers tests/test_backup.py runs at once


def setup() -> None:
    from tests.evaluations.services.personas import make_people
    from tests.evaluations.tiny_plan import build_tiny_plan

    make_people(build_tiny_plan())


def write(index: int, count: int | None) -> None:
    from shinchoku.accounts.models import User
    from shinchoku.accounts.permissions import can_edit_entry
    from shinchoku.evaluations.models import Entry
    from shinchoku.evaluations.services.entries import EntryDraft, save_entry
    from shinchoku.evaluations.services.errors import StaleRecordError

    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    actor = User.objects.get(username="jimu")
    editable = [
        entry.pk
        for entry in Entry.objects.select_related("round__plan").order_by("pk")
        if can_edit_entry(actor, entry)
    ]
    # Each writer saves its own share of the entries where there are enough to share.
    entries = editable[index % WRITERS :: WRITERS] or editable
    saves = attempts = 0
    while not stopping and (count is None or saves < count):
        entry = Entry.objects.select_related("rating").get(pk=entries[attempts % len(entries)])
        attempts += 1
        text = f"writer {index} save {saves}"
        draft = EntryDraft(
            progress=text,
            rating=entry.rating.code if entry.rating else "",
            reason=entry.reason,
            next_year_goal=entry.next_year_goal,
        )
        try:
            saved = save_entry(actor, entry.pk, version=entry.version, draft=draft)
        except StaleRecordError:
            # Another writer saved it since it was read: read it again after a random pause, or
            # writers sharing an entry can starve one another (the one that always reads last).
            time.sleep(random.uniform(0, 0.02))
            continue
        print(f"ack {saved.pk} {saved.version} {text}", flush=True)
        saves += 1


def comparable(value: object) -> str:
    """``value`` as text that is equal exactly when the values are (bytes by content, not address)."""
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return repr(value)


def dump() -> None:
    from django.db import connection

    tables: dict[str, list[list[Any]]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = ([comparable(value) for value in row] for row in cursor.fetchall())
            tables[table] = sorted(rows, key=repr)
    json.dump(tables, sys.stdout, ensure_ascii=False)


def entries() -> None:
    """Entry id → [version, progress text, number of recorded saves] as JSON."""
    from shinchoku.audit.models import AuditEntry
    from shinchoku.evaluations.models import Entry

    saves: dict[str, int] = {}
    for object_id in AuditEntry.objects.filter(action="save_entry").values_list("object_id", flat=True):
        saves[object_id] = saves.get(object_id, 0) + 1
    json.dump(
        {
            entry.pk: [entry.version, entry.progress, saves.get(str(entry.pk), 0)]
            for entry in Entry.objects.all()
        },
        sys.stdout,
    )


def main(arguments: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shinchoku.settings")
    import django

    django.setup()
    command, *rest = arguments
    if command == "setup":
        setup()
    elif command == "write":
        write(int(rest[0]), int(rest[1]) if len(rest) > 1 else None)
    elif command == "dump":
        dump()
    elif command == "entries":
        entries()
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
