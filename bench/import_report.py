"""Parsing and committing the seed report (北本市 地域福祉計画 令和5年度).

Baselines: for parsing, only splitting the file into lines and tab cells (the floor any parser
pays); for committing, inserting the same number of rows with one bulk insert (the floor any
store pays); for the command, starting Python and importing Django.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.db import transaction

from bench.timing import Timing, measure, table

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "000_1ab97e7656db3c51.txt"


def _command(args: list[str]) -> None:
    subprocess.run(args, check=True, capture_output=True)


def run(*, quick: bool) -> list[str]:
    from shinchoku.audit.models import AuditEntry
    from shinchoku.ingest.report_text.commit import ImportTarget
    from shinchoku.ingest.report_text.parse import parse_report
    from shinchoku.ingest.services import import_report

    repeats = 3 if quick else 15
    text = SEED.read_text(encoding="utf-8")
    report = parse_report(text)
    target = ImportTarget("北本市", "112330", "地域福祉計画", 2022, 2026)

    parse = measure(
        f"parse the seed ({len(text.splitlines())} lines)", lambda: parse_report(text), repeats=repeats * 2
    )
    split = measure(
        "split into lines and cells",
        lambda: [line.split("\t") for line in text.splitlines()],
        repeats=repeats * 2,
    )

    created: list[int] = []

    # Through the service a person runs (`shinchoku import-report`): it reads the file, stores the
    # round, records the run and its review items, freezes the published year and indexes it.
    def imported() -> int:
        stored = import_report(actor=None, path=SEED, target=target).stored
        return sum(stored.created.values()) + sum(stored.updated.values())

    def first_commit() -> None:
        with transaction.atomic():
            created.append(imported())
            transaction.set_rollback(True)  # every repeat starts from the same empty database

    first = measure("import the seed into an empty database", first_commit, repeats=repeats)
    rows = created[-1]

    def bulk_floor() -> None:
        with transaction.atomic():
            AuditEntry.objects.bulk_create(
                AuditEntry(actor_label="bench", action="bench", object_type="bench", summary="x")
                for _ in range(rows)
            )
            transaction.set_rollback(True)

    floor = measure(f"bulk insert of {rows} rows", bulk_floor, repeats=repeats)
    imported()
    again = measure("re-import of the same seed (no change)", imported, repeats=repeats)

    cli = [sys.executable, "-m", "shinchoku.cli", "import-report", str(SEED), "--dry-run", "--format", "json"]
    command = measure(
        "`shinchoku import-report --dry-run --format json`",
        lambda: _command(cli),
        repeats=max(3, repeats // 3),
    )
    startup = measure(
        "python -c 'import django'",
        lambda: _command([sys.executable, "-c", "import django"]),
        repeats=max(3, repeats // 3),
    )

    rows_table: list[tuple[Timing, Timing]] = [
        (parse, split),
        (first, floor),
        (again, floor),
        (command, startup),
    ]
    return [
        "## Import of the published report",
        "",
        f"Seed: `../shared/seeds/{SEED.name}` — {len(report.projects)} projects, "
        f"{rows} rows written on first commit.",
        "",
        *table(rows_table),
        "",
    ]
