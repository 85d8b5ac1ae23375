"""Several servers on one database: the deployment the load benchmarks (:mod:`bench.cluster_latency`,
:mod:`bench.peak_season`) measure.

:func:`running_cluster` starts, in a temporary folder and on free loopback ports only:

* a throw-away PostgreSQL server (:func:`tests.postgres_server.launch`, deadlocks and lock waits
  logged);
* a throw-away ``redis-server`` (Debian's), passed to the servers as ``SHINCHOKU_CACHE_URL`` so that
  they share one page cache (a build without Redis support falls back to each process's own cache);
* the dataset, generated in a child process (:func:`prepare`) on that database, which also describes
  the pages to load and signs in the department editors of the writers;
* ``servers`` × ``shinchoku serve`` (production settings plus :mod:`bench.urls`' floor view) on the
  same ``DATABASE_URL``;
* nginx (Debian's) in front of them: one upstream of every server, keep-alive connections to them,
  each response naming the server that answered (``X-Upstream``).

Everything is stopped, and the folder removed, when the ``with`` block ends, however it ends.

The load itself comes from :func:`wrk` (Debian's ``wrk``, with :data:`WRK_SCRIPT`: it walks a list of
paths and counts the ``X-Page-Cache`` answers), so that 64 clients cost the 2 CPUs little: Python
threads would measure the client, not the servers.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
FLOOR = "/bench/floor/"
SEARCHES = {"2 characters": "福祉", "5 characters": "見守り活動"}
EDITOR_PASSWORD = "bench-editor-password-2024"
START_TIMEOUT = 120.0
READ_PLANS = 40

NGINX_CONFIG = """
daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream shinchoku {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://shinchoku;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_buffers 64 16k;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""

# Run by every wrk thread: ``wrk … -s SCRIPT URL -- PATHS_FILE PAUSE_MS [COOKIE]``. Each connection
# walks the paths in turn, pausing PAUSE_MS before each request (0: as fast as the server answers);
# the counts of X-Page-Cache answers and of non-200 statuses are summed over the
# threads and printed as one JSON line starting with RESULT.
WRK_SCRIPT = """
local paths, index = {}, 0
hit, stale, miss, bypass, none, bad = 0, 0, 0, 0, 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local pause = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  pause = tonumber(args[2])
  if args[3] then wrk.headers["Cookie"] = args[3] end
  index = math.random(#paths) - 1
end

function delay()
  return pause
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  local served = headers["X-Page-Cache"] or headers["x-page-cache"]
  if served == "hit" then hit = hit + 1
  elseif served == "stale" then stale = stale + 1
  elseif served == "miss" then miss = miss + 1
  elseif served == "bypass" then bypass = bypass + 1
  else none = none + 1 end
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local counts = {hit = 0, stale = 0, miss = 0, bypass = 0, none = 0, bad = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do counts[name] = counts[name] + thread:get(name) end
  end
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %f, "p50_us": %f, "p99_us": %f, "max_us": %f, ' ..
    '"socket_errors": %d, "hit": %d, "stale": %d, "miss": %d, "bypass": %d, "none": %d, "bad": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    latency.max, errors.connect + errors.read + errors.write + errors.timeout,
    counts.hit, counts.stale, counts.miss, counts.bypass, counts.none, counts.bad))
end
"""


def tool(name: str) -> str:
    """The path of a Debian program the cluster needs, or an error saying which package to install."""
    found = shutil.which(name) or next(
        (str(path) for path in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if path.exists()), None
    )
    if found is None:
        raise RuntimeError(f"{name} is not installed (Debian: apt-get install {name})")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_config(root: Path, port: int, upstreams: list[int]) -> str:
    """nginx's configuration: listen on ``port``, balance over the ``upstreams`` ports."""
    servers = "\n".join(f"        server 127.0.0.1:{upstream};" for upstream in upstreams)
    return NGINX_CONFIG.format(root=root, port=port, servers=servers)


def environment(data_dir: Path, database_url: str, cache_url: str) -> dict[str, str]:
    """A production environment (no debug, no demo flag) for the servers and the child processes."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SHINCHOKU_", "DJANGO_")) and name != "DATABASE_URL"
    }
    return env | {
        "SHINCHOKU_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "SHINCHOKU_CACHE_URL": cache_url,
        "SHINCHOKU_SECRET_KEY": SECRET_KEY,
        "SHINCHOKU_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        # This checkout's code, even where the installed package is another checkout's.
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "src"), str(REPO_ROOT)]),
    }


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    """One GET on a fresh connection: status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _wait_until(answers: Any, process: subprocess.Popen[bytes], what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            if answers():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer within {START_TIMEOUT:.0f} s")


def _answers(port: int) -> bool:
    return get(port, FLOOR)[0] == 200


def _redis_answers(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _started(
    stack: ExitStack, command: list[str], log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start ``command``, its output going to ``log`` (a pipe nobody reads would fill up and stop a
    server that logs, as waitress does when its queue grows); the stack stops it."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    stack.callback(_stop, process)
    return process


@dataclass(frozen=True)
class Cluster:
    """A running cluster: nginx's port, the servers' ports, the database, what :func:`prepare`
    said of the dataset, and the PostgreSQL log (deadlocks are logged there)."""

    port: int
    upstreams: list[int]
    database_url: str
    info: dict[str, Any]
    postgres_log: Path
    root: Path


@contextmanager
def running_cluster(
    *, size: int = 1, editors: int = 0, servers: int = 2, workers: int = 0
) -> Iterator[Cluster]:
    """PostgreSQL, Redis, the dataset of ``size`` (see :func:`build_dataset`) with ``editors``
    signed-in department editors, ``servers`` × ``shinchoku serve`` (``workers`` processes each, 0
    for the server's default) and nginx in front of them; all stopped when the block ends."""
    from tests.postgres_server import launch

    nginx, redis = tool("nginx"), tool("redis-server")
    with ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="shinchoku-cluster-")))
        postgres = launch("log_lock_waits=on", "deadlock_timeout=1s", "max_connections=300")
        stack.callback(postgres.stop)
        redis_port = free_port()
        redis_options = ["--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        redis_options += ["--dir", str(root), "--maxmemory", "512mb", "--maxmemory-policy", "allkeys-lru"]
        log = root / "redis.log"
        redis_server = _started(stack, [redis, *redis_options], log)
        _wait_until(lambda: _redis_answers(redis_port), redis_server, "redis-server", log)
        env = environment(root, postgres.url, f"redis://127.0.0.1:{redis_port}/0")
        prepared = subprocess.run(
            [sys.executable, "-m", "bench.cluster", "prepare", str(size), str(editors)],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if prepared.returncode != 0:
            raise RuntimeError(f"preparing the dataset failed:\n{prepared.stderr[-3000:]}")
        info = json.loads(prepared.stdout.strip().splitlines()[-1])
        upstreams = [free_port() for _ in range(servers)]
        for upstream in upstreams:
            command = [sys.executable, "-m", "shinchoku.cli", "serve", "--host", "127.0.0.1"]
            command += ["--port", str(upstream)] + (["--workers", str(workers)] if workers else [])
            log = root / f"serve-{upstream}.log"
            server = _started(stack, command, log, env)
            answers = partial(_answers, upstream)
            _wait_until(answers, server, "shinchoku serve", log)
        port = free_port()
        (root / "nginx.conf").write_text(nginx_config(root, port, upstreams), encoding="utf-8")
        log = root / "nginx.log"
        proxy = _started(stack, [nginx, "-p", str(root), "-c", str(root / "nginx.conf")], log)
        _wait_until(partial(_answers, port), proxy, "nginx", log)
        yield Cluster(port, upstreams, postgres.url, info, postgres.log, root)


@dataclass(frozen=True)
class WrkResult:
    """What :func:`wrk` measured: requests, latency percentiles (ms), errors (socket errors and
    statuses other than 200) and how the page cache served the responses."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    served: dict[str, int]

    @property
    def cached_share(self) -> float | None:
        """Share of the responses the page cache served without rendering (hit); None when the
        page cache answered none of them."""
        counted = sum(self.served[name] for name in ("hit", "stale", "miss"))
        return self.served["hit"] / counted if counted else None


def wrk(
    cluster: Cluster,
    paths: list[str],
    *,
    seconds: float,
    connections: int = 64,
    cookie: str = "",
    rate: float = 0.0,
) -> WrkResult:
    """Load nginx with ``connections`` keep-alive clients for ``seconds``, each walking ``paths``:
    as fast as the servers answer or, with ``rate``, each client pausing so that together they ask
    about ``rate`` requests a second (fewer when the servers answer slower)."""
    pause_ms = round(connections / rate * 1000) if rate else 0
    script, listing = cluster.root / "walk.lua", cluster.root / f"paths-{time.monotonic_ns()}.txt"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    threads = min(connections, max(1, os.cpu_count() or 1))
    command = [tool("wrk"), "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds))}s"]
    command += ["--timeout", "30s", "-s", str(script), f"http://127.0.0.1:{cluster.port}", "--", str(listing)]
    command += [str(pause_ms), *([cookie] if cookie else [])]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    line = next((line for line in result.stdout.splitlines() if line.startswith("RESULT ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed: {result.stdout[-2000:]}{result.stderr[-2000:]}")
    figures = json.loads(line.removeprefix("RESULT "))
    served = {name: int(figures[name]) for name in ("hit", "stale", "miss", "bypass", "none")}
    return WrkResult(
        requests=int(figures["requests"]),
        seconds=float(figures["seconds"]),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        max_ms=figures["max_us"] / 1000,
        errors=int(figures["socket_errors"]) + int(figures["bad"]),
        served=served,
    )


def warm(cluster: Cluster, paths: list[str], cookie: str = "") -> None:
    """Request each path on fresh connections until every server process has most likely seen it
    (one request would do with the page cache in Redis; each process has its own without)."""
    for path in paths:
        for _ in range(2 * len(cluster.upstreams) * (os.cpu_count() or 1)):
            get(cluster.port, path, cookie)


def logged_problems(cluster: Cluster) -> dict[str, int]:
    """How many deadlocks, serialization failures and lock waits over ``deadlock_timeout`` the
    PostgreSQL log records so far, and how many tracebacks the servers logged."""
    tracebacks = sum(
        log.read_text(encoding="utf-8", errors="replace").count("Traceback")
        for log in cluster.root.glob("serve-*.log")
    )
    text = (
        cluster.postgres_log.read_text(encoding="utf-8", errors="replace")
        if cluster.postgres_log.exists()
        else ""
    )
    return {
        "deadlocks": text.count("deadlock detected"),
        "serialization failures": text.count("could not serialize"),
        "lock waits over 1 s": text.count("still waiting for"),
        "server tracebacks": tracebacks,
    }


# --- in the child process: the dataset and what to load ------------------------------------------


def dataset_size(*, quick: bool) -> int:
    """The ``size`` of :func:`build_dataset` the load benchmarks use: ``BENCH_CLUSTER_SIZE`` when set
    (1,741: every municipality), else 1 in a quick run and 10 otherwise."""
    return int(os.environ.get("BENCH_CLUSTER_SIZE") or (1 if quick else 10))


def command_line(name: str, *, quick: bool) -> str:
    """The command that measured benchmark ``name``, as docs/benchmarks.md shows it."""
    size = os.environ.get("BENCH_CLUSTER_SIZE")
    return f"{f'BENCH_CLUSTER_SIZE={size} ' if size else ''}python -m bench.run --only {name}" + (
        " --quick" if quick else ""
    )


def build_dataset(size: int, seed: int = 2024) -> None:
    """The cities the benchmarks load: ``size`` municipalities of the national dataset
    (:func:`shinchoku.demo.national.generate_national`), plans of several shapes in every round state."""
    from shinchoku.demo.national import generate_national

    generate_national(municipalities=size, seed=seed)


def _public_pages(plans: list[Any]) -> list[tuple[str, str]]:
    """(page type, path) of the public read pages of ``plans``: home, each page of the public URLconf
    whose arguments a plan supplies, and the searches. A page whose arguments are unknown here (a
    prefecture's page, say) is looked for by name and measured when it takes a prefecture code."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    from shinchoku.core.prefectures import prefecture_of

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace == "public":
                yield pattern.name, list(pattern.pattern.converters)

    pages: list[tuple[str, str]] = []
    named = list(walk(get_resolver().url_patterns, None))
    for plan in plans:
        project = plan.nodes.filter(level=plan.project_level, listing_of=None).order_by("pk").first()
        policy = plan.nodes.filter(level=plan.evaluation_level).order_by("pk").first()
        department = plan.municipality.departments.order_by("position").first()
        published = plan.rounds.filter(state="published").order_by("-fiscal_year").first()
        if project is None or policy is None or department is None or published is None:
            continue
        prefecture = prefecture_of(plan.municipality.code)
        values: dict[str, Any] = {
            "plan_id": plan.pk,
            "node_id": policy.pk,
            "department_id": department.pk,
            "year": published.fiscal_year,
            "fiscal_year": published.fiscal_year,
            "municipality_code": plan.municipality.code,
            "code": getattr(prefecture, "code", ""),
            "prefecture_code": getattr(prefecture, "code", ""),
        }
        for name, kwargs in named:
            if name == "corrections" or not set(kwargs) <= set(values):
                continue
            label = {"node": "施策"}.get(name, name)
            arguments = {kwarg: values[kwarg] for kwarg in kwargs} | (
                {"node_id": project.pk} if name == "project" else {}
            )
            path = reverse(f"public:{name}", kwargs=arguments)
            if (label, path) not in pages:
                pages.append((label, path))
    for label, query in SEARCHES.items():
        pages.append((f"search ({label})", f"/search/?q={quote(query)}"))
    return pages


def _one_of_each(pages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The first page of each type in ``pages``: a plan of the national dataset may lack a type (a
    two-level plan has no 施策 page), so the measured pages come from the first plans having them."""
    first: dict[str, str] = {}
    for label, path in pages:
        first.setdefault(label, path)
    return list(first.items())


def _editors(count: int) -> list[dict[str, Any]]:
    """Sign in up to ``count`` department editors, one per department with entries to fill in an open
    round, spread over the cities in turn; each with its session cookie and those entries."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.test import Client

    from shinchoku.accounts.models import User
    from shinchoku.demo.accounts import create_demo_user
    from shinchoku.evaluations.models import Entry, Round

    open_entries = Entry.objects.filter(
        round__state=Round.State.COLLECTING, status__in=[Entry.Status.DRAFT, Entry.Status.RETURNED]
    ).select_related("department__municipality")
    by_department: dict[Any, list[int]] = {}
    for entry in open_entries.order_by("department__municipality_id", "department_id", "pk"):
        by_department.setdefault(entry.department, []).append(entry.pk)
    by_city: dict[int, list[Any]] = {}
    for department in by_department:
        by_city.setdefault(department.municipality_id, []).append(department)
    chosen: list[Any] = []
    while len(chosen) < count and any(by_city.values()):
        for departments in by_city.values():
            if departments and len(chosen) < count:
                chosen.append(departments.pop(0))
    password_hash = make_password(EDITOR_PASSWORD)
    editors = []
    for number, department in enumerate(chosen):
        user = create_demo_user(
            username=f"bench-editor-{number}",
            password=EDITOR_PASSWORD,
            display_name=f"ベンチ 担当{number}",
            role=User.Role.EDITOR,
            departments=[department],
            municipality_code=department.municipality.code,
            password_hash=password_hash,
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        editors.append(
            {"cookie": cookie, "city": department.municipality.name, "entries": by_department[department]}
        )
    return editors


def prepare(size: int, editors: int) -> dict[str, Any]:
    """Migrate, build the dataset, sign in the editors; describe what to load."""
    import django

    django.setup()
    from django.core.management import call_command

    from shinchoku.evaluations.models import Entry
    from shinchoku.plans.models import Municipality, Plan

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build_dataset(size)
    generation = time.perf_counter() - started
    plans = list(Plan.objects.select_related("municipality").order_by("pk"))
    return {
        "municipalities": Municipality.objects.count(),
        "plans": len(plans),
        "entries": Entry.objects.count(),
        "generation_s": generation,
        "pages": _one_of_each(_public_pages(plans[:READ_PLANS])),
        # The readers' pages: those of up to READ_PLANS plans spread over the cities (by id).
        "reader_pages": _public_pages(plans[:: max(1, len(plans) // READ_PLANS)][:READ_PLANS]),
        "editors": _editors(editors),
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        print(json.dumps(prepare(int(sys.argv[2]), int(sys.argv[3]))))
