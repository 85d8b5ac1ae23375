"""A round with many entries to review: ``count`` more projects under the tiny plan's second
取組, each with a submitted 2024 entry (one per department in turn), for the bulk review tests."""

from __future__ import annotations

from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import PlanNode, ProjectOwner
from tests.evaluations.tiny_plan import TinyPlan


def add_submitted_entries(tiny: TinyPlan, count: int) -> list[Entry]:
    """``count`` submitted entries of the collecting round, in plan order (codes 1-1-2-11 …)."""
    departments = list(tiny.departments.values())
    parent = tiny.initiatives[1]
    entries = []
    for index in range(count):
        position = 11 + index
        department = departments[index % len(departments)]
        project = PlanNode.objects.create(
            plan=tiny.plan,
            parent=parent,
            level=parent.level + 1,
            position=position,
            code=f"{parent.code}-{position}",
            title=f"見守り事業{index + 1}",
        )
        ProjectOwner.objects.create(project=project, department=department, position=0)
        entries.append(
            Entry.objects.create(
                round=tiny.collecting,
                project=project,
                department=department,
                status=Entry.Status.SUBMITTED,
                progress=f"見守り訪問を{index + 1}回行った。",
                rating=tiny.codes["B"],
                reason="おおむね予定どおり。",
                next_year_goal="訪問を続ける。",
            )
        )
    return entries
