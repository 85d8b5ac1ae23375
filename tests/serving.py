"""Helpers for tests that run the real ``shinchoku`` command as a subprocess (serve, backup …)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

COMMAND = [sys.executable, "-m", "shinchoku.cli"]
SECRET_KEY = "subprocess-test-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEF"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(data_dir: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """This process's environment without shinchoku's and Django's settings, plus a production set-up
    on ``database_url`` (by default a SQLite file in ``data_dir``)."""
    return (
        {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SHINCHOKU_", "DJANGO_")) and key != "DATABASE_URL"
        }
        | {
            "SHINCHOKU_DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url or f"sqlite:///{data_dir / 'shinchoku.sqlite3'}",
            "SHINCHOKU_SECRET_KEY": SECRET_KEY,
            "SHINCHOKU_ALLOWED_HOSTS": "127.0.0.1",
        }
        | extra
    )


def run(arguments: list[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``shinchoku ARGUMENTS`` to the end (at most five minutes), without standard input."""
    return subprocess.run(
        [*COMMAND, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def wait_until(condition: Callable[[], bool], seconds: float = 60.0) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass; its last answer."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return condition()
        time.sleep(0.2)
    return True


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def children(pid: int) -> set[int]:
    """The processes ``pid`` forked (Linux)."""
    try:
        return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except FileNotFoundError:
        return set()


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, counts as ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Kill ``shinchoku serve`` and every worker it started, whatever state they are in."""
    pids = children(process.pid)
    if process.poll() is None:
        process.kill()
        process.wait(timeout=30)
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
