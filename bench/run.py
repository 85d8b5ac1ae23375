"""Run every benchmark and write docs/benchmarks.md.

Usage (from the repository root): ``.venv/bin/python -m bench.run [--quick]``. It uses a temporary
SQLite database, never the demo data folder. Figures depend on the machine and its load; each is
printed beside a baseline measured in the same run, so compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "docs" / "benchmarks.md"


def _setup_django(data_dir: Path) -> None:
    os.environ["SHINCHOKU_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "shinchoku.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (for a smoke run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shinchoku-bench-") as folder:
        _setup_django(Path(folder))
        from bench import demo_generation, import_report, report_pdf, web_latency

        sections = [
            import_report.run(quick=args.quick),
            demo_generation.run(quick=args.quick),
            web_latency.run(quick=args.quick),
            report_pdf.run(quick=args.quick),
        ]
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
