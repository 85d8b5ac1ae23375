"""Generating the demo municipality at scale 1 and 10 (the web benchmarks reuse these sizes).

Baseline: inserting the same number of entries with one bulk insert and nothing else.
"""

from __future__ import annotations

from django.db import transaction

from bench.timing import Timing, measure, table


def run(*, quick: bool) -> list[str]:
    from shinchoku.demo.generator import generate_demo
    from shinchoku.evaluations.models import Entry

    rows: list[tuple[Timing, Timing]] = []
    sizes: list[str] = []
    for scale in (1, 10):
        counts: list[int] = []

        def generate(scale: int = scale, counts: list[int] = counts) -> None:
            with transaction.atomic():
                before = Entry.objects.count()
                generate_demo(scale=scale)
                counts.append(Entry.objects.count() - before)
                transaction.set_rollback(True)

        repeats = 1 if quick or scale == 10 else 3
        generated = measure(f"generate_demo(scale={scale})", generate, repeats=repeats, warmup=0)
        entries = counts[-1]

        def floor(entries: int = entries) -> None:
            with transaction.atomic():
                from shinchoku.audit.models import AuditEntry

                AuditEntry.objects.bulk_create(
                    AuditEntry(actor_label="bench", action="bench", object_type="bench", summary="x")
                    for _ in range(entries)
                )
                transaction.set_rollback(True)

        rows.append((generated, measure(f"bulk insert of {entries} rows", floor, repeats=repeats, warmup=0)))
        sizes.append(f"scale {scale}: {entries} entries")
    return ["## Demo data generation", "", "Sizes: " + "; ".join(sizes) + ".", "", *table(rows), ""]
