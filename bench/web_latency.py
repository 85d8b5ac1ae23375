"""Page latency under 16 concurrent clients, against the production server (`shinchoku serve`).

For scale 1 and scale 10 of the demo generator, a temporary SQLite database is filled in a child
process, `shinchoku serve` (waitress, production settings, one process per CPU) is started on a
free loopback port with ``DJANGO_SETTINGS_MODULE=bench.settings`` (the site plus ``/bench/floor/``,
a Django view with no template and no query: the baseline, and ``/bench/change/``, which records a
change), and 16 client threads request each page type in turn. The page types are read from the
URLconf (``public``, ``web`` and ``search`` namespaces), so pages added later are measured without
editing this file.

Each page type is measured three ways:

* *cached*: from the page cache, warmed first, as every visit since the last change but the first;
  each client sends its requests one after the other;
* *after a change*: in bursts; before each one an audit entry is recorded through ``/bench/change/``
  (so every stored page is stale), then the 16 clients request the page at the same moment, as the
  visitors of a popular page do right after an edit: they get the stored page while each server
  process renders it again in the background (see :mod:`shinchoku.web.page_cache`), and the first
  client asks again until it gets the page showing the change, which times how soon it is shown;
* *afresh*: with the page cache switched off (``BENCH_PAGE_CACHE=off``), so that every request
  renders the page: the cost of rendering, with nothing shared.

Each type also gets its query count and its single-client times from Django's test client, and the
search's own query is timed alone.

Every run is bounded: at most ``requests_per_client`` requests (or bursts) per client and
``TIME_LIMIT`` seconds per page type and way, on 127.0.0.1 only.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db.models import Q

REPO_ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 16
AIM_MS = 100.0  # issue 3: p99 under 100 ms for every page at 16 concurrent clients
TIME_LIMIT = 30.0
STAFF_USERNAME = "bench-staff"
STAFF_PASSWORD = "bench-staff-password-2024"
SECRET_KEY = "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
SEARCHES = {"2 characters": "福祉", "5 characters": "見守り活動"}
FLOOR = "/bench/floor/"
POLL = 0.02  # seconds between the requests of a visitor waiting to see a change
CHANGE = "/bench/change/"


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
        # This checkout's code, even where the installed package is another checkout's.
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "src"), str(REPO_ROOT)]),
    }


# --- in the child process: fill the database and describe the page types ------------------------


def _page_paths(ids: dict[str, int]) -> Iterator[tuple[str, str, bool]]:
    """(label, path, needs staff) for the read pages: every named page of the public site, its twin on
    the staff site, and the search. The staff site's work pages (forms and actions) are not here."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace == "public":
                yield pattern.name, list(pattern.pattern.converters)

    for name, kwargs in walk(get_resolver().url_patterns, None):
        # The node page is a 施策's policy sheet or, above the 施策, an outline of the node's subtree.
        nodes = {"node": {" (施策)": ids["policy_id"], " (基本目標)": ids["goal_id"]}}
        for variant, node_id in nodes.get(name, {"": ids["project_id"]}).items():
            values = ids | {"node_id": node_id}
            for site in ("public", "web"):
                path = reverse(f"{site}:{name}", kwargs={kwarg: values[kwarg] for kwarg in kwargs})
                yield f"{site}:{name}{variant}", path, site == "web"
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
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from shinchoku.accounts.permissions import visible_rounds_of_every_plan
    from shinchoku.demo.accounts import create_demo_user
    from shinchoku.demo.generator import generate_demo
    from shinchoku.evaluations.models import Entry
    from shinchoku.search.query import Filters, matching_entries, query_terms
    from shinchoku.web.page_cache import CACHE_ALIAS

    call_command("migrate", verbosity=0)
    summary = generate_demo(scale=scale)
    staff = create_demo_user(username=STAFF_USERNAME, password=STAFF_PASSWORD)
    plan = summary.plan
    project = plan.nodes.filter(level=plan.project_level, listing_of=None).order_by("pk").first()
    policy = plan.nodes.filter(level=plan.project_level - 2).order_by("pk").first()
    goal = plan.nodes.filter(level=0).order_by("pk").first()
    department = plan.municipality.departments.order_by("position").first()
    if project is None or policy is None or goal is None or department is None:
        raise RuntimeError("the demo plan lacks a project, a 施策, a 基本目標 or a department")
    ids = {"plan_id": plan.pk, "project_id": project.pk, "policy_id": policy.pk, "goal_id": goal.pk}
    ids |= {"department_id": department.pk, "fiscal_year": 2023}
    pages = []
    page_cache = caches[CACHE_ALIAS]
    for label, path, needs_staff in _page_paths(ids):
        client = Client(HTTP_HOST="127.0.0.1")
        if needs_staff:
            client.force_login(staff)
        page_cache.clear()
        queries: list[str] = []
        with connection.execute_wrapper(_QueryCounter(queries)):
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")

        def afresh(client: Client = client, path: str = path) -> None:
            page_cache.clear()
            client.get(path)

        pages.append({"label": label, "path": path, "staff": needs_staff, "queries": len(queries)})
        pages[-1] |= {
            "uncached_ms": _median_ms(afresh),
            "cached_ms": _median_ms(lambda client=client, path=path: client.get(path)),
            "bytes": len(response.content),
        }
    rounds = visible_rounds_of_every_plan(AnonymousUser())
    searches = {
        label: _median_ms(
            lambda q=query: matching_entries(rounds, query_terms(q), Filters(), visible=Q()), repeats=20
        )
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
    """The seconds each request took, how many failed and how many were served a stale page; after
    changes, also the seconds from each change until a visitor got a page showing it."""

    seconds: list[float]
    errors: int
    stale: int = 0
    shown_after: list[float] = field(default_factory=list)

    def percentile_ms(self, share: float) -> float:
        return _percentile(self.seconds, share) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


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
            elapsed, status, _ = _timed_get(connection, path, headers)
            with lock:
                seconds.append(elapsed)
                errors[0] += status != 200
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(seconds, errors[0])


def _timed_get(
    connection: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[float, int, str]:
    """The seconds a GET of ``path`` took, response body read, its status and how the page cache
    served it (``X-Page-Cache``: hit, stale, miss or bypass; empty for a page it does not serve)."""
    start = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    return time.perf_counter() - start, response.status, response.getheader("X-Page-Cache", "")


def _record_change(port: int) -> None:
    """Record a change on the server (an audit entry): every page it has stored is stale."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("POST", CHANGE)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 204:
        raise RuntimeError(f"{CHANGE}: HTTP {response.status} {body[:200]!r}")


def _load_after_changes(port: int, path: str, cookie: str, bursts: int) -> Load:
    """Up to ``bursts`` times: record a change, then ``CLIENTS`` threads, each with its own keep-alive
    connection, request ``path`` at the same moment (they wait for one another between bursts). After
    its request, the first client asks again every ``POLL`` seconds until it gets a page that is not
    stale: the time since the change is when a visitor sees it."""
    seconds: list[float] = []
    shown_after: list[float] = []
    errors = [0]
    stale = [0]
    failures: list[BaseException] = []
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_LIMIT
    headers = {"Cookie": cookie} if cookie else {}
    go = [True]
    changed_at = [0.0]

    def before_burst() -> None:  # run by one client once all are ready, before any goes on
        go[0] = time.monotonic() < deadline and not failures
        if go[0]:
            try:
                _record_change(port)
                changed_at[0] = time.perf_counter()
            except (OSError, RuntimeError) as error:
                failures.append(error)
                go[0] = False

    ready = threading.Barrier(CLIENTS, action=before_burst)

    def client(first: bool) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(bursts):
            ready.wait()
            if not go[0]:
                break
            elapsed, status, served = _timed_get(connection, path, headers)
            with lock:
                seconds.append(elapsed)
                errors[0] += status != 200
                stale[0] += served == "stale"
            while first and served == "stale" and time.perf_counter() - changed_at[0] < TIME_LIMIT:
                time.sleep(POLL)
                _, _, served = _timed_get(connection, path, headers)
            if first:
                shown_after.append(time.perf_counter() - changed_at[0])
        connection.close()

    threads = [threading.Thread(target=client, args=(number == 0,)) for number in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"recording a change failed: {failures[0]}")
    return Load(seconds, errors[0], stale[0], shown_after)


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "shinchoku.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _warm(port: int, path: str, cookie: str) -> None:
    """Request ``path`` on fresh connections until every worker has most likely stored it: each new
    connection goes to whichever process accepts it first."""
    for _ in range(8 * (os.cpu_count() or 1)):
        _get(port, path, cookie)


def _load_all(
    env: dict[str, str], info: dict[str, Any], requests_per_client: int, *, bursts: int = 0
) -> tuple[dict[str, Load], dict[str, Load]]:
    """Load the floor and every page type on one server: steadily, ``requests_per_client`` requests
    per client (from the warmed page cache when it is on) and, with ``bursts``, that many bursts just
    after changes; both loads by page label."""
    cached = env.get("BENCH_PAGE_CACHE") != "off"
    port = _free_port()
    server = _serve(env, port)
    steady: dict[str, Load] = {}
    after_change: dict[str, Load] = {}
    try:
        _wait_until_up(port, server)
        for label, path, cookie in [
            (FLOOR, FLOOR, ""),
            *(
                (page["label"], page["path"], info["staff_cookie"] if page["staff"] else "")
                for page in info["pages"]
            ),
        ]:
            if cached and path != FLOOR:
                _warm(port, path, cookie)
            steady[label] = _load(port, path, cookie, requests_per_client)
            if bursts:
                after_change[label] = _load_after_changes(port, path, cookie, bursts)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return steady, after_change


@dataclass(frozen=True)
class Measured:
    info: dict[str, Any]
    cached: dict[str, Load]
    after_change: dict[str, Load]
    afresh: dict[str, Load]


def _measure_scale(scale: int, requests_per_client: int, bursts: int) -> Measured:
    """Prepare ``scale``, then load it with the page cache (steadily, then just after changes) and
    without it."""
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
        cached, after_change = _load_all(env, info, requests_per_client, bursts=bursts)
        # Rendering every request is slow: as many requests as bursts, within the same time limit.
        afresh, _ = _load_all(env | {"BENCH_PAGE_CACHE": "off"}, info, bursts)
    return Measured(info, cached, after_change, afresh)


def _figures(load: Load) -> str:
    errors = f", {load.errors} errors" if load.errors else ""
    return f"{load.percentile_ms(0.5):.1f} / {load.percentile_ms(0.99):.1f} ms{errors}"


def _row(measured: Measured, label: str) -> str:
    """The load columns of one page's row: cached, after a change (with its stale share), when the
    change was shown, afresh."""
    after = measured.after_change[label]
    stale = f" ({after.stale / len(after.seconds):.0%} stale)" if after.seconds else ""
    shown = after.shown_after
    shown_cell = f"{_percentile(shown, 0.5) * 1000:.0f} / {max(shown) * 1000:.0f} ms" if shown else "—"
    cells = [_figures(measured.cached[label]), _figures(after) + stale, shown_cell]
    return " | ".join([*cells, _figures(measured.afresh[label])])


def run(*, quick: bool) -> list[str]:
    requests_per_client, bursts = (3, 3) if quick else (20, 10)
    lines = [
        "## Web latency under 16 concurrent clients",
        "",
        f"`shinchoku serve` (waitress, {os.cpu_count()} processes of 8 threads, production settings, SQLite) "
        f"on 127.0.0.1; {CLIENTS} client threads with keep-alive, up to {requests_per_client} requests each "
        f"per page type from the cache and {bursts} afresh (at most {TIME_LIMIT:.0f} s), "
        f"on the same {os.cpu_count()} CPUs as the server. "
        "Floor: a Django view with no template and no query, on the same server. "
        "Each of the columns cached, after a change and afresh gives the median / p99 over the 16 clients' "
        "requests. *Cached*: the page cache warmed first, as for every visit since the last change but the "
        f"first. *After a change*: up to {bursts} bursts; before each, a change is recorded (an "
        "audit entry by nobody among the visitors, so every stored page is stale), then the 16 clients "
        "request the page at the same moment, as visitors do right after an edit. A stored page lacking "
        "changes at most a minute old is served while each server process renders it again once in the "
        "background (*stale while revalidate*); the share of such stale responses is in brackets. "
        "*Change shown after*: median / longest time from the change until one of those visitors, asking "
        f"again every {POLL * 1000:.0f} ms, gets a page rendered after it. "
        "*Afresh*: the page cache switched off, so every request renders the page. "
        "'1 client' is Django's test client in-process (no HTTP), median of 5; "
        "'queries' are those of a page rendered afresh (a cached page reads the data version only, "
        "plus the session and user on the staff site, which renews the session at most once a minute). "
        "With 16 clients, latency is mostly queueing for the CPU: about 16 × the CPU time of a request "
        "÷ the CPUs.",
        "",
    ]
    for scale in (1, 10):
        load_before = os.getloadavg()[0]
        measured = _measure_scale(scale, requests_per_client, bursts)
        info = measured.info
        lines += [
            f"### Scale {scale} ({info['entries']:,} entries)",
            "",
            f"Load average (1 min) before and after: {load_before:.1f} / {os.getloadavg()[0]:.1f}.",
            "",
            "| page | size | queries | 1 client afresh / cached | cached (16) | after a change (16) "
            "| change shown after | afresh (16) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| floor (`{FLOOR}`) | — | 0 | — | {_row(measured, FLOOR)} |",
        ]
        for page in info["pages"]:
            label = page["label"]
            lines.append(
                f"| {label} | {page['bytes'] / 1024:.0f} KB | {page['queries']} "
                f"| {page['uncached_ms']:.1f} / {page['cached_ms']:.1f} ms | {_row(measured, label)} |"
            )
        searches = ", ".join(f"{label}: {ms:.1f} ms" for label, ms in info["search_ms"].items())
        lines += [
            "",
            f"p99 above {AIM_MS:.0f} ms: cached — {_over_aim(measured.cached)}; "
            f"after a change — {_over_aim(measured.after_change)}; afresh — {_over_aim(measured.afresh)}.",
            "",
            f"Search query alone (`matching_entries`, LIKE scan, median of 20): {searches}.",
            "",
        ]
    return lines


def _over_aim(loads: dict[str, Load]) -> str:
    over = [f"{label} ({load.percentile_ms(0.99):.0f} ms)" for label, load in loads.items() if _missed(load)]
    return ", ".join(over) if over else "none"


def _missed(load: Load) -> bool:
    return load.percentile_ms(0.99) > AIM_MS or load.errors > 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        print(json.dumps(prepare(int(sys.argv[2]))))
    else:
        print("\n".join(run(quick="--quick" in sys.argv)))
