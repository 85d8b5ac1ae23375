from __future__ import annotations

import pytest

from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan


@pytest.fixture
def tiny(db: None) -> TinyPlan:
    return build_tiny_plan()
