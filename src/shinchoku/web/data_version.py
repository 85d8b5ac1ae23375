"""The version of the data a page shows, read from the audit log, and what a page of an older
version lacks.

Every change to the data goes through a service that records an :class:`~shinchoku.audit.models.AuditEntry`
in the same transaction (the demo generator and the importer included), so the state of the audit
log is a version of everything a page shows. Both queries are written in SQL because a page served
from the cache runs them: the ORM would spend more time building them than the database running them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from shinchoku.audit.models import AuditEntry

# How far back the version counts recorded changes; see data_version().
RECENT_IDS = 1000


@dataclass(frozen=True)
class DataVersion:
    """The newest audit entry's id and time, and how many of the last ``RECENT_IDS`` ids are recorded.

    The newest id alone would miss a transaction that took an id before another one but committed
    after it (possible on PostgreSQL); the count over the recent ids still changes when it commits.
    The newest entry's time tells apart two databases that reach the same ids (a restored backup).
    """

    newest_id: int
    count: int
    at: datetime

    def __str__(self) -> str:
        return f"{self.newest_id}-{self.count}-{self.at.isoformat()}"


@dataclass(frozen=True)
class Missed:
    """The changes recorded after some audit entry: when the first of them was recorded (None when
    there is none after it) and whether one was made by the reader asking."""

    since: datetime | None
    by_reader: bool


def data_version() -> DataVersion | None:
    """The version of the data; None while nothing has been recorded (the data's origin is then
    unknown, so nothing is cached).

    The whole log is used rather than one municipality's: the home page and the search span every
    municipality, changes recorded without a municipality count too, and the query stays one short
    index range whatever the size of the log.
    """
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(id), COUNT(*), MAX(at) FROM {table} WHERE id > (SELECT MAX(id) FROM {table}) - %s",
            [RECENT_IDS],
        )
        newest, count, at = cursor.fetchone()
    if newest is None:
        return None
    return DataVersion(newest, count, _aware(at))


def missed_since(newest_id: int, reader_id: int | None) -> Missed:
    """What a page rendered at the version whose newest entry is ``newest_id`` lacks: the time of the
    first change recorded after it, and whether user ``reader_id`` (None: an anonymous visitor)
    recorded one of them. One index range over the entries after it, which are few: those since the
    page was rendered."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(at), COUNT(CASE WHEN actor_id = %s THEN 1 END) FROM {table} WHERE id > %s",
            [reader_id, newest_id],
        )
        since, mine = cursor.fetchone()
    return Missed(None if since is None else _aware(since), bool(mine))


def _aware(value: datetime | str) -> datetime:
    """A time read by raw SQL: SQLite gives text (MIN/MAX skip the column's converter), and a naive
    time when the project stores times in UTC."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        raise ValueError(f"not a time: {value!r}")
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
