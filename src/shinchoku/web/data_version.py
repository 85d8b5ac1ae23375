"""The version of the data a page shows, read from the audit log, and what a page of an older
version lacks.

Every change to the data goes through a service that records an :class:`~shinchoku.audit.models.AuditEntry`
in the same transaction (the demo generator and the importer included), so the state of the audit
log is a version of everything a page shows. A page depends on part of it only, its :data:`Scope`:
a few *lanes* of the log, each the entries of one kind (:class:`Lane`): those of one municipality,
those without a municipality (global: every city's pages may show them), and, for the public
site, only the entries marked ``affects_public`` (a draft of an unpublished round never reaches a
public page). A page's version is the version of each lane of its scope, so a change outside the
scope leaves it current.

The queries are written in SQL because a page served from the cache runs them: the ORM would
spend more time building them than the database running them. Each lane is one short range of
one index of the audit log (see ``AuditEntry.Meta.indexes``), and the lanes of a scope are read
in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from shinchoku.audit.models import AuditEntry
from shinchoku.plans.models import Plan

# How far back the version counts recorded changes; see LaneVersion.
RECENT_IDS = 1000

LaneKind = Literal[
    "everything", "public", "city", "city_public", "plan_city", "plan_city_public", "global", "global_public"
]

# The municipality of a plan, read in the version's own query: no second query, and nothing kept
# that a restored database could contradict.
_PLAN_CITY = "municipality_id = (SELECT municipality_id FROM {plans} WHERE id = %s)"
# Each kind's condition, written as the partial indexes are (the planners match the terms).
_CONDITIONS: dict[LaneKind, str] = {
    "everything": "",
    "public": "affects_public",
    "city": "municipality_id = %s",
    "city_public": "municipality_id = %s AND affects_public",
    "plan_city": _PLAN_CITY,
    "plan_city_public": f"{_PLAN_CITY} AND affects_public",
    "global": "municipality_id IS NULL",
    "global_public": "municipality_id IS NULL AND affects_public",
}
_KEYED = {"city", "city_public", "plan_city", "plan_city_public"}


@dataclass(frozen=True)
class Lane:
    """The audit entries of one kind: ``everything``; ``public`` (those that may alter a public
    page, of any municipality or none); ``city``/``city_public`` (all / the public ones of the
    municipality whose id is ``key``); ``plan_city``/``plan_city_public`` (the same, of the
    municipality of the plan whose id is ``key``: none when there is no such plan);
    ``global``/``global_public`` (all / the public ones recorded without a municipality)."""

    kind: LaneKind
    key: int | None = None

    def __post_init__(self) -> None:
        if (self.key is not None) != (self.kind in _KEYED):
            raise ValueError(
                f"a lane of kind {self.kind!r} takes a key exactly when it is a city's or a plan's"
            )

    def condition(self) -> tuple[str, list[int]]:
        """The SQL condition selecting the lane's entries (empty for every entry) and its parameters."""
        plans = connection.ops.quote_name(Plan._meta.db_table)
        return _CONDITIONS[self.kind].format(plans=plans), [] if self.key is None else [self.key]


EVERYTHING = Lane("everything")
PUBLIC = Lane("public")
GLOBAL = Lane("global")
GLOBAL_PUBLIC = Lane("global_public")

# What a page depends on: lanes of the audit log, in a fixed order (the version lists them so).
Scope = tuple[Lane, ...]


@dataclass(frozen=True)
class LaneVersion:
    """A lane's newest audit entry's id and time, and how many of its entries are among the last
    ``RECENT_IDS`` ids.

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
class DataVersion:
    """The version of each lane of a scope, in the scope's order (None: nothing recorded in it)."""

    scope: Scope
    lanes: tuple[LaneVersion | None, ...]

    def __str__(self) -> str:
        return "|".join("-" if lane is None else str(lane) for lane in self.lanes)

    @property
    def newest_ids(self) -> tuple[int, ...]:
        """Each lane's newest id, 0 for an empty lane."""
        return tuple(0 if lane is None else lane.newest_id for lane in self.lanes)

    def is_older_than(self, other: DataVersion) -> bool:
        """True when ``other`` is of the same scope and has seen a change of some lane that this
        version has not: a page of this version must not replace one of ``other``."""
        return self.scope == other.scope and any(
            mine < theirs for mine, theirs in zip(self.newest_ids, other.newest_ids, strict=True)
        )


@dataclass(frozen=True)
class Missed:
    """The changes recorded after some audit entry: when the first of them was recorded (None when
    there is none after it) and whether one was made by the reader asking."""

    since: datetime | None
    by_reader: bool


def data_version(scope: Scope) -> DataVersion | None:
    """The version of the data in ``scope``; None while nothing has been recorded in it (the data's
    origin is then unknown, so nothing is cached). One query, one short index range per lane."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    selects: list[str] = []
    parameters: list[int] = []
    for position, lane in enumerate(scope):
        condition, values = lane.condition()
        where = f"{condition} AND " if condition else ""
        newest = f"SELECT MAX(id) FROM {table}" + (f" WHERE {condition}" if condition else "")
        selects.append(
            f"SELECT {position}, MAX(id), COUNT(*), MAX(at) FROM {table} WHERE {where}id > ({newest}) - %s"
        )
        parameters += [*values, *values, RECENT_IDS]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), parameters)
        rows = sorted(cursor.fetchall())
    lanes = tuple(
        None if newest is None else LaneVersion(newest, count, _aware(at)) for _, newest, count, at in rows
    )
    if all(lane is None for lane in lanes):
        return None
    return DataVersion(scope, lanes)


def missed_since(version: DataVersion, reader_id: int | None) -> Missed:
    """What a page rendered at ``version`` lacks: the time of the first change of its scope recorded
    after it, and whether user ``reader_id`` (None: an anonymous visitor) recorded one of them.
    One index range per lane over the entries after its newest, which are few: those since the
    page was rendered."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    selects: list[str] = []
    parameters: list[int] = []
    for lane, newest in zip(version.scope, version.newest_ids, strict=True):
        condition, values = lane.condition()
        where = f"{condition} AND " if condition else ""
        selects.append(f"SELECT at, actor_id FROM {table} WHERE {where}id > %s")
        parameters += [*values, newest]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(at), COUNT(CASE WHEN actor_id = %s THEN 1 END) FROM ("
            + " UNION ALL ".join(selects)
            + ") AS missed",
            [reader_id, *parameters],
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
