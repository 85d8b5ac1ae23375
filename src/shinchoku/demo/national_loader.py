"""Loading generated rows fast: tuples buffered per table, written with PostgreSQL's ``COPY … FROM
STDIN`` (psycopg 3) or, on SQLite, one multi-row ``executemany`` per batch.

The generator assigns the primary keys itself (:meth:`RowLoader.next_id`, from the table's
largest key), so a row can name its parents before they are written; :meth:`RowLoader.finish`
moves PostgreSQL's sequences past them (SQLite's AUTOINCREMENT follows explicit keys by itself).
Tables are flushed in the order they were first used, parents first, whenever the buffer holds
:data:`BATCH_ROWS` rows, so memory stays flat whatever the size. Constraints and B-tree indexes
stay on: the foreign keys are checked at the end of each ``COPY`` (``SET CONSTRAINTS ALL
IMMEDIATE``), so a wrong key fails the load at once instead of at commit. GIN indexes (the search
key's trigram index) are the exception: kept up row by row they made the search documents' COPY
about ten times slower than the entries', so a loaded table's GIN indexes are dropped when it is
first written and created again from their own definitions by :meth:`RowLoader.finish`, inside
the same transaction, after which the loaded tables are analysed so that the queries that follow
(the snapshots of the published years) are planned on their real sizes.

Only model fields are written, by name; a field left out gets its model default (or ``now`` for
the ``auto_now`` ones), as ``Model.objects.create`` would give it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

BATCH_ROWS = 20_000

_Row = tuple[Any, ...]


class _Table:
    """The columns of one model, with what a left-out field gets."""

    def __init__(self, model: type[models.Model], now: datetime) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.names = [field.attname for field in self.fields]
        self.index = {name: position for position, name in enumerate(self.names)}
        for field in self.fields:  # ``rating`` as well as ``rating_id``
            self.index.setdefault(field.name, self.index[field.attname])
        self.template = [self._default(field, now) for field in self.fields]
        self.rows: list[_Row] = []
        converters = [_sqlite_converter(field) for field in self.fields]
        self.sqlite_converters: list[tuple[int, Callable[[Any], Any]]] = [
            (position, convert) for position, convert in enumerate(converters) if convert is not None
        ]

    @staticmethod
    def _default(field: models.Field[Any, Any], now: datetime) -> Any:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        if field.primary_key:
            return None
        return field.get_default() if field.has_default() or not field.null else None

    def row(self, values: dict[str, Any]) -> _Row:
        row = list(self.template)
        for name, value in values.items():
            row[self.index[name]] = value
        return tuple(row)


def _sqlite_converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How SQLite stores a value of ``field`` as Django writes it (text for dates and decimals)."""
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: None if value is None else str(value)
    return None


class RowLoader:
    """Buffer rows by model and write them in bulk; use inside a transaction."""

    def __init__(self, *, batch_rows: int = BATCH_ROWS) -> None:
        self.batch_rows = batch_rows
        self.now = timezone.now()
        self.postgres = connection.vendor == "postgresql"
        self.tables: dict[type[models.Model], _Table] = {}
        self.ids: dict[type[models.Model], int] = {}
        self.written: dict[str, int] = {}
        self.buffered = 0
        self.suspended_indexes: list[str] = []  # definitions of the GIN indexes dropped for the load
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def next_id(self, model: type[models.Model]) -> int:
        """A fresh primary key for ``model``: one more than the largest in the table or given out."""
        if model not in self.ids:
            self.ids[model] = model._default_manager.aggregate(largest=Max("pk"))["largest"] or 0
        self.ids[model] += 1
        return self.ids[model]

    def add(self, model: type[models.Model], **values: Any) -> int:
        """Buffer one row of ``model`` (fields by name; ``id`` is given out when missing); return its key."""
        table = self.tables.get(model)
        if table is None:
            table = self.tables[model] = _Table(model, self.now)
            if self.postgres:
                self._suspend_gin_indexes(model._meta.db_table)
        if "id" not in values:
            values["id"] = self.next_id(model)
        table.rows.append(table.row(values))
        self.buffered += 1
        if self.buffered >= self.batch_rows:
            self.flush()
        return int(values["id"])

    def flush(self) -> None:
        """Write every buffered row, table by table in the order the tables were first used."""
        for table in self.tables.values():
            if table.rows:
                self._write(table)
                self.written[table.model._meta.db_table] = self.written.get(
                    table.model._meta.db_table, 0
                ) + len(table.rows)
                table.rows = []
        self.buffered = 0

    def finish(self) -> dict[str, int]:
        """Flush, move PostgreSQL's sequences past the keys given out; return rows written per table."""
        self.flush()
        if self.postgres:
            with connection.cursor() as cursor:
                for model, largest in self.ids.items():
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, largest]
                    )
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                for definition in self.suspended_indexes:
                    cursor.execute(definition)
                self.suspended_indexes = []
                for model in self.tables:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return dict(self.written)

    def _suspend_gin_indexes(self, table: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = %s AND indexdef LIKE %s",
                [table, "% USING gin %"],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                self.suspended_indexes.append(definition)

    def _write(self, table: _Table) -> None:
        quoted = connection.ops.quote_name
        name = quoted(table.model._meta.db_table)
        columns = ", ".join(quoted(field.column) for field in table.fields)
        with connection.cursor() as cursor:
            if self.postgres:
                json_positions = [
                    position
                    for position, field in enumerate(table.fields)
                    if isinstance(field, models.JSONField)
                ]
                with cursor.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                    for row in table.rows:
                        if json_positions:
                            row = _with_json(row, json_positions)
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(table.fields))
            rows = [_converted(row, table.sqlite_converters) for row in table.rows]
            cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)


def _with_json(row: _Row, positions: list[int]) -> _Row:
    values = list(row)
    for position in positions:
        values[position] = json.dumps(values[position], ensure_ascii=False)
    return tuple(values)


def _converted(row: _Row, converters: list[tuple[int, Callable[[Any], Any]]]) -> _Row:
    if not converters:
        return row
    values = list(row)
    for position, convert in converters:
        if isinstance(values[position], date | datetime | Decimal | dict | list):
            values[position] = convert(values[position])
    return tuple(values)
