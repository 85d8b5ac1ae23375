from __future__ import annotations

import pytest
from django.test import Client

from shinchoku.accounts.models import User
from shinchoku.plans.models import Municipality
from tests.evaluations.tiny_plan import TinyPlan, make_user


@pytest.fixture
def staff_client(client: Client, tiny: TinyPlan) -> Client:
    """Signed in as the plan's 事務局: reads whole rounds before they are published."""
    client.force_login(make_user("kyosei", tiny.municipality, role=User.Role.SECRETARIAT))
    return client


@pytest.fixture
def other_staff_client(client: Client, tiny: TinyPlan) -> Client:
    """Signed in as a member of another municipality: sees published rounds only."""
    other: User = make_user("konosu", Municipality.objects.create(name="鴻巣市", code="112178"))
    client.force_login(other)
    return client
