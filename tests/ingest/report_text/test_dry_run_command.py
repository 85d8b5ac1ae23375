"""`shinchoku import-report FILE --dry-run` (the README's first example) run as a user runs it:
a real process with no Django set up beforehand (issue 11, item 9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        key: os.environ[key] for key in ("PATH", "HOME", "LANG", "SYSTEMROOT") if key in os.environ
    }
    return subprocess.run(
        [sys.executable, "-m", "shinchoku.cli", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("output", [[], ["--format", "json"]])
def test_the_dry_run_works_in_a_fresh_process_without_django_set_up(
    seed_report_path: Path, tmp_path: Path, output: list[str]
) -> None:
    finished = _run("import-report", str(seed_report_path), "--dry-run", *output, cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert "Traceback" not in finished.stderr
    assert "令和5年度" in finished.stdout
    assert list(tmp_path.iterdir()) == []  # a dry run writes nothing, not even a database
