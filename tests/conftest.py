"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_REPORT = REPO_ROOT.parent / "shared" / "seeds" / "000_1ab97e7656db3c51.txt"
SEED_GOLD = REPO_ROOT.parent / "shared" / "gold" / "000_1ab97e7656db3c51.goals-1-2.json"

pytest_plugins = ["tests.browser"]


@pytest.fixture(scope="session")
def seed_report_path() -> Path:
    """The real published report (北本市 地域福祉計画, 令和5年度) shared beside the project."""
    if not SEED_REPORT.exists():
        pytest.fail(f"the shared seed report is missing: {SEED_REPORT}")
    return SEED_REPORT


@pytest.fixture(scope="session")
def seed_report_text(seed_report_path: Path) -> str:
    return seed_report_path.read_text(encoding="utf-8")
