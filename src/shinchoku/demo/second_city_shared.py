"""あおば市's second plan, which shows two projects of the health plan as its own (共通事業), and
a 事務局 member limited to it: what a city with one secretariat per plan looks like.

第2次あおば市介護予防計画 has two levels (分野 → 事業), the health plan's scale, and rounds of the
same years and states as the health plan's: its projects' entries are the health plan's, entered
once. Nothing here is random, so the demo stays the same for a seed.
"""

from __future__ import annotations

from shinchoku.accounts.models import User
from shinchoku.demo.accounts import DemoAccount, create_demo_user
from shinchoku.demo.second_city_history import City
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Plan, PlanNode
from shinchoku.search.services import rebuild_search_index

SHARED_PLAN_TITLE = "第2次あおば市介護予防計画"
SHARED_PROJECTS = 2  # the health plan's first projects, shown in the second plan
PLAN_SECRETARIAT_SUFFIX = "kaigo"  # the login ID of its 事務局 member: aoba-kaigo
PLAN_SECRETARIAT_NAME = "デモ 介護予防計画の事務局"


def add_shared_plan(city: City) -> Plan:
    """Create the second plan of ``city`` with its shared projects and rounds (a few queries)."""
    plan = Plan.objects.create(
        municipality=city.municipality,
        title=SHARED_PLAN_TITLE,
        first_fiscal_year=city.plan.first_fiscal_year,
        last_fiscal_year=city.plan.last_fiscal_year,
        level_labels=["分野", "事業"],
        evaluation_level=0,
        rating_scale=city.plan.rating_scale,
        multi_department_rule=city.plan.multi_department_rule,
    )
    area = PlanNode.objects.create(
        plan=plan, level=0, position=1, code="1", title="介護予防につながる健康づくり"
    )
    PlanNode.objects.bulk_create(
        PlanNode(
            plan=plan,
            parent=area,
            level=1,
            position=number,
            code=f"1-{number}",
            title=project.node.title,
            shared_from=project.node,
        )
        for number, project in enumerate(city.projects[:SHARED_PROJECTS], start=1)
    )
    Round.objects.bulk_create(
        Round(plan=plan, fiscal_year=round_.fiscal_year, state=round_.state, deadline=round_.deadline)
        for round_ in city.rounds
    )
    rebuild_search_index(plan)
    return plan


def create_plan_secretariat(*, municipality_code: str, secretariat: str, password_hash: str) -> DemoAccount:
    """Create (or reset) ``<secretariat>-kaigo``, a 事務局 member limited to the second plan."""
    username = f"{secretariat}-{PLAN_SECRETARIAT_SUFFIX}"
    user = create_demo_user(
        username=username,
        password="",
        display_name=PLAN_SECRETARIAT_NAME,
        role=User.Role.SECRETARIAT,
        municipality_code=municipality_code,
        password_hash=password_hash,
    )
    user.secretariat_plans.set(Plan.objects.filter(municipality=user.municipality, title=SHARED_PLAN_TITLE))
    return DemoAccount(username, PLAN_SECRETARIAT_NAME, User.Role.SECRETARIAT, (SHARED_PLAN_TITLE,))
