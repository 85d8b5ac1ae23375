from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.evaluations.models import Round
from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.services import import_report


@pytest.fixture
def seed_round(db: None, seed_report_path: Path) -> Round:
    """The imported seed report's published round (北本市 地域福祉計画, 令和5年度)."""
    import_report(actor=None, path=seed_report_path, target=ImportTarget("北本市", "112330", "地域福祉計画"))
    return Round.objects.get(fiscal_year=2023)


@pytest.fixture(autouse=True)
def report_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder for each test: no report or part is served from an earlier test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SHINCHOKU_REPORT_CACHE", str(folder))
    return folder
