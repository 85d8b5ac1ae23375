"""``shinchoku backup FILE`` and ``shinchoku restore FILE``: a consistent copy of the whole database.

SQLite: SQLite's online backup API copies a consistent snapshot while the server goes on writing
(copying the file itself can lose the last saves, still in the write-ahead log); the copy is marked
with :data:`SQLITE_APPLICATION_ID` in its header. A restore checks the file, copies it into a
temporary database and from there into the live one with the same API, in one step under one write
lock, so a failure leaves the live database as it was.

PostgreSQL: ``pg_dump -Fc`` and ``pg_restore --clean --if-exists --single-transaction``, connected
with the server's DATABASE_URL; the single transaction means a failed restore changes nothing.

A backup is written to a temporary file beside FILE and renamed into place, so FILE is either the
previous backup or a complete new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# "SNCK": PRAGMA application_id of a shinchoku SQLite backup (see sqlite.org/fileformat.html).
SQLITE_APPLICATION_ID = 0x534E434B
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Tables that every shinchoku database has; a file without them is not a shinchoku backup.
REQUIRED_TABLES = ("django_migrations", "accounts_user", "plans_plan")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message (Japanese) says why and what to do."""


@dataclass(frozen=True)
class Database:
    """The connection settings of Django's default database."""

    engine: str  # "sqlite" or "postgresql"
    settings: dict[str, Any]

    @property
    def label(self) -> str:
        return "SQLite" if self.engine == "sqlite" else "PostgreSQL"


def current_database() -> Database:
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = "sqlite" if database["ENGINE"].endswith("sqlite3") else "postgresql"
    return Database(engine=engine, settings=dict(database))


def backup(target: Path) -> Database:
    """Write a backup of the current database to ``target``; return the database backed up."""
    database = current_database()
    if target.is_dir():
        raise BackupError(f"{target} はフォルダです。バックアップを書き出すファイル名を指定してください。")
    if not target.parent.is_dir():
        raise BackupError(f"フォルダ {target.parent} がありません。先に作成してください。")
    with _temporary_beside(target) as temporary:
        if database.engine == "sqlite":
            _backup_sqlite(database, temporary)
        else:
            _run(
                [_pg_binary("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(temporary)],
                database,
                "バックアップ",
            )
        os.replace(temporary, target)
    return database


def check_backup(source: Path, database: Database) -> None:
    """Raise :class:`BackupError` unless ``source`` is a shinchoku backup for ``database``'s engine."""
    if not source.is_file():
        raise BackupError(f"ファイル {source} が見つかりません。")
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    engine = "sqlite" if head == SQLITE_MAGIC else "postgresql" if head.startswith(PG_DUMP_MAGIC) else None
    if engine is None:
        raise BackupError(
            f"{source} は shinchoku のバックアップではありません(SQLite のデータベースでも pg_dump の"
            "ファイルでもありません)。shinchoku backup で作ったファイルを指定してください。"
        )
    if engine != database.engine:
        made_by = "SQLite" if engine == "sqlite" else "PostgreSQL"
        raise BackupError(
            f"{source} は {made_by} のバックアップですが、"
            f"このサーバーのデータベースは {database.label} です。"
            f"{database.label} で作ったバックアップを指定してください。"
        )
    tables = _sqlite_backup_tables(source) if engine == "sqlite" else _pg_dump_tables(source, database)
    missing = [table for table in REQUIRED_TABLES if table not in tables]
    if missing:
        raise BackupError(
            f"{source} は shinchoku のバックアップではありません(表 {'、'.join(missing)} がありません)。"
            "shinchoku backup で作ったファイルを指定してください。"
        )


def restore(source: Path) -> Database:
    """Replace the current database's content with the backup ``source``, all or nothing."""
    database = current_database()
    check_backup(source, database)
    from django.db import connections

    connections.close_all()
    if database.engine == "sqlite":
        _restore_sqlite(database, source)
    else:
        _run(
            [
                _pg_binary("pg_restore"),
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                "-d",
                database.settings["NAME"],
                str(source),
            ],
            database,
            "復元",
        )
    return database


@contextlib.contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """A fresh path in ``target``'s folder (same file system: the rename is atomic), removed if left."""
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(descriptor)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _backup_sqlite(database: Database, temporary: Path) -> None:
    if not Path(database.settings["NAME"]).is_file():
        raise BackupError(
            f"データベース {database.settings['NAME']} がありません。"
            "DATABASE_URL と SHINCHOKU_DATA_DIR を確認してください。"
        )
    live = sqlite3.connect(
        database.settings["NAME"], timeout=database.settings.get("OPTIONS", {}).get("timeout", 20)
    )
    copy = sqlite3.connect(temporary)
    try:
        live.backup(copy)
        # One self-contained file (the live database is in WAL mode), marked as ours.
        copy.execute("PRAGMA journal_mode=DELETE")
        copy.execute(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
        copy.commit()
    except sqlite3.Error as error:
        raise BackupError(f"バックアップに失敗しました(SQLite: {error})。") from None
    finally:
        copy.close()
        live.close()


def _sqlite_backup_tables(source: Path) -> set[str]:
    try:
        connection = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            (application_id,) = connection.execute("PRAGMA application_id").fetchone()
            names = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise BackupError(f"{source} を読めません(SQLite: {error})。") from None
    if application_id != SQLITE_APPLICATION_ID:
        raise BackupError(
            f"{source} は SQLite のデータベースですが、shinchoku backup で作ったバックアップではありません。"
            "shinchoku backup で作ったファイルを指定してください。"
        )
    return names


def _restore_sqlite(database: Database, source: Path) -> None:
    live_path = Path(database.settings["NAME"])
    live_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shinchoku-restore-") as folder:
        staged = Path(folder) / "restore.sqlite3"
        shutil.copyfile(source, staged)
        copy = sqlite3.connect(staged)
        live = sqlite3.connect(live_path, timeout=database.settings.get("OPTIONS", {}).get("timeout", 20))
        try:
            copy.backup(live)
            # The copy's header says "rollback journal": the server expects WAL, as before.
            live.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as error:
            raise BackupError(
                f"復元に失敗しました(SQLite: {error})。データベースは変更していません。"
            ) from None
        finally:
            live.close()
            copy.close()


def _pg_binary(name: str) -> str:
    """``name`` from the newest installed PostgreSQL (pg_dump must not be older than the server)."""
    versions = [
        folder for folder in Path("/usr/lib/postgresql").glob("*/bin") if folder.parent.name.isdigit()
    ]
    for folder in sorted(versions, key=lambda folder: int(folder.parent.name), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} が見つかりません。PostgreSQL のクライアント(Debian: postgresql-client)を入れてください。"
        )
    return found


def _pg_environment(database: Database) -> dict[str, str]:
    settings = database.settings
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def _run(command: list[str], database: Database, action: str) -> str:
    result = subprocess.run(
        command, env=_pg_environment(database), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()
        raise BackupError(
            f"{action}に失敗しました"
            f"({Path(command[0]).name}: {detail[-1] if detail else result.returncode})。"
            + ("データベースは変更していません。" if action == "復元" else "")
        )
    return result.stdout


def _pg_dump_tables(source: Path, database: Database) -> set[str]:
    listing = _run([_pg_binary("pg_restore"), "--list", str(source)], database, "バックアップの読み取り")
    tables = set()
    for line in listing.splitlines():
        # e.g. "215; 1259 16390 TABLE public accounts_user shinchoku"
        parts = line.split()
        if "TABLE" in parts and not line.startswith(";"):
            index = parts.index("TABLE")
            if index + 2 < len(parts):
                tables.add(parts[index + 2])
    return tables
