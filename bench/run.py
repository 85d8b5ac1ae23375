"""Run every benchmark and write docs/benchmarks.md.

Usage (from the repository root): ``.venv/bin/python -m bench.run [--quick] [--only web …]``. It uses a
temporary SQLite database, never the demo data folder; the load benchmarks (cluster, peak) start their
own PostgreSQL, Redis, servers and nginx in a temporary folder (:mod:`bench.cluster`). Figures depend
on the machine and its load; each is printed beside a baseline measured in the same run, so compare
ratios, not absolute times. With ``--only``, only the named benchmarks run and only their sections of
docs/benchmarks.md are replaced; the other sections stay as they are.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "docs" / "benchmarks.md"
# Benchmark name (for --only) → module of this package, in the order of the report.
BENCHMARKS = {
    "import": "import_report",
    "demo": "demo_generation",
    "web": "web_latency",
    "pdf": "report_pdf",
    "upload": "workbook_upload",
    "plan": "plan_workbook",
    "quality": "quality",
    "search": "search",
    "national": "national_dataset",
    "export": "national_export",
    "cluster": "cluster_latency",
    "peak": "peak_season",
    "pdf300": "report_pdf300",
    "search-national": "search_national",
}


def _setup_django(data_dir: Path) -> None:
    os.environ["SHINCHOKU_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "shinchoku.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _replace_sections(sections: list[list[str]]) -> None:
    """Put each section, from its ``## `` heading to the next one, in place of the same in OUTPUT."""
    text = OUTPUT.read_text(encoding="utf-8")
    for section in sections:
        if section[0] + "\n" not in text:  # a benchmark run for the first time: its section goes last
            text = text.rstrip("\n") + "\n\n" + section[0] + "\n"
        start = text.index(section[0] + "\n")
        end = text.find("\n## ", start)
        end = len(text) if end == -1 else end + 1
        text = text[:start] + "\n".join(section) + "\n" + text[end:]
    OUTPUT.write_text(text, encoding="utf-8")
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (for a smoke run)")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run these benchmarks only")
    args = parser.parse_args()
    chosen = args.only or BENCHMARKS
    with tempfile.TemporaryDirectory(prefix="shinchoku-bench-") as folder:
        _setup_django(Path(folder))
        sections = [
            importlib.import_module(f"bench.{module}").run(quick=args.quick)
            for name, module in BENCHMARKS.items()
            if name in chosen
        ]
    if args.only:
        _replace_sections(sections)
        return
    header = [
        "# Benchmarks",
        "",
        f"Written by `python -m bench.run` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, SQLite (temporary file). "
        "Each figure is a median over repeats with its min–max, next to a baseline measured in the same run. "
        "The machines are shared and noisy: read the ratios, not the absolute times.",
        "",
    ]
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(
        "\n".join(header + [line for section in sections for line in section]) + "\n", encoding="utf-8"
    )
    print(OUTPUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
