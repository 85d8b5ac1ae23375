"""National open data on PostgreSQL: ``shinchoku opendata`` (every published entry of every city,
streamed round by round) beside ``COPY (SELECT …) TO STDOUT`` of the same entries, and the peak
memory of the exporting process at two sizes of the database.

The runner's own Django is on SQLite, so everything here runs in child processes against a
throw-away PostgreSQL server (:func:`tests.postgres_server.start`): one child fills the database,
one exports, one copies; each export runs in a fresh process whose high-water mark of resident
memory (``VmHWM`` in /proc/self/status) is read when it ends, beside the same mark taken after
Django was set up and before the export started.

The database is filled with copies of the demo municipality (``generate_demo(scale=10)``, each
copy given a municipality code and name of its own), first to the small size, then to the large
one. (The national generator of item 1 may replace :func:`_fill` when it lands.)

Usage of the child modes (what :func:`run` starts): ``python -m bench.national_export fill N``,
``… export csv|jsonl``, ``… copy``; each reads DATABASE_URL and prints one JSON line.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


def _vmhwm_kb() -> int:
    """This process's peak resident memory so far, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("VmHWM not found in /proc/self/status")


def _setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "shinchoku.settings"
    import django

    django.setup()


def _fill(copies: int, scale: int) -> dict[str, Any]:
    """Add ``copies`` copies of the demo municipality; each is renamed so the next can be made."""
    from django.core.management import call_command

    from shinchoku.core.local_government_code import normalise_code
    from shinchoku.demo.generator import generate_demo
    from shinchoku.demo.structure import DEMO_MUNICIPALITY_CODE
    from shinchoku.plans.models import Municipality

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    for _ in range(copies):
        generate_demo(scale=scale)
        number = Municipality.objects.count()
        Municipality.objects.filter(code=DEMO_MUNICIPALITY_CODE).update(
            code=normalise_code(f"{10000 + number:05d}"), name=f"ベンチ市{number}"
        )
    return {"seconds": time.perf_counter() - start}


def _export(national_format: str) -> dict[str, Any]:
    """Write the national file to /dev/null through the command; time, rows and peak memory."""
    from django.db import connection

    from shinchoku.cli import main

    connection.ensure_connection()
    before = _vmhwm_kb()
    with tempfile.NamedTemporaryFile(suffix=f".{national_format}") as out:
        start = time.perf_counter()
        code = main(["opendata", "--format", national_format, "-o", out.name])
        seconds = time.perf_counter() - start
        peak = _vmhwm_kb()
        if code != 0:
            raise RuntimeError(f"shinchoku opendata failed with {code}")
        with open(out.name, encoding="utf-8-sig", newline="") as written:
            # A text cell may hold line breaks: count CSV records, not lines.
            records = csv.reader(written) if national_format == "csv" else written
            rows = sum(1 for _ in records) - (1 if national_format == "csv" else 0)
        size = Path(out.name).stat().st_size
    return {"seconds": seconds, "rows": rows, "bytes": size, "before_kb": before, "peak_kb": peak}


def copy_sql() -> str:
    """The published entries with the columns the export reads from their own tables (city, plan,
    year, project, department, texts, rating), as one SELECT."""
    from shinchoku.evaluations.models import Entry, Round
    from shinchoku.plans.models import Department, Municipality, Plan, PlanNode, RatingCode

    models = (Entry, Round, Plan, Municipality, PlanNode, Department)
    table = {model: model._meta.db_table for model in models}
    return (
        "SELECT m.code, m.name, p.id, p.title, r.fiscal_year, n.code, n.title, n.description, d.name, "
        "e.final_target, e.year_target, e.progress, c.code, c.definition, e.reason, e.next_year_goal "
        f"FROM {table[Entry]} e JOIN {table[Round]} r ON r.id = e.round_id "
        f"JOIN {table[Plan]} p ON p.id = r.plan_id "
        f"JOIN {table[Municipality]} m ON m.id = p.municipality_id "
        f"JOIN {table[PlanNode]} n ON n.id = e.project_id "
        f"JOIN {table[Department]} d ON d.id = e.department_id "
        f"LEFT JOIN {RatingCode._meta.db_table} c ON c.id = e.rating_id "
        f"WHERE r.state = '{Round.State.PUBLISHED.value}' ORDER BY m.code, p.id, r.fiscal_year, n.id, d.id"
    )


def _copy() -> dict[str, Any]:
    """``COPY (SELECT …) TO STDOUT (FORMAT csv, HEADER)``, read whole and thrown away."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    start = time.perf_counter()
    size = 0
    with raw.cursor() as cursor, cursor.copy(f"COPY ({copy_sql()}) TO STDOUT (FORMAT csv, HEADER)") as copy:
        for data in copy:
            size += len(data)
    seconds = time.perf_counter() - start
    with raw.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({copy_sql()}) AS published")
        found = cursor.fetchone()
    assert found is not None
    return {"seconds": seconds, "rows": int(found[0]), "bytes": size}


def _child(database_url: str, data_dir: str, *arguments: str) -> dict[str, Any]:
    environment = {**os.environ, "DATABASE_URL": database_url, "SHINCHOKU_DATA_DIR": data_dir}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench.national_export", *arguments],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.national_export {' '.join(arguments)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _median(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _spread(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f} ms"


def run(*, quick: bool) -> list[str]:
    from tests.postgres_server import start

    repeats = 1 if quick else 3
    scale, sizes = (1, (1, 3)) if quick else (10, (4, 16))
    lines = [
        "## National open data export (PostgreSQL)",
        "",
        "`shinchoku opendata --format csv|jsonl -o FILE` (every published entry of every city, streamed "
        "round by round, each round built by the per-round open-data code) in a fresh process, on a "
        "throw-away PostgreSQL server, beside `COPY (SELECT … the published entries joined to their city, "
        "plan, year, project, department and rating …) TO STDOUT (FORMAT csv)` read whole in the same run. "
        f"Data: copies of the demo municipality (`generate_demo(scale={scale})`, 4 years, 3 published), "
        "each under a code and name of its own. Export rows also count the rows without an entry "
        "(a cross-listing, a department that wrote nothing), which the SELECT leaves out. *Peak memory*: the "
        "exporting process's VmHWM at the end; *before*: the same mark once Django is set up and connected. "
        f"Median of {repeats}, min–max beside it. Run: `python -m bench.run --only export`.",
        "",
        "| cities | entries (COPY rows) | export rows | measured | median | min–max | baseline (same run) "
        "| baseline median | ratio | peak memory (before) | file |",
        "| ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    database_url = start()
    with tempfile.TemporaryDirectory(prefix="shinchoku-bench-national-") as data_dir:
        made = 0
        for cities in sizes:
            _child(database_url, data_dir, "fill", str(cities - made), str(scale))
            made = cities
            copies = [_child(database_url, data_dir, "copy") for _ in range(repeats)]
            copy_seconds = [item["seconds"] for item in copies]
            for national_format in ("csv", "jsonl"):
                runs = [_child(database_url, data_dir, "export", national_format) for _ in range(repeats)]
                seconds = [item["seconds"] for item in runs]
                ratio = statistics.median(seconds) / statistics.median(copy_seconds)
                peak = max(item["peak_kb"] for item in runs) / 1024
                before = max(item["before_kb"] for item in runs) / 1024
                command = f"`shinchoku opendata --format {national_format}`"
                lines.append(
                    f"| {cities} | {copies[0]['rows']:,} | {runs[0]['rows']:,} | {command} "
                    f"| {_median(seconds):.0f} ms | {_spread(seconds)} | COPY … TO STDOUT "
                    f"| {_median(copy_seconds):.0f} ms | ×{ratio:.1f} | {peak:.0f} MB ({before:.0f} MB) "
                    f"| {runs[0]['bytes'] / 1e6:.1f} MB |"
                )
    lines.append("")
    return lines


def _main() -> None:
    mode, *arguments = sys.argv[1:]
    _setup()
    if mode == "fill":
        result = _fill(int(arguments[0]), int(arguments[1]))
    elif mode == "export":
        result = _export(arguments[0])
    elif mode == "copy":
        result = _copy()
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    _main()
