from __future__ import annotations

import pytest
from django.test import Client

from shinchoku.accounts.models import User
from shinchoku.plans.models import Municipality
from tests.evaluations.tiny_plan import TinyPlan, make_user


@pytest.fixture
def city_staff(tiny: TinyPlan) -> User:
    """The plan's 事務局: sees rounds before they are published, every department's drafts included."""
    return make_user("kyosei", tiny.municipality, display_name="共生 花子", role=User.Role.SECRETARIAT)


@pytest.fixture
def other_staff(tiny: TinyPlan) -> User:
    """A member of another municipality: sees published rounds only, like the public."""
    other = Municipality.objects.create(name="鴻巣市", code="112178")
    return make_user("konosu", other)


@pytest.fixture
def staff_client(client: Client, city_staff: User) -> Client:
    client.force_login(city_staff)
    return client
