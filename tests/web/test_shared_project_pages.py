"""Pages of a plan that shows another plan's project (共通事業): the label, the other plan's
entry on the public and staff pages, and nothing of it while the other plan's year is unpublished."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import PlanNode
from shinchoku.web.page_cache import CACHE_ALIAS
from tests.evaluations.services.personas import People
from tests.evaluations.shared_plan import SharedPlan, build_shared_plan
from tests.evaluations.tiny_plan import TinyPlan

LABEL = "共通事業(北本市地域福祉計画 1-1-1-2)"
TEXT = "民生委員に福祉サービスの情報を提供した。"


@pytest.fixture
def other(tiny: TinyPlan) -> SharedPlan:
    return build_shared_plan(tiny)


def _page(client: Client, name: str, *args: int) -> str:
    response = client.get(reverse(name, args=list(args)))
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_pages_show_the_label_and_the_other_plans_entry(
    tiny: TinyPlan, other: SharedPlan, client: Client
) -> None:
    policy = _page(client, "public:node", other.plan.pk, other.policy.pk)
    assert LABEL in policy
    assert TEXT in policy
    project = _page(client, "public:project", other.plan.pk, other.showing.pk)
    assert LABEL in project
    assert TEXT in project


def test_the_public_pages_leave_the_entry_out_while_the_other_plans_year_is_unpublished(
    tiny: TinyPlan, other: SharedPlan, client: Client
) -> None:
    Round.objects.filter(pk=tiny.published.pk).update(state=Round.State.REVIEW)
    policy = _page(client, "public:node", other.plan.pk, other.policy.pk)
    assert LABEL in policy
    assert TEXT not in policy
    assert TEXT not in _page(client, "public:project", other.plan.pk, other.showing.pk)


def test_the_staff_pages_show_the_label_and_the_entry(
    tiny: TinyPlan, other: SharedPlan, people: People, client_for: Callable[[User], Client]
) -> None:
    client = client_for(people.secretariat)
    assert LABEL in _page(client, "web:node", other.plan.pk, other.policy.pk)
    assert TEXT in _page(client, "web:project", other.plan.pk, other.showing.pk)


def test_the_policy_page_runs_as_many_queries_whatever_the_number_of_shared_projects(
    tiny: TinyPlan, other: SharedPlan, client: Client
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _page(client, "public:node", other.plan.pk, other.policy.pk)
        return len(captured)

    one = queries()
    parent = other.showing.parent
    for number, source in enumerate([tiny.single, tiny.unrated], start=3):
        PlanNode.objects.create(
            plan=other.plan, parent=parent, level=2, position=number, code=f"1-1-{number}", shared_from=source
        )
    caches[CACHE_ALIAS].clear()  # the nodes were added without an audit record
    assert queries() == one


def test_the_outline_of_the_plan_names_the_source(tiny: TinyPlan, other: SharedPlan, client: Client) -> None:
    initiative = other.showing.parent
    assert initiative is not None
    assert LABEL in _page(client, "public:node", other.plan.pk, initiative.pk)
