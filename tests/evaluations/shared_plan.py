"""A second plan of the tiny plan's city that shares a project with it (共通事業).

北本市高齢者福祉計画 (three levels, 施策 → 取組 → 事業, same A–C scale):
- 1 施策 → 1-1 取組 → 1-1-1 shows the tiny plan's 1-1-1-2 (共生福祉課 B and 社協 A, consolidated
  B), and 1-1-2 介護予防教室 is its own project (生涯学習課, rated C in 2023).
Rounds of 2023 (published) and 2024 (collecting), like the tiny plan's.
"""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import Plan, PlanNode, ProjectOwner
from tests.evaluations.tiny_plan import TinyPlan


@dataclass
class SharedPlan:
    plan: Plan
    policy: PlanNode
    showing: PlanNode  # shows tiny.shared
    own: PlanNode
    published: Round
    collecting: Round


def build_shared_plan(tiny: TinyPlan) -> SharedPlan:
    plan = Plan.objects.create(
        municipality=tiny.municipality,
        title="北本市高齢者福祉計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=["施策", "取組", "事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )

    def node(parent: PlanNode | None, code: str, title: str, **extra: object) -> PlanNode:
        return PlanNode.objects.create(
            plan=plan,
            parent=parent,
            level=code.count("-"),
            position=int(code.rsplit("-", 1)[-1]),
            code=code,
            title=title,
            **extra,
        )

    policy = node(None, "1", "高齢者が地域で暮らし続けられるまちづくり")
    initiative = node(policy, "1-1", "地域での見守りと情報提供")
    showing = node(initiative, "1-1-1", tiny.shared.title, shared_from=tiny.shared)
    own = node(initiative, "1-1-2", "介護予防教室")
    ProjectOwner.objects.create(project=own, department=tiny.departments["生涯学習課"], position=0)
    published = Round.objects.create(plan=plan, fiscal_year=2023, state=Round.State.PUBLISHED)
    collecting = Round.objects.create(plan=plan, fiscal_year=2024, state=Round.State.COLLECTING)
    Entry.objects.create(
        round=published,
        project=own,
        department=tiny.departments["生涯学習課"],
        progress="介護予防教室を開いた。",
        rating=tiny.codes["C"],
    )
    return SharedPlan(plan, policy, showing, own, published, collecting)
