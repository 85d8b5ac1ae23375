from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.ingest.workbook.roundtrip import Shakyo, build_shakyo


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    """A data folder of the test's own, where uploaded workbooks are kept."""
    settings.CONFIG = replace(settings.CONFIG, data_dir=tmp_path)
    return tmp_path


@pytest.fixture
def shakyo(tiny: TinyPlan, people: People) -> Shakyo:
    return build_shakyo(tiny, people)
