"""``shinchoku backup`` and ``shinchoku restore`` as an administrator runs them, on the test run's engine.

The data is written by separate processes through the services while the backup runs; the
restored database is compared table by table, row by row.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from shinchoku.backup import SQLITE_APPLICATION_ID
from tests.backup_writer import WRITERS
from tests.serving import COMMAND, environment, run, wait_until


def create_postgres_database() -> str:
    """A new database on the test run's PostgreSQL server; its DATABASE_URL."""
    import psycopg

    server = settings.DATABASES["default"]
    name = f"backup_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        host=server["HOST"], port=server["PORT"], user=server["USER"], dbname="postgres", autocommit=True
    ) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}/{name}"


POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
ENGINE = "PostgreSQL" if POSTGRES else "SQLite"


def prepare(folder: Path) -> dict[str, str]:
    """A production environment on a fresh, migrated database holding the tiny plan."""
    folder.mkdir()
    env = environment(folder, create_postgres_database() if POSTGRES else None)
    result = run(["manage", "migrate"], env)
    assert result.returncode == 0, result.stderr
    helper(env, "setup")
    return env


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return prepare(tmp_path / "data")


@pytest.fixture(scope="module")
def untouched(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Like ``env``, for the tests whose restores are all refused (the database stays as it is)."""
    return prepare(tmp_path_factory.mktemp("untouched") / "data")


def helper(env: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [COMMAND[0], "-m", "tests.backup_writer", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def tables(env: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(helper(env, "dump"))
    return data


class Writer:
    """``tests.backup_writer write`` in the background, its acknowledged saves gathered as they come."""

    def __init__(self, env: dict[str, str], index: int) -> None:
        self.process = subprocess.Popen(
            [COMMAND[0], "-m", "tests.backup_writer", "write", str(index)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        self.acks: list[tuple[int, int, str]] = []
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            _, entry, version, text = line.rstrip("\n").split(" ", 3)
            self.acks.append((int(entry), int(version), text))

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.reader.join(timeout=30)
        assert self.process.stderr is not None
        return self.process.stderr.read()


def restore(env: dict[str, str], path: Path) -> None:
    result = run(["restore", str(path), "--yes"], env)
    assert result.returncode == 0, result.stderr
    assert "から復元しました" in result.stdout


def entries(env: dict[str, str]) -> dict[int, tuple[int, str, int]]:
    """Entry id → (version, progress text, recorded saves)."""
    return {
        int(pk): (state[0], state[1], state[2]) for pk, state in json.loads(helper(env, "entries")).items()
    }


def test_a_backup_taken_while_writers_save_keeps_every_acknowledged_save_and_restores_identically(
    env: dict[str, str], tmp_path: Path
) -> None:
    before = entries(env)
    writers = [Writer(env, index) for index in range(WRITERS)]
    try:
        started = wait_until(lambda: all(len(writer.acks) >= 20 for writer in writers), 120)
        assert started, [(len(writer.acks), writer.stop()) for writer in writers]
        acknowledged = [ack for writer in writers for ack in list(writer.acks)]  # all before the backup
        busy_backup = tmp_path / "busy.backup"
        result = run(["backup", str(busy_backup)], env)
        assert result.returncode == 0, result.stderr
        assert "バックアップしました" in result.stdout
        saved_by_then = sum(len(writer.acks) for writer in writers)
        assert wait_until(lambda: sum(len(writer.acks) for writer in writers) >= saved_by_then + 20, 120)
    finally:
        errors = [writer.stop() for writer in writers]
    assert not any("Error" in error for error in errors), errors

    live = tables(env)
    quiet_backup = tmp_path / "quiet.backup"
    assert run(["backup", str(quiet_backup)], env).returncode == 0
    helper(env, "write", "0", "5")  # the database moves on
    assert tables(env) != live
    restore(env, quiet_backup)
    assert tables(env) == live  # every table, every row

    restore(env, busy_backup)
    restored = entries(env)
    last: dict[int, tuple[int, str]] = {}
    for entry, version, text in acknowledged:
        if version > last.get(entry, (0, ""))[0]:
            last[entry] = (version, text)
    for entry, (version, text) in last.items():
        restored_version, restored_text, _ = restored[entry]
        assert restored_version >= version, (
            f"entry {entry}: the save acknowledged as version {version} is lost"
        )
        if restored_version == version:
            assert restored_text == text
    # One moment of the database: each entry's version matches the audit records of its saves.
    for entry, (version, _, saves) in restored.items():
        assert version - before[entry][0] == saves - before[entry][2], (
            f"entry {entry} and its history disagree"
        )


def refused_restore(env: dict[str, str], path: Path, *arguments: str) -> str:
    """Try to restore ``path``; assert it is refused and the database unchanged; the message."""
    before = tables(env)
    result = run(["restore", str(path), *arguments], env)
    assert result.returncode != 0
    assert tables(env) == before
    return result.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(untouched: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("ただのメモ\n", encoding="utf-8")
    assert "shinchoku のバックアップではありません" in refused_restore(untouched, path, "--yes")


def test_restore_refuses_a_sqlite_database_that_backup_did_not_make(
    untouched: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "other.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE django_migrations (id INTEGER)")
        connection.commit()
    message = refused_restore(untouched, path, "--yes")
    if POSTGRES:
        assert "SQLite のバックアップですが、このサーバーのデータベースは PostgreSQL です" in message
    else:
        assert "shinchoku backup で作ったバックアップではありません" in message


def test_restore_refuses_a_backup_of_the_other_engine(untouched: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "other-engine.backup"
    if POSTGRES:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
            connection.execute("CREATE TABLE django_migrations (id INTEGER)")
            connection.commit()
        other = "SQLite"
    else:
        path.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(100))
        other = "PostgreSQL"
    assert f"{other} のバックアップですが、このサーバーのデータベースは {ENGINE} です" in refused_restore(
        untouched, path, "--yes"
    )


def test_restore_without_yes_and_without_a_terminal_asks_for_yes(
    untouched: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "real.backup"
    assert run(["backup", str(path)], untouched).returncode == 0
    assert "--yes を付けて" in refused_restore(untouched, path)


def test_backup_into_a_missing_folder_is_refused_in_japanese(
    untouched: dict[str, str], tmp_path: Path
) -> None:
    result = run(["backup", str(tmp_path / "no-such-folder" / "x.backup")], untouched)
    assert result.returncode == 2
    assert "がありません。先に作成してください" in result.stderr


def test_backup_of_a_database_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    if POSTGRES:
        env = environment(tmp_path, f"{create_postgres_database()}-missing")
        expected = "バックアップに失敗しました(pg_dump:"
    else:
        env = environment(tmp_path, f"sqlite:///{tmp_path / 'missing.sqlite3'}")
        expected = "がありません。DATABASE_URL と SHINCHOKU_DATA_DIR を確認してください"
    result = run(["backup", str(tmp_path / "x.backup")], env)
    assert result.returncode == 2
    assert expected in result.stderr
    assert not (tmp_path / "x.backup").exists()
