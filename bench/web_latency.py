"""Page latency under 16 concurrent clients, against the production server (`shinchoku serve`).

For scale 1 and scale 10 of the demo generator, a temporary SQLite database is filled in a child
process, `shinchoku serve` (waitress, production settings) is started on a free loopback port with
``DJANGO_SETTINGS_MODULE=bench.settings`` (the site plus ``/bench/floor/``, a Django view with no
template and no query: the baseline), and 16 client threads request each page type in turn. The page
types are read from the URLconf (``public``, ``web`` and ``search`` namespaces), so pages added
later are measured without editing this file. Each type also gets its query count and a
single-client time from Django's test client, and the search's own query is timed alone.

Every run is bounded: at most ``REQUESTS_PER_CLIENT`` requests per client and ``TIME_LIMIT`` seconds
per page type, on 127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 16
TIME_LIMIT = 30.0
STAFF_USERNAME = "bench-staff"
STAFF_PASSWORD = "bench-staff-password-2024"
SECRET_KEY = "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
SEARCHES = {"2 characters": "福祉", "5 characters": "見守り活動"}
FLOOR = "/bench/floor/"


def _env(data_dir: Path) -> dict[str, str]:
    """A production-mode environment (no debug, no demo flag) for the child processes."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SHINCHOKU_", "DJANGO_")) and name != "DATABASE_URL"
    }
    return env | {
        "SHINCHOKU_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'web.sqlite3'}",
        "SHINCHOKU_SECRET_KEY": SECRET_KEY,
        "SHINCHOKU_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(REPO_ROOT),
    }


# --- in the child process: fill the database and describe the page types ------------------------


def _page_paths(ids: dict[str, int]) -> Iterator[tuple[str, str, bool]]:
    """(label, path, needs staff) for every named GET page of the public, staff and search apps."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace in {"public", "web"}:
                yield f"{namespace}:{pattern.name}", list(pattern.pattern.converters)

    for name, kwargs in walk(get_resolver().url_patterns, None):
        if name in {"web:login", "web:logout"}:
            continue
        # node_id is the 施策 page, except on the project page.
        values = ids | {"node_id": ids["project_id" if name.endswith(":project") else "policy_id"]}
        path = reverse(name, kwargs={kwarg: values[kwarg] for kwarg in kwargs})
        yield name, path, name.startswith("web:")
    for label, query in SEARCHES.items():
        for staff in (False, True):
            yield f"search ({label}){' staff' if staff else ''}", f"/search/?q={quote(query)}", staff


class _QueryCounter:
    """A database execute wrapper that records every statement run."""

    def __init__(self, statements: list[str]) -> None:
        self.statements = statements

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements.append(sql)
        return execute(sql, params, many, context)


def _median_ms(action: Any, repeats: int = 5) -> float:
    action()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000


def prepare(scale: int) -> dict[str, Any]:
    """Migrate, generate the demo at ``scale``, add a staff user; describe every page type."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from shinchoku.demo.accounts import create_demo_user
    from shinchoku.demo.generator import generate_demo
    from shinchoku.evaluations.models import Entry
    from shinchoku.search.query import Filters, matching_entries, query_terms, readable_rounds

    call_command("migrate", verbosity=0)
    summary = generate_demo(scale=scale)
    staff = create_demo_user(username=STAFF_USERNAME, password=STAFF_PASSWORD)
    plan = summary.plan
    project = plan.nodes.filter(level=plan.project_level, listing_of=None).order_by("pk").first()
    policy = plan.nodes.filter(level=plan.project_level - 2).order_by("pk").first()
    department = plan.municipality.departments.order_by("position").first()
    if project is None or policy is None or department is None:
        raise RuntimeError("the demo plan lacks a project, a 施策 or a department")
    ids = {"plan_id": plan.pk, "project_id": project.pk, "policy_id": policy.pk}
    ids |= {"department_id": department.pk, "fiscal_year": 2023}
    pages = []
    for label, path, needs_staff in _page_paths(ids):
        client = Client(HTTP_HOST="127.0.0.1")
        if needs_staff:
            client.force_login(staff)
        queries: list[str] = []
        with connection.execute_wrapper(_QueryCounter(queries)):
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        single = _median_ms(lambda client=client, path=path: client.get(path))
        pages.append({"label": label, "path": path, "staff": needs_staff, "queries": len(queries)})
        pages[-1] |= {"single_ms": single, "bytes": len(response.content)}
    rounds = readable_rounds(AnonymousUser())
    searches = {
        label: _median_ms(lambda q=query: matching_entries(rounds, query_terms(q), Filters()), repeats=20)
        for label, query in SEARCHES.items()
    }
    # A signed-in session for the load clients (stored in the database, so the server accepts it).
    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(staff)
    cookie = f"{settings.SESSION_COOKIE_NAME}={signed_in.cookies[settings.SESSION_COOKIE_NAME].value}"
    return {"entries": Entry.objects.count(), "pages": pages, "search_ms": searches, "staff_cookie": cookie}


# --- in the benchmark process: serve, load, report ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str, cookie: str = "") -> tuple[int, bytes, http.client.HTTPResponse]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, response


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(
                f"shinchoku serve exited: {server.stderr.read().decode() if server.stderr else ''}"
            )
        try:
            if _get(port, FLOOR)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("shinchoku serve did not answer within 60 s")


@dataclass(frozen=True)
class Load:
    seconds: list[float]
    errors: int

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _load(port: int, path: str, cookie: str, requests_per_client: int) -> Load:
    """``CLIENTS`` threads, each with its own keep-alive connection, ``requests_per_client`` each."""
    seconds: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_LIMIT
    headers = {"Cookie": cookie} if cookie else {}

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(requests_per_client):
            if time.monotonic() > deadline:
                break
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            with lock:
                seconds.append(elapsed)
                errors[0] += response.status != 200
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(seconds, errors[0])


def _measure_scale(
    scale: int, requests_per_client: int
) -> tuple[dict[str, Any], list[tuple[dict[str, Any], Load]]]:
    with tempfile.TemporaryDirectory(prefix="shinchoku-web-bench-") as folder:
        env = _env(Path(folder))
        prepared = subprocess.run(
            [sys.executable, "-m", "bench.web_latency", "prepare", str(scale)],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if prepared.returncode != 0:
            raise RuntimeError(f"preparing scale {scale} failed:\n{prepared.stderr[-3000:]}")
        info = json.loads(prepared.stdout)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "shinchoku.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_until_up(port, server)
            cookie = info["staff_cookie"]
            floor = {"label": "floor (/bench/floor/)", "path": FLOOR, "staff": False, "queries": 0}
            rows = [(floor, _load(port, FLOOR, "", requests_per_client))]
            for page in info["pages"]:
                rows.append(
                    (page, _load(port, page["path"], cookie if page["staff"] else "", requests_per_client))
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return info, rows


def run(*, quick: bool) -> list[str]:
    requests_per_client = 3 if quick else 10
    lines = [
        "## Web latency under 16 concurrent clients",
        "",
        "`shinchoku serve` (waitress, 8 threads, production settings, SQLite) on 127.0.0.1; "
        f"{CLIENTS} client threads with keep-alive, up to {requests_per_client} requests each per page type "
        f"(at most {TIME_LIMIT:.0f} s). Floor: a Django view with no template and no query. "
        "'1 client' is Django's test client in-process (no HTTP), median of 5. "
        f"{os.cpu_count()} CPUs: with 16 clients, latency is mostly queueing for the CPU.",
        "",
    ]
    for scale in (1, 10):
        info, rows = _measure_scale(scale, requests_per_client)
        floor = rows[0][1]
        lines += [
            f"### Scale {scale} ({info['entries']:,} entries)",
            "",
            "| page | queries | 1 client | median (16) | p99 (16) | requests | errors | floor median / p99 |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for page, load in rows:
            single = f"{page['single_ms']:.1f} ms" if "single_ms" in page else "—"
            lines.append(
                f"| {page['label']} | {page['queries']} | {single} | {load.percentile_ms(0.5):.1f} ms "
                f"| {load.percentile_ms(0.99):.1f} ms | {len(load.seconds)} | {load.errors} "
                f"| {floor.percentile_ms(0.5):.1f} / {floor.percentile_ms(0.99):.1f} ms |"
            )
        searches = ", ".join(f"{label}: {ms:.1f} ms" for label, ms in info["search_ms"].items())
        lines += ["", f"Search query alone (`matching_entries`, LIKE scan, median of 20): {searches}.", ""]
    return lines


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        print(json.dumps(prepare(int(sys.argv[2]))))
    else:
        print("\n".join(run(quick="--quick" in sys.argv)))
