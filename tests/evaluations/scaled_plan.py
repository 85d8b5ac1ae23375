"""A plan whose scale is S/A/B/C with two non-rating codes (未着手, 評価困難), for the tallies.

基本目標 1 → 施策 1-1 → 取組 1-1-1 → nine 事業 1-1-1-1 … 1-1-1-9, each with one owner, in the
published 2023 round:
- 企画課 owns 1–4, rated S, A, 未着手 and one entry without a code;
- 福祉課 owns 5–9, rated A, C, 評価困難, 評価困難 and one entry without a code.
So the plan counts S 1, A 2, B 0, C 1, 未着手 1, 評価困難 2 and 未評価 2 (9 projects); the
shares are over the 4 rated projects only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from shinchoku.editions.snapshot import take_snapshot
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

SCALE = [("S", True), ("A", True), ("B", True), ("C", True), ("未着手", False), ("評価困難", False)]
RATINGS = {
    "企画課": ["S", "A", "未着手", None],
    "福祉課": ["A", "C", "評価困難", "評価困難", None],
}
EXPECTED = {"S": 1, "A": 2, "B": 0, "C": 1, "未着手": 1, "評価困難": 2, "未評価": 2}


@dataclass
class ScaledPlan:
    plan: Plan
    departments: dict[str, Department]
    policy: PlanNode
    published: Round


def build_scaled_plan() -> ScaledPlan:
    city = Municipality.objects.create(name="鴻巣市", code="112178")
    scale = RatingScale.objects.create(municipality=city, name="S–C と評価外")
    codes = {
        code: RatingCode.objects.create(
            scale=scale,
            code=code,
            label=code,
            definition=f"{code}の定義",
            position=position,
            is_rating=rating,
        )
        for position, (code, rating) in enumerate(SCALE)
    }
    plan = Plan.objects.create(
        municipality=city,
        title="鴻巣市総合振興計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        rating_scale=scale,
        level_labels=["基本目標", "施策", "取組", "事業"],
        evaluation_level=1,
    )
    departments = {
        name: Department.objects.create(
            municipality=city, name=name, kind=Department.Kind.DIVISION, position=n
        )
        for n, name in enumerate(RATINGS)
    }
    goal = PlanNode.objects.create(plan=plan, level=0, position=1, code="1", title="活力あるまち")
    policy = PlanNode.objects.create(
        plan=plan, parent=goal, level=1, position=1, code="1-1", title="産業の振興"
    )
    initiative = PlanNode.objects.create(
        plan=plan, parent=policy, level=2, position=1, code="1-1-1", title="商工業の支援"
    )
    published = Round.objects.create(plan=plan, fiscal_year=2023, state=Round.State.PUBLISHED)
    number = 0
    for name, ratings in RATINGS.items():
        for rating in ratings:
            number += 1
            project = PlanNode.objects.create(
                plan=plan,
                parent=initiative,
                level=3,
                position=number,
                code=f"1-1-1-{number}",
                title=f"事業{number}",
            )
            ProjectOwner.objects.create(project=project, department=departments[name], position=0)
            Entry.objects.create(
                round=published,
                project=project,
                department=departments[name],
                progress="実施した。",
                rating=codes[rating] if rating is not None else None,
            )
    # Published as publish_round does it: with the structure the round shows frozen.
    take_snapshot(apps, published.pk)
    return ScaledPlan(plan, departments, policy, published)
