from __future__ import annotations

import pytest

from shinchoku.evaluations.models import Entry
from tests.evaluations.tiny_plan import TinyPlan


@pytest.fixture
def draft_entry(tiny: TinyPlan) -> Entry:
    """生涯学習課's unsubmitted 2024 entry for 1-1-1-1 福祉教育 (rated C, no reason yet)."""
    return Entry.objects.get(round=tiny.collecting, project=tiny.single)
