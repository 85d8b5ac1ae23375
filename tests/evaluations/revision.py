"""The tiny plan after a 中間見直し: 福祉協力校設置 (1-1-2-1) ends with 2023 and 見守り活動 (1-1-2-3)
begins in 2024 with a rated entry in the collecting round."""

from __future__ import annotations

from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import PlanNode, ProjectOwner
from tests.evaluations.tiny_plan import TinyPlan


def revise_tiny_plan(tiny: TinyPlan) -> PlanNode:
    """福祉協力校設置 ends with 2023; a project begins in 2024 with a rated entry."""
    tiny.unrated.last_year = 2023
    tiny.unrated.save()
    newcomer = PlanNode.objects.create(
        plan=tiny.plan,
        parent=tiny.initiatives[1],
        level=3,
        position=3,
        code="1-1-2-3",
        title="見守り活動",
        first_year=2024,
    )
    ProjectOwner.objects.create(project=newcomer, department=tiny.departments["社協"], position=0)
    Entry.objects.create(
        round=tiny.collecting, project=newcomer, department=tiny.departments["社協"], rating=tiny.codes["B"]
    )
    return newcomer
