"""Three plans in two cities around the tiny plan, for the city and plan filters.

- 北本市 地域福祉計画: the tiny plan, renamed to the title 鴻巣市's plan also has.
- 北本市 高齢者福祉計画 (基本目標 → 施策 → 事業): its own 1-1-1 介護予防教室 (共生福祉課, rated in
  2023: 「介護予防の福祉講座を開いた。」) and 1-1-2, which shows the tiny plan's 1-1-1-2
  地域資源を活かした情報の発信 as a 共通事業 (entered once, on the tiny plan). Rounds: 2023 published.
- 鴻巣市 地域福祉計画 (基本目標 → 施策 → 事業) with its own 共生福祉課: 1-1-1 福祉のまちづくり講座,
  2023 published (「福祉講座を開いた。」) and 2024 collecting (the draft 「鴻巣市の下書き」).
"""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import (
    Department,
    Municipality,
    Plan,
    PlanNode,
    ProjectOwner,
    RatingCode,
    RatingScale,
)
from shinchoku.search.services import rebuild_search_index
from tests.evaluations.tiny_plan import TinyPlan

PLAN_TITLE = "地域福祉計画"


@dataclass
class ManyPlans:
    tiny: TinyPlan
    elderly: Plan
    elderly_policy: PlanNode
    elderly_own: PlanNode
    elderly_shared: PlanNode
    elderly_round: Round
    konosu: Municipality
    konosu_plan: Plan
    konosu_department: Department
    konosu_collecting: Round


def _three_levels(city: Municipality, title: str, scale: RatingScale) -> Plan:
    return Plan.objects.create(
        municipality=city,
        title=title,
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=["基本目標", "施策", "事業"],
        evaluation_level=1,
        rating_scale=scale,
    )


def _branch(plan: Plan, policy_title: str) -> PlanNode:
    goal = PlanNode.objects.create(plan=plan, level=0, position=1, code="1", title="ともに支え合うまち")
    return PlanNode.objects.create(
        plan=plan, parent=goal, level=1, position=1, code="1-1", title=policy_title
    )


def _project(policy: PlanNode, position: int, title: str, **extra: object) -> PlanNode:
    return PlanNode.objects.create(
        plan=policy.plan,
        parent=policy,
        level=2,
        position=position,
        code=f"1-1-{position}",
        title=title,
        **extra,
    )


def build_many_plans(tiny: TinyPlan) -> ManyPlans:
    tiny.plan.title = PLAN_TITLE
    tiny.plan.save()
    lead = tiny.departments["共生福祉課"]

    elderly = _three_levels(tiny.municipality, "高齢者福祉計画", tiny.plan.rating_scale)
    elderly_policy = _branch(elderly, "介護予防の推進")
    elderly_own = _project(elderly_policy, 1, "介護予防教室")
    elderly_shared = _project(elderly_policy, 2, tiny.shared.title, shared_from=tiny.shared)
    ProjectOwner.objects.create(project=elderly_own, department=lead, position=0)
    elderly_round = Round.objects.create(plan=elderly, fiscal_year=2023, state=Round.State.PUBLISHED)
    Entry.objects.create(
        round=elderly_round,
        project=elderly_own,
        department=lead,
        progress="介護予防の福祉講座を開いた。",
        rating=tiny.codes["A"],
    )

    konosu = Municipality.objects.create(name="鴻巣市", code="112178")
    scale = RatingScale.objects.create(municipality=konosu, name="A–C")
    code = RatingCode.objects.create(scale=scale, code="A", label="順調", position=0)
    department = Department.objects.create(municipality=konosu, name="共生福祉課", position=0)
    konosu_plan = _three_levels(konosu, PLAN_TITLE, scale)
    project = _project(_branch(konosu_plan, "地域福祉の担い手づくり"), 1, "福祉のまちづくり講座")
    ProjectOwner.objects.create(project=project, department=department, position=0)
    published = Round.objects.create(plan=konosu_plan, fiscal_year=2023, state=Round.State.PUBLISHED)
    collecting = Round.objects.create(plan=konosu_plan, fiscal_year=2024, state=Round.State.COLLECTING)
    Entry.objects.create(
        round=published, project=project, department=department, progress="福祉講座を開いた。", rating=code
    )
    Entry.objects.create(round=collecting, project=project, department=department, progress="鴻巣市の下書き")

    for plan in (tiny.plan, elderly, konosu_plan):
        rebuild_search_index(plan)
    return ManyPlans(
        tiny,
        elderly,
        elderly_policy,
        elderly_own,
        elderly_shared,
        elderly_round,
        konosu,
        konosu_plan,
        department,
        collecting,
    )
