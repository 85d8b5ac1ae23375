"""Generating the national dataset (:func:`shinchoku.demo.national.generate_national`) on a
throw-away PostgreSQL server: N municipalities (50 with --quick, 1,741 otherwise: every 市区町村).

The generator runs in its own process, as ``shinchoku demo --municipalities N --database-url …``
runs it (the database migrated first, outside the timing). Baseline, in the same run and on the
same server: ``COPY … FROM STDIN`` of the very rows it wrote (each table copied out to a file
first), into empty copies of the tables with the same columns, constraints and B-tree indexes
(no foreign keys: ``CREATE TABLE … (LIKE … INCLUDING ALL)`` does not copy them) and the GIN index
built after the load, as the generator builds it. What the baseline leaves out is what the
generator adds: making up the rows and texts in Python, the foreign-key checks, the search keys,
the snapshots of the published years and the audit entries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.timing import Timing, table

QUICK_MUNICIPALITIES = 50
FULL_MUNICIPALITIES = 1741
REPO_ROOT = Path(__file__).resolve().parent.parent
_GENERATE = """
import json, os, resource, django
os.environ["DJANGO_SETTINGS_MODULE"] = "shinchoku.settings"
django.setup()
from shinchoku.demo.national import generate_national
summary = generate_national(municipalities=int(os.environ["BENCH_MUNICIPALITIES"]))
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": summary.seconds, "rows": summary.rows, "entries": summary.entries,
                  "plans": summary.plans, "peak_kb": peak_kb}))
"""


def _environment(url: str, data_dir: str, municipalities: int) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": url,
        "SHINCHOKU_DATA_DIR": data_dir,
        "BENCH_MUNICIPALITIES": str(municipalities),
        "SHINCHOKU_DEMO": "true",  # as `shinchoku demo` runs: no production secret needed
        "PYTHONPATH": str(REPO_ROOT / "src"),
    }


def generate(url: str, municipalities: int) -> tuple[dict[str, Any], float]:
    """Migrate, then generate in a child process: its summary (with its peak memory in KB) and
    the child's wall seconds."""
    with tempfile.TemporaryDirectory(prefix="shinchoku-national-") as data_dir:
        env = _environment(url, data_dir, municipalities)
        migrate = [sys.executable, "-m", "shinchoku.cli", "manage", "migrate", "--verbosity", "0"]
        subprocess.run(migrate, env=env, check=True, cwd=REPO_ROOT)
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", _GENERATE], env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
        )
        output, _ = child.communicate()
        wall = time.perf_counter() - started
        if child.returncode:
            raise RuntimeError(f"the generator failed with exit status {child.returncode}")
    return json.loads(output.strip().splitlines()[-1]), wall


def copy_baseline(url: str, tables: list[str]) -> float:
    """Seconds to ``COPY … FROM STDIN`` the rows of ``tables`` into empty copies of them."""
    import psycopg

    total = 0.0
    with psycopg.connect(url, autocommit=True) as connection, tempfile.TemporaryDirectory() as folder:
        connection.execute("SET maintenance_work_mem = '256MB'")  # as the generator's index build
        for name in tables:
            path = Path(folder) / f"{name}.copy"
            with connection.cursor() as cursor, path.open("wb") as out:
                with cursor.copy(f'COPY "{name}" TO STDOUT') as copy:
                    for data in copy:
                        out.write(data)
                cursor.execute(f'CREATE TABLE "bench_{name}" (LIKE "{name}" INCLUDING ALL)')
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                    [f"bench_{name}", "% USING gin %"],
                )
                gin = cursor.fetchall()
                for index, _ in gin:
                    cursor.execute(f'DROP INDEX "{index}"')
            with connection.cursor() as cursor, path.open("rb") as source:
                started = time.perf_counter()
                with connection.transaction(), cursor.copy(f'COPY "bench_{name}" FROM STDIN') as copy:
                    while chunk := source.read(1 << 20):
                        copy.write(chunk)
                for _, definition in gin:
                    cursor.execute(definition)
                total += time.perf_counter() - started
                cursor.execute(f'DROP TABLE "bench_{name}"')
            path.unlink()
    return total


def measure_dataset(municipalities: int) -> list[str]:
    """Generate ``municipalities`` on a fresh server and return the report's section."""
    from tests import postgres_server

    url = postgres_server.start()
    load_before = os.getloadavg()[0]
    summary, wall = generate(url, municipalities)
    load_after = os.getloadavg()[0]
    peak_kb = summary["peak_kb"]
    rows: dict[str, int] = summary["rows"]
    baseline = copy_baseline(url, [name for name, count in rows.items() if count])
    total = sum(rows.values())
    rate, entry_rate = total / summary["seconds"], summary["entries"] / summary["seconds"]
    generated = Timing(
        f"generate_national(municipalities={municipalities:,}): {total:,} rows", [summary["seconds"]]
    )
    floor = Timing(f"COPY FROM of the same {total:,} rows", [baseline])
    per_table = [f"| {name} | {count:,} |" for name, count in sorted(rows.items(), key=lambda item: -item[1])]
    return [
        "## National dataset",
        "",
        f"{municipalities:,} invented municipalities over the 47 prefectures, {summary['plans']:,} plans, "
        f"{summary['entries']:,} entries on PostgreSQL (a throw-away server, fsync off), generated by "
        "`generate_national` in its own process (the function behind `shinchoku demo --municipalities N "
        "--database-url …`) after `migrate`. Rate: "
        f"{rate:,.0f} rows/s, {entry_rate:,.0f} entries/s; "
        f"the whole process {wall:.1f} s with Django's start-up, peak memory {peak_kb / 1024:.0f} MB. "
        "Baseline: `COPY … FROM STDIN` of the same rows (copied out of the tables first) into empty "
        "copies of the tables with their constraints and B-tree indexes (no foreign keys), the GIN index "
        "built after the load. The machine's load average (1 min) was "
        f"{load_before:.1f} before the generation and {load_after:.1f} after it. "
        "Command: `.venv/bin/python -m bench.run --only national`.",
        "",
        *table([(generated, floor)]),
        "",
        "| table | rows |",
        "| --- | ---: |",
        *per_table,
        "",
    ]


def run(*, quick: bool) -> list[str]:
    return measure_dataset(QUICK_MUNICIPALITIES if quick else FULL_MUNICIPALITIES)


if __name__ == "__main__":  # a size of one's own: python -m bench.national_dataset 200
    print("\n".join(measure_dataset(int(sys.argv[1]))))
