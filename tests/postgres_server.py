"""A throw-away PostgreSQL server for the test run.

``SHINCHOKU_TEST_DATABASE=postgres`` makes :mod:`tests.settings` call :func:`start`, which creates a
cluster in a temporary folder (as the ``postgres`` user when run as root, since initdb refuses
root), starts it on a free loopback port and stops it when the test process exits. The benchmarks
(:mod:`bench.cluster`) start theirs with :func:`launch` and stop it themselves.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEARCH_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


class PostgresUnavailableError(RuntimeError):
    pass


def _binary(name: str) -> str:
    for directory in SEARCH_DIRS:
        candidate = directory / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise PostgresUnavailableError(f"{name} not found; install PostgreSQL (Debian: postgresql)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    """A running throw-away server: its DATABASE_URL, its log file, and how to stop it (which also
    removes its folder)."""

    url: str
    log: Path
    stop: Callable[[], None]


def launch(*settings: str) -> Server:
    """Start a server (extra ``-c name=value`` ``settings`` on top of the fast, unsafe ones of a
    throw-away cluster) and return it; the caller stops it."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    as_root = os.geteuid() == 0
    run_as: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="shinchoku-pg-"))
    if as_root:
        postgres_user = pwd.getpwnam("postgres")
        os.chown(root, postgres_user.pw_uid, postgres_user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    subprocess.run(
        [
            *run_as,
            initdb,
            "-D",
            str(data),
            "-U",
            "shinchoku",
            "--auth=trust",
            "--locale=C.UTF-8",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -k {root} -c fsync=off -c synchronous_commit=off"
    options += "".join(f" -c {setting}" for setting in settings)
    subprocess.run(
        [*run_as, pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w", "start"],
        check=True,
        capture_output=True,
    )

    def stop() -> None:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

    return Server(f"postgres://shinchoku@127.0.0.1:{port}/postgres", root / "server.log", stop)


def start() -> str:
    """Start a server and return its DATABASE_URL; the server stops when the process exits."""
    server = launch()
    atexit.register(server.stop)
    return server.url
