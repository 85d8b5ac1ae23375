"""Every page runs a bounded number of queries on the demo municipality (scale 1: about a hundred
projects over four years), on the public and on the staff site."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.demo.generator import DemoSummary, generate_demo
from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import Indicator, PlanNode
from tests.evaluations.tiny_plan import make_user

MaxQueries = Callable[[int], AbstractContextManager[Any]]

# Queries per page rendered afresh: the data version (see shinchoku.web.page_cache), the plan, the
# rounds and the year chosen, and the selector's fixed count; the staff site adds the session and
# the user, and at most once a minute renews the session (idle timeout: savepoint, update, release;
# see shinchoku.accounts.middleware.SESSION_RENEWAL_INTERVAL), as on the first page after signing in,
# and counts the user's unread お知らせ for the header (rendered per visitor, never cached).
PUBLIC_BOUNDS = {
    "home": 5,  # the data version, the cities per prefecture, a page of cities, their plans, their rounds
    "plan": 9,
    "dashboard": 11,
    "goal": 11,
    "policy": 12,  # one more than the other node pages: the committee opinions
    "project": 15,  # the rounds' targets of the whole project, the later projects continuing it and
    # the published years' frozen structures
    "department": 11,  # with the rating codes, for the counts of each year
}
SIGNED_IN = 6
# The staff home also lists the user's newest unread お知らせ (per visitor, never cached).
STAFF_ONLY = {"home": 1}


@pytest.fixture
def demo(db: None) -> DemoSummary:
    return generate_demo(scale=1)


def urls(demo: DemoSummary, site: str) -> dict[str, str]:
    plan = demo.plan
    goal = plan.nodes.filter(level=0).first()
    policy = plan.nodes.filter(level=plan.project_level - 2).first()
    project = Indicator.objects.filter(node__plan=plan).values_list("node_id", flat=True).first()
    department = Entry.objects.filter(project__plan=plan).values_list("department_id", flat=True).first()
    assert goal
    assert policy
    assert project
    assert department
    return {
        "home": reverse(f"{site}:home"),
        "plan": reverse(f"{site}:plan", args=[plan.pk]),
        "dashboard": reverse(f"{site}:dashboard", args=[plan.pk]),
        "goal": reverse(f"{site}:node", args=[plan.pk, goal.pk]),
        "policy": reverse(f"{site}:node", args=[plan.pk, policy.pk]),
        "project": reverse(f"{site}:project", args=[plan.pk, project]),
        "department": reverse(f"{site}:department", args=[plan.pk, department]),
    }


def test_the_demo_is_big_enough_to_tell(demo: DemoSummary) -> None:
    assert PlanNode.objects.filter(plan=demo.plan, level=demo.plan.project_level).count() > 80
    assert demo.plan.rounds.count() >= 3


def test_public_pages_run_a_bounded_number_of_queries(
    client: Client, demo: DemoSummary, django_assert_max_num_queries: MaxQueries
) -> None:
    for page, url in urls(demo, "public").items():
        with django_assert_max_num_queries(PUBLIC_BOUNDS[page]):
            assert client.get(url).status_code == 200, url


def test_staff_pages_run_a_bounded_number_of_queries(
    client: Client, demo: DemoSummary, django_assert_max_num_queries: MaxQueries
) -> None:
    client.force_login(make_user("staff", demo.municipality))
    for page, url in urls(demo, "web").items():
        with django_assert_max_num_queries(PUBLIC_BOUNDS[page] + SIGNED_IN + STAFF_ONLY.get(page, 0)):
            assert client.get(url).status_code == 200, url


def test_a_page_served_from_the_cache_only_reads_the_data_version(
    client: Client, demo: DemoSummary, django_assert_max_num_queries: MaxQueries
) -> None:
    for url in urls(demo, "public").values():
        client.get(url)
        with django_assert_max_num_queries(1):
            assert client.get(url).status_code == 200, url
