"""Generating the demo municipality at scale 1 and 10 (the web benchmarks reuse these sizes), and
the second demo municipality (あおば市), which ``shinchoku demo`` generates beside it.

Baseline: inserting the same number of entries with one bulk insert and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from bench.timing import Timing, measure, table


def _generated_entries(generate: Callable[[], object], counts: list[int]) -> None:
    """Run ``generate`` in a transaction rolled back afterwards; note how many entries it wrote."""
    from shinchoku.evaluations.models import Entry

    with transaction.atomic():
        before = Entry.objects.count()
        generate()
        counts.append(Entry.objects.count() - before)
        transaction.set_rollback(True)


def _bulk_insert(entries: int) -> None:
    from shinchoku.audit.models import AuditEntry

    with transaction.atomic():
        AuditEntry.objects.bulk_create(
            AuditEntry(actor_label="bench", action="bench", object_type="bench", summary="x")
            for _ in range(entries)
        )
        transaction.set_rollback(True)


def run(*, quick: bool) -> list[str]:
    from shinchoku.demo.generator import generate_demo
    from shinchoku.demo.second_city import generate_second_demo

    rows: list[tuple[Timing, Timing]] = []
    sizes: list[str] = []
    cases: list[tuple[str, Callable[[], object], int]] = [
        ("generate_demo(scale=1)", lambda: generate_demo(scale=1), 1 if quick else 3),
        ("generate_demo(scale=10)", lambda: generate_demo(scale=10), 1),
        ("generate_second_demo() (あおば市)", generate_second_demo, 1 if quick else 3),
    ]
    for label, generate, repeats in cases:
        counts: list[int] = []
        generated = measure(
            label, lambda g=generate, c=counts: _generated_entries(g, c), repeats=repeats, warmup=0
        )
        entries = counts[-1]
        floor = measure(
            f"bulk insert of {entries} rows", lambda n=entries: _bulk_insert(n), repeats=repeats, warmup=0
        )
        rows.append((generated, floor))
        sizes.append(f"{label}: {entries} entries")
    return ["## Demo data generation", "", "Sizes: " + "; ".join(sizes) + ".", "", *table(rows), ""]
