"""The README's run command end to end: ``shinchoku demo`` in its own process, on a fresh folder."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

START_TIMEOUT_SECONDS = 180  # generous: generation shares two cores with the rest of the suite


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """Start ``shinchoku demo`` on a free port with an empty data folder; yield (address, output lines)."""
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SHINCHOKU_TEST_DATABASE", "SHINCHOKU_SECRET_KEY"}
    } | {"SHINCHOKU_DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen(
        [sys.executable, "-m", "shinchoku.cli", "demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    try:
        while not any("終了するには" in line for line in seen):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("shinchoku demo did not start:\n" + "".join(seen))
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
        yield f"http://127.0.0.1:{port}/", seen
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url: str) -> str:
    for _ in range(50):  # the listening socket may open a moment after the banner is printed
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return str(response.read().decode("utf-8"))
        except ConnectionRefusedError:
            time.sleep(0.2)
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError):
                raise
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def test_the_demo_command_prints_the_address_and_login_and_serves_the_generated_plan(
    demo_server: tuple[str, list[str]],
) -> None:
    address, output = demo_server
    text = "".join(output)
    assert address in text
    assert "ログインID: demo" in text
    assert "パスワード: shinchoku-demo" in text
    assert "みどり市" in get(address)
    assert "ログイン" in get(address + "login/")
