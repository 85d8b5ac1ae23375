"""``shinchoku quality`` over the demo at scale 10, beside merely reading the same entries.

The demo (scale 10, about 4,800 entries over four years, with the lapses the generator writes) is
generated in the benchmark's database and rolled back afterwards. Measured, for the collecting
round and the newest published round: the command as a person runs it
(``shinchoku quality --plan P --year Y --format json``, output captured), which computes every
check on every entry (last year's texts, the indicators and their actuals, the dismissals).

Baseline: reading the same round's entries with their project, department and rating, and
touching their texts (the floor any report over those entries pays).
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

from django.db import transaction

from bench.timing import measure, table

SCALE = 10


def _command(plan_id: int, year: int) -> int:
    from shinchoku.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["quality", "--plan", str(plan_id), "--year", str(year), "--format", "json"]) == 0
    return len(json.loads(out.getvalue())["findings"])


def _read_entries(round_id: int) -> int:
    from shinchoku.evaluations.models import Entry

    entries = Entry.objects.filter(round_id=round_id).select_related("project", "department", "rating")
    return sum(len(entry.progress) + len(entry.reason) + len(entry.next_year_goal) for entry in entries)


def run(*, quick: bool) -> list[str]:
    from shinchoku.demo.generator import generate_demo
    from shinchoku.evaluations.models import Round

    repeats = 3 if quick else 10
    rows = []
    notes = []
    with transaction.atomic():
        summary = generate_demo(scale=SCALE)
        collecting = Round.objects.get(plan=summary.plan, state=Round.State.COLLECTING)
        published = Round.objects.filter(plan=summary.plan, state=Round.State.PUBLISHED).order_by(
            "-fiscal_year"
        )[0]
        for round_ in (collecting, published):
            label = f"{round_.fiscal_year} ({round_.get_state_display()}, {round_.entries.count():,} entries)"
            findings = _command(summary.plan.pk, round_.fiscal_year)
            notes.append(f"{round_.fiscal_year}: {findings:,} open findings")
            command = measure(
                f"`shinchoku quality` {label}",
                lambda r=round_: _command(summary.plan.pk, r.fiscal_year),
                repeats=repeats,
            )
            baseline = measure(
                f"reading the entries of {round_.fiscal_year}",
                lambda r=round_: _read_entries(r.pk),
                repeats=repeats,
            )
            rows.append((command, baseline))
        transaction.set_rollback(True)
    return [
        "## Quality checks",
        "",
        f"`shinchoku quality --format json` over the demo at scale {SCALE} "
        f"({summary.counts.entries:,} entries in {summary.counts.rounds} rounds), in process with its output "
        "captured: every check on every entry of the round, with last year's entries, the indicators, "
        "their actuals and the dismissals. Baseline: reading the same round's entries with their project, "
        f"department and rating. Findings: {'; '.join(notes)}.",
        "",
        *table(rows),
        "",
    ]
