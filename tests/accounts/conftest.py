from __future__ import annotations

import pytest

from tests.evaluations.services.personas import People, make_people
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan


@pytest.fixture
def tiny(db: None) -> TinyPlan:
    return build_tiny_plan()


@pytest.fixture
def people(tiny: TinyPlan) -> People:
    return make_people(tiny)
