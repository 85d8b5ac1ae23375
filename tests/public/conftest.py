from __future__ import annotations

import pytest

from shinchoku.accounts.models import User
from tests.evaluations.tiny_plan import TinyPlan, make_user


@pytest.fixture
def city_staff(tiny: TinyPlan) -> User:
    """A member of the plan's municipality, whose name must never appear on the public site."""
    return make_user("kyosei", tiny.municipality, display_name="共生 花子")
