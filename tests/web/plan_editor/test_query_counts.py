"""The editor's list pages run the same number of queries whatever the size of the plan."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shinchoku.accounts.models import User
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, add_projects


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["plan_edit_tree", "plan_edit_departments", "plan_edit_scale"])
def test_a_list_page_does_not_query_per_item(
    tiny: TinyPlan, people: People, client_for: Callable[[User], Client], page: str
) -> None:
    client = client_for(people.secretariat)
    path = reverse(f"web:{page}", args=[tiny.plan.pk])
    client.get(path)  # the first page after signing in also renews the session
    small = _queries(client, path)

    add_projects(tiny, 30)

    assert _queries(client, path) == small
