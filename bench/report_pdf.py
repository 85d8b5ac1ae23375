"""The report PDF of the seed (北本市 地域福祉計画 令和5年度), measured in one run.

Figures (wall time, and CPU time of every process involved):
- the baseline: a naive WeasyPrint render of the same report (the HTML version with a print style
  sheet, ``naive_print.css``, one document, no cache), as a whole command (start-up and content
  included) and inside this process;
- the whole ``shinchoku report --format pdf`` command with an empty cache (Typst typesets the
  report) and with the finished PDF cached;
- the whole command after one entry changed through the database (a new process: typeset afresh),
  and the same regeneration inside this process, as in the web server that serves the download
  button (the content rebuilt from the database, then typeset by the warm compiler);
- peak memory: the largest resident set of this process and of any command.

The measurements are interleaved, one of each per repeat, so that the machine's load, which
changes by the minute on shared machines, weighs on all of them alike.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

if TYPE_CHECKING:
    from shinchoku.reports.content import ReportContent

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "000_1ab97e7656db3c51.txt"
NAIVE_STYLE_SHEET = Path(__file__).resolve().parent / "naive_print.css"

_NAIVE_COMMAND = """
import django, sys
django.setup()
from bench.report_pdf import naive_render
from shinchoku.evaluations.models import Round
from shinchoku.reports.content import build_report_content
open(sys.argv[1], "wb").write(naive_render(build_report_content(Round.objects.get(fiscal_year=2023))))
"""


def naive_render(content: ReportContent) -> bytes:
    """The baseline: the HTML report laid out by WeasyPrint as one document, nothing cached."""
    import weasyprint

    from shinchoku.reports.formats.html import render_html

    html = render_html(content)
    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(NAIVE_STYLE_SHEET))], pdf_tags=True
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# Runs ``-m module args`` or ``-c code args`` like python does, and at exit writes the process's
# own peak resident set (VmHWM, in kB) to $BENCH_PEAK_FILE. Read from inside: a child's rusage
# would start from the benchmark process's own peak, which fork and exec carry over.
_PEAK_WRAPPER = """
import atexit, os, runpy, sys
def _write_peak():
    peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    open(os.environ["BENCH_PEAK_FILE"], "w").write(peak)
atexit.register(_write_peak)
flag, target, *rest = sys.argv[1:]
if flag == "-m":
    sys.argv = [target, *rest]
    runpy.run_module(target, run_name="__main__", alter_sys=True)
else:
    sys.argv = ["-c", *rest]
    exec(compile(target, "<bench>", "exec"), {"__name__": "__main__"})
"""

# The largest resident set (MB) of the commands run, by kind: "naive" or "shinchoku".
_peak_mb: dict[str, float] = {}


def _run(args: list[str], cache: Path, kind: str = "shinchoku") -> None:
    """Run ``python args`` to its end, noting its peak resident set under ``kind``."""
    with tempfile.NamedTemporaryFile(prefix="peak-") as peak:
        env = {**os.environ, "SHINCHOKU_REPORT_CACHE": str(cache), "BENCH_PEAK_FILE": peak.name}
        subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *args], check=True, capture_output=True, env=env)
        _peak_mb[kind] = max(_peak_mb.get(kind, 0.0), int(Path(peak.name).read_text()) / 1024)


def _report(cache: Path, out: Path) -> None:
    args = ["-m", "shinchoku.cli", "report", "--year", "2023", "--format", "pdf", "--out", str(out)]
    _run(args, cache)


class _Figure:
    """Wall and CPU seconds of one measured action, over the repeats."""

    def __init__(self, label: str, action: Callable[[], object]) -> None:
        self.label = label
        self.action = action
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def measure(self) -> None:
        wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        self.action()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu + _children_cpu() - children)

    def row(self, baseline: _Figure) -> str:
        wall, cpu, base = (statistics.median(values) for values in (self.wall, self.cpu, baseline.wall))
        spread = f"{min(self.wall) * 1000:.0f}–{max(self.wall) * 1000:.0f} ms"
        return (
            f"| {self.label} | {wall * 1000:.0f} ms | {spread} | {cpu * 1000:.0f} ms "
            f"| {baseline.label} | {base * 1000:.0f} ms | ×{wall / base:.2f} |"
        )


def run(*, quick: bool) -> list[str]:
    from shinchoku.evaluations.models import Entry, Round
    from shinchoku.ingest.report_text.commit import ImportTarget
    from shinchoku.ingest.services import import_report
    from shinchoku.reports.content import build_report_content
    from shinchoku.reports.pdf.typeset import typeset

    repeats = 1 if quick else 5
    import_report(actor=None, path=SEED, target=ImportTarget("北本市", "112330", "地域福祉計画"))
    round_ = Round.objects.get(fiscal_year=2023)
    entry = Entry.objects.filter(round=round_).exclude(reason="").order_by("pk")[5]

    def change_entry() -> None:
        entry.reason += "。"
        entry.save()

    with tempfile.TemporaryDirectory(prefix="shinchoku-report-") as folder:
        work = Path(folder)
        counter = iter(range(1000))

        def change_and_report() -> None:
            change_entry()
            _report(work / "cache", work / "changed.pdf")

        def regenerate_in_process() -> None:
            change_entry()
            typeset(build_report_content(round_))

        naive_command = _Figure(
            "naive render, whole command",
            lambda: _run(["-c", _NAIVE_COMMAND, str(work / "naive.pdf")], work / "unused", "naive"),
        )
        naive = _Figure("naive render, in process", lambda: naive_render(build_report_content(round_)))
        cold = _Figure(
            "`shinchoku report --format pdf`, empty cache",
            lambda: _report(work / f"cold{next(counter)}", work / "cold.pdf"),
        )
        warm = _Figure(
            "`shinchoku report --format pdf`, finished PDF cached",
            lambda: _report(work / "cache", work / "warm.pdf"),
        )
        changed = _Figure("`shinchoku report --format pdf` after one entry changed", change_and_report)
        in_process = _Figure("regenerate after one entry changed, in process", regenerate_in_process)

        typeset(build_report_content(round_))  # the warm compiler of a server that served the report once
        for _ in range(repeats):
            naive_command.measure()
            cold.measure()
            _report(work / "cache", work / "warm.pdf")  # not timed: caches the current content's PDF
            warm.measure()
            changed.measure()
            naive.measure()
            in_process.measure()
        with pikepdf.open(work / "warm.pdf") as warm_pdf:
            pages = len(warm_pdf.pages)
        with pikepdf.open(work / "naive.pdf") as naive_pdf:
            naive_pages = len(naive_pdf.pages)
    content = build_report_content(round_)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        "## Report PDF",
        "",
        f"Seed: `../shared/seeds/{SEED.name}`, {len(content.policies)} 施策: {pages} pages typeset by "
        f"Typst, {naive_pages} pages in the naive WeasyPrint render. Wall time median over {repeats} "
        "interleaved repeats; CPU is the median user + system time of every process involved.",
        "",
        "| measured | median | min–max | CPU | baseline (same run) | baseline median | ratio |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: |",
        naive_command.row(naive_command),
        cold.row(naive_command),
        warm.row(naive_command),
        changed.row(naive_command),
        naive.row(naive),
        in_process.row(naive),
        "",
        f"Peak memory (largest resident set): benchmark process {own:.0f} MB (the naive render and "
        f"the warm compiler), `shinchoku report` command {_peak_mb['shinchoku']:.0f} MB, naive render "
        f"as a command {_peak_mb['naive']:.0f} MB.",
        "",
        "A command pays Python and Django start-up, building the content from the database and "
        "loading the fonts (together about the 'finished PDF cached' figure) before Typst lays the "
        "report out; so a command after one change costs about what a command with an empty cache "
        "costs. A long-running process (the web server behind the download buttons) keeps its Typst "
        "compiler, which memoises the layout of what did not change: its regeneration after one "
        "change is the content rebuilt from the database plus the changed 施策 laid out again.",
        "",
    ]
