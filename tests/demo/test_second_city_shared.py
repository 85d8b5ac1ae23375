"""あおば市's second plan: two projects of the health plan shown as its own (共通事業), counted in
its tally with the health plan's ratings, and a 事務局 member who manages that plan only."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.demo.generator import DemoSummary
from shinchoku.demo.second_city import CITY_CODE, SECRETARIAT_LOGIN, generate_second_demo
from shinchoku.demo.second_city_shared import SHARED_PLAN_TITLE, create_plan_secretariat
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.selectors import plan_tree
from shinchoku.plans.models import Plan, PlanNode


@pytest.fixture
def aoba(db: None) -> DemoSummary:
    return generate_second_demo()


def test_the_second_plan_shows_the_health_plans_projects_with_their_ratings(aoba: DemoSummary) -> None:
    plan = Plan.objects.get(title=SHARED_PLAN_TITLE)
    shown = list(PlanNode.objects.filter(plan=plan, shared_from__isnull=False).order_by("code"))
    assert [node.shared_from.plan_id for node in shown] == [aoba.plan.pk, aoba.plan.pk]  # type: ignore[union-attr]
    assert not Entry.objects.filter(round__plan=plan).exists()
    year = Round.objects.filter(plan=plan, state=Round.State.PUBLISHED).order_by("-fiscal_year").first()
    assert year is not None
    theirs = Round.objects.get(plan=aoba.plan, fiscal_year=year.fiscal_year)
    mine = {node.node.shared_from_id: node.rating for node in plan_tree(plan, year).roots[0].children}
    health = plan_tree(aoba.plan, theirs)
    expected = {}
    stack = list(health.roots)
    while stack:
        node = stack.pop()
        if node.node.pk in mine:
            expected[node.node.pk] = node.rating
        stack.extend(node.children)
    assert mine == expected
    assert any(rating is not None for rating in mine.values())


def test_the_plans_secretariat_manages_that_plan_only(aoba: DemoSummary) -> None:
    account = create_plan_secretariat(
        municipality_code=CITY_CODE,
        secretariat=SECRETARIAT_LOGIN,
        password_hash=make_password("demo-password"),
    )
    user = User.objects.get(username=account.username)
    plan = Plan.objects.get(title=SHARED_PLAN_TITLE)
    assert account.description == f"事務局({SHARED_PLAN_TITLE})"
    assert permissions.can_manage_rounds(user, plan)
    assert not permissions.can_manage_rounds(user, aoba.plan)
