"""The report PDF of the seed (北本市 地域福祉計画 令和5年度).

Figures: the whole ``shinchoku report --format pdf`` command with an empty and with a filled
disk cache (start-up included); regenerating after one entry changed (parts of unchanged 施策
reused from memory); and the naive one-document render without any cache, as the baseline.
Peak memory is the largest resident set of this process and of the command.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.timing import Timing, measure, table

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "000_1ab97e7656db3c51.txt"


def _command(cache: Path, out: Path) -> None:
    env = {**os.environ, "SHINCHOKU_REPORT_CACHE": str(cache)}
    args = [
        sys.executable,
        "-m",
        "shinchoku.cli",
        "report",
        "--year",
        "2023",
        "--format",
        "pdf",
        "--out",
        str(out),
    ]
    subprocess.run(args, check=True, capture_output=True, env=env)


def run(*, quick: bool) -> list[str]:
    from shinchoku.evaluations.models import Entry, Round
    from shinchoku.ingest.report_text.commit import ImportTarget
    from shinchoku.ingest.services import import_report
    from shinchoku.reports.content import build_report_content
    from shinchoku.reports.pdf import engine

    repeats = 1 if quick else 3
    import_report(actor=None, path=SEED, target=ImportTarget("北本市", "112330", "地域福祉計画"))
    round_ = Round.objects.get(fiscal_year=2023)
    with tempfile.TemporaryDirectory(prefix="shinchoku-report-") as folder:
        work = Path(folder)
        counter = iter(range(1000))
        cold = measure(
            "`shinchoku report --format pdf`, empty cache",
            lambda: _command(work / f"cache{next(counter)}", work / "cold.pdf"),
            repeats=repeats,
            warmup=0,
        )
        warm = measure(
            "`shinchoku report --format pdf`, cached",
            lambda: _command(work / "cache", work / "warm.pdf"),
            repeats=repeats,
        )
    engine.render_parts(build_report_content(round_))
    entry = Entry.objects.filter(round=round_).exclude(reason="").order_by("pk").first()
    assert entry is not None

    def change_and_render() -> None:
        entry.reason += "。"
        entry.save()
        engine.render_parts(build_report_content(round_))

    incremental = measure(
        "regenerate after one entry changed (in process)", change_and_render, repeats=repeats * 2
    )
    naive = measure(
        "naive one-document render",
        lambda: engine.render_single(build_report_content(round_)),
        repeats=repeats,
        warmup=0,
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows: list[tuple[Timing, Timing]] = [(cold, naive), (warm, naive), (incremental, naive)]
    return [
        "## Report PDF",
        "",
        f"Seed: `../shared/seeds/{SEED.name}`, {len(build_report_content(round_).policies)} 施策.",
        "",
        *table(rows),
        "",
        f"Peak memory: benchmark process {own:.0f} MB, largest `shinchoku report` process {children:.0f} MB.",
        "",
    ]
