from __future__ import annotations

import pytest
from django.test import Client

from shinchoku.accounts.models import User
from shinchoku.plans.models import Municipality
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan, make_user


@pytest.fixture
def tiny(db: None) -> TinyPlan:
    return build_tiny_plan()


@pytest.fixture
def city_staff(tiny: TinyPlan) -> User:
    """A member of the plan's municipality: sees rounds before they are published."""
    return make_user("kyosei", tiny.municipality, display_name="共生 花子")


@pytest.fixture
def other_staff(tiny: TinyPlan) -> User:
    """A member of another municipality: sees published rounds only, like the public."""
    other = Municipality.objects.create(name="鴻巣市", code="112178")
    return make_user("konosu", other)


@pytest.fixture
def staff_client(client: Client, city_staff: User) -> Client:
    client.force_login(city_staff)
    return client
