"""Several ``shinchoku serve`` sharing one database and one Redis (``SHINCHOKU_CACHE_URL``) share
their page cache: a page rendered by one server is a hit on the other, and a crowd asking both for a
page missing from the cache gets it rendered once. Real processes, real Redis."""

from __future__ import annotations

import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.serving import (
    COMMAND,
    answers,
    environment,
    free_port,
    run,
    stop_server,
    wait_until,
)

CROWD = 8  # requests to each server at once
# Seconds after which a request of these tests is taken as stuck: a bound, never reached when all is well.
STUCK = 60.0
PAGE_PREFIX = "shinchoku-pages:1:page:"


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a production server on the demo's SQLite database."""
    env = environment(tmp_path_factory.mktemp("several"))
    result = run(["demo", "--no-serve"], env)
    assert result.returncode == 0, result.stderr
    return env


class Server:
    """``shinchoku serve --workers 1`` on a free port: one process answering, beside its parent."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = log
        with log.open("ab") as stream:
            port = self.url.rsplit(":", 1)[1]
            self.process = subprocess.Popen(
                [*COMMAND, "serve", "--port", port, "--workers", "1"], env=env, stdout=stream, stderr=stream
            )

    def get(self, path: str) -> tuple[str, bytes]:
        """The ``X-Page-Cache`` header and the body of the page at ``path``."""
        with urllib.request.urlopen(self.url + path, timeout=STUCK) as response:
            return response.headers["X-Page-Cache"], response.read()

    def stop(self) -> None:
        stop_server(self.process)


@pytest.fixture
def servers(demo_data: dict[str, str], redis_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    redis.Redis.from_url(redis_url).flushdb()
    env = demo_data | {"SHINCHOKU_CACHE_URL": redis_url}
    running = [Server(env, tmp_path / f"serve-{index}.log") for index in (1, 2)]
    try:
        for server in running:
            assert wait_until(lambda url=server.url: answers(url + "/")), server.log.read_text()
        yield running[0], running[1]
    finally:
        for server in running:
            server.stop()


def test_a_page_rendered_by_one_server_is_served_from_the_cache_by_the_other(
    servers: tuple[Server, Server],
) -> None:
    first, second = servers

    served_first, page = first.get("/plans/1/")
    served_second, same_page = second.get("/plans/1/")

    assert (served_first, served_second) == ("miss", "hit")
    assert same_page == page


def test_a_crowd_asking_two_servers_at_once_for_a_missing_page_gets_it_rendered_once(
    servers: tuple[Server, Server], redis_url: str
) -> None:
    """Every render stores the page with one SET of its key, which Redis's MONITOR shows."""
    client = redis.Redis.from_url(redis_url)
    commands: list[str] = []
    with client.monitor() as monitor:

        def record() -> None:
            while not (command := monitor.next_command()["command"]).startswith("ECHO end-of-test"):
                commands.append(command)

        recorder = threading.Thread(target=record, daemon=True)
        recorder.start()
        together = threading.Barrier(2 * CROWD)
        served: list[tuple[str, bytes]] = []

        def visit(server: Server) -> None:
            together.wait(STUCK)
            served.append(server.get("/plans/2/"))

        visits = [threading.Thread(target=visit, args=(server,)) for server in servers * CROWD]
        for thread in visits:
            thread.start()
        for thread in visits:
            thread.join(STUCK)
        redis.Redis.from_url(redis_url).echo("end-of-test")
        recorder.join(STUCK)

    stores = [command for command in commands if command.startswith(f"SET {PAGE_PREFIX}")]
    assert len(served) == 2 * CROWD
    assert {body for _, body in served} == {served[0][1]}
    assert {header for header, _ in served} <= {"miss", "hit"}
    assert len(stores) == 1, stores
