"""``shinchoku serve`` supervises its workers: real processes, real signals, bounded waits."""

from __future__ import annotations

import os
import signal
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from shinchoku.server import MAX_PAUSE_SECONDS, restart_pause
from tests.serving import (
    COMMAND,
    alive,
    answers,
    children,
    environment,
    free_port,
    run,
    stop_server,
    wait_until,
)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a production server on a migrated SQLite database."""
    env = environment(tmp_path_factory.mktemp("serve"))
    result = run(["manage", "migrate"], env)
    assert result.returncode == 0, result.stderr
    return env


class Server:
    """``shinchoku serve --workers 2`` on a free port, its output in ``log``."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self.start(env)

    def start(self, env: dict[str, str]) -> None:
        """Start the server (again) on the same port."""
        with self.log.open("ab") as stream:
            self.process = subprocess.Popen(
                [*COMMAND, "serve", "--port", str(self.port), "--workers", "2"],
                env=env,
                stdout=stream,
                stderr=stream,
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        stop_server(self.process)


@pytest.fixture
def server(migrated: dict[str, str], tmp_path: Path) -> Iterator[Server]:
    running = Server(migrated, tmp_path / "serve.log")
    try:
        assert wait_until(lambda: answers(running.url)), running.output()
        yield running
    finally:
        running.stop()


def test_serve_with_workers_answers_from_that_many_processes_and_stops_them_all(server: Server) -> None:
    # Production without SHINCHOKU_PUBLIC_URL starts, warning in Japanese.
    assert "警告 (shinchoku.W001): SHINCHOKU_PUBLIC_URL が設定されていません" in server.output()
    workers = children(server.process.pid)
    assert len(workers) == 2
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
    assert wait_until(lambda: not any(alive(pid) for pid in workers), 30)
    assert not answers(server.url)


def test_a_killed_worker_is_replaced_and_the_server_keeps_answering(server: Server) -> None:
    workers = children(server.process.pid)
    victim = min(workers)
    os.kill(victim, signal.SIGKILL)
    assert wait_until(lambda: len(children(server.process.pid) - {victim}) == 2, 60), server.output()
    assert server.process.poll() is None
    assert answers(server.url)
    assert f"処理用プロセス {victim} がシグナル SIGKILL で終了しました。再起動します。" in server.output()


def test_killing_the_parent_ends_its_workers_and_a_new_start_gets_the_port(
    server: Server, migrated: dict[str, str]
) -> None:
    workers = children(server.process.pid)
    server.process.kill()  # SIGKILL: the parent can do nothing about it
    server.process.wait(timeout=30)
    assert wait_until(lambda: not any(alive(pid) for pid in workers), 30), "orphan workers left"
    server.start(migrated)
    assert wait_until(lambda: answers(server.url)), server.output()
    assert "Address already in use" not in server.output()


def test_workers_dying_at_once_are_restarted_after_growing_pauses_then_given_up(tmp_path: Path) -> None:
    """A worker whose socket is unusable dies as soon as it starts: no restart storm, a clear end."""
    script = textwrap.dedent(
        """
        import socket
        from shinchoku import server
        server.MAX_QUICK_DEATHS = 4
        server.FIRST_PAUSE_SECONDS = 0.05
        listener = socket.socket()
        listener.close()  # waitress fails on it at once
        print("outcome", server.Supervisor(lambda *args: None, listener, {"threads": 1}, 2).run())
        """
    )
    result = subprocess.run(
        [COMMAND[0], "-c", script], capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path
    )
    assert "outcome False" in result.stdout, result.stderr
    assert "起動直後の異常終了が 4 回続いたため、サーバーを停止します" in result.stderr
    assert "0.05 秒後に再起動します" in result.stderr
    assert "0.1 秒後に再起動します" in result.stderr


def test_the_pause_before_a_restart_grows_with_consecutive_quick_deaths_up_to_a_limit() -> None:
    pauses = [restart_pause(deaths) for deaths in range(1, 12)]
    assert pauses[0] == 0.0  # one death: restarted at once
    assert pauses == sorted(pauses)
    assert pauses[-1] == MAX_PAUSE_SECONDS


def test_without_the_kernels_help_a_worker_still_ends_when_its_parent_dies(tmp_path: Path) -> None:
    """The getppid watch, for systems without PR_SET_PDEATHSIG: the parent exits, the child follows."""
    script = textwrap.dedent(
        """
        import os, time
        from shinchoku import server
        server.ask_kernel_for_parent_death_signal = lambda: False
        server.PARENT_WATCH_SECONDS = 0.1
        parent = os.getpid()
        child = os.fork()
        if child == 0:
            server.end_with_parent(parent)
            time.sleep(600)
            os._exit(3)
        print(child, flush=True)
        os._exit(0)
        """
    )
    result = subprocess.run(
        [COMMAND[0], "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    child = int(result.stdout.split()[0])
    try:
        assert wait_until(lambda: not alive(child), 30), "the child outlived its parent"
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)


def test_waitress_passes_the_forwarded_client_address_on_only_when_the_proxies_are_named() -> None:
    from shinchoku.server import waitress_options

    named = waitress_options(threads=4, behind_tls_proxy=True, forwards_client_address=True)
    unnamed = waitress_options(threads=4, behind_tls_proxy=True)

    assert named["clear_untrusted_proxy_headers"] is False
    assert named["trusted_proxy_headers"] == {"x-forwarded-proto"}
    assert "clear_untrusted_proxy_headers" not in unnamed  # waitress's default: X-Forwarded-For removed
