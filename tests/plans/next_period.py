"""The tiny plan's next plan period (第4期): a plan of the same city for 2027–2031 whose project
継続する福祉教育 continues the tiny plan's 1-1-1-1 福祉教育, with a published 2027 round."""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import Plan, PlanNode, ProjectOwner
from tests.evaluations.tiny_plan import TinyPlan


@dataclass
class NextPeriod:
    plan: Plan
    project: PlanNode  # continues tiny.single
    published: Round


def build_next_period(
    tiny: TinyPlan,
    *,
    linked: bool = True,
    title: str = "第4期北本市地域福祉計画",
    first_year: int = 2027,
    continues: PlanNode | None = None,
) -> NextPeriod:
    """The next plan; its project continues ``continues`` (default: tiny.single unless not
    ``linked``). ``title`` and ``first_year`` make a period after that (第5期 …)."""
    plan = Plan.objects.create(
        municipality=tiny.municipality,
        title=title,
        first_fiscal_year=first_year,
        last_fiscal_year=first_year + 4,
        level_labels=["基本目標", "施策", "事業"],
        evaluation_level=1,
        rating_scale=tiny.plan.rating_scale,
    )
    goal = PlanNode.objects.create(plan=plan, level=0, position=1, code="1", title="福祉の心を広げる")
    policy = PlanNode.objects.create(
        plan=plan, parent=goal, level=1, position=1, code="1-1", title="学習機会の充実"
    )
    project = PlanNode.objects.create(
        plan=plan,
        parent=policy,
        level=2,
        position=1,
        code="1-1-1",
        title="継続する福祉教育",
        continues=continues or (tiny.single if linked else None),
    )
    department = tiny.departments["生涯学習課"]
    ProjectOwner.objects.create(project=project, department=department, position=0)
    published = Round.objects.create(plan=plan, fiscal_year=first_year, state=Round.State.PUBLISHED)
    Entry.objects.create(
        round=published,
        project=project,
        department=department,
        progress="第4期の初年度も体験学習を実施した。",
        rating=tiny.codes["B"],
    )
    return NextPeriod(plan, project, published)
