"""Many small cities beside the tiny plan, for the pages and the API that must not grow with their
number: each city of :func:`add_cities` has a valid 全国地方公共団体コード (in turn across the 47
prefectures), its own department and rating scale, and one plan (基本目標 → 施策 → 事業) with a
published 2023 round whose one entry reads 「福祉講座を開いた。」, indexed for search, and a 2024
round being collected with a draft.
"""

from __future__ import annotations

from shinchoku.core.local_government_code import check_digit
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


def city_code(number: int) -> str:
    """A valid code for the ``number``-th generated city (from 0): prefecture ``number % 47 + 1``."""
    first_five = f"{number % 47 + 1:02d}{900 - number // 47:03d}"
    return f"{first_five}{check_digit(first_five)}"


def add_city(number: int) -> Plan:
    """The ``number``-th generated city with its plan (see the module's docstring)."""
    city = Municipality.objects.create(name=f"生成市{number:04d}", code=city_code(number))
    scale = RatingScale.objects.create(municipality=city, name="A–C")
    rating = RatingCode.objects.create(scale=scale, code="A", label="順調", position=0)
    department = Department.objects.create(municipality=city, name="福祉課", position=0)
    plan = Plan.objects.create(
        municipality=city,
        title="地域福祉計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=["基本目標", "施策", "事業"],
        evaluation_level=1,
        rating_scale=scale,
    )
    node = PlanNode.objects.create
    goal = node(plan=plan, level=0, position=1, code="1", title="支え合うまち")
    policy = node(plan=plan, parent=goal, level=1, position=1, code="1-1", title="担い手")
    project = node(plan=plan, parent=policy, level=2, position=1, code="1-1-1", title="講座")
    ProjectOwner.objects.create(project=project, department=department, position=0)
    published = Round.objects.create(plan=plan, fiscal_year=2023, state=Round.State.PUBLISHED)
    collecting = Round.objects.create(plan=plan, fiscal_year=2024, state=Round.State.COLLECTING)
    Entry.objects.create(
        round=published, project=project, department=department, progress="福祉講座を開いた。", rating=rating
    )
    Entry.objects.create(round=collecting, project=project, department=department, progress="下書き")
    rebuild_search_index(plan)
    return plan


def add_cities(count: int, start: int = 0) -> list[Plan]:
    """Cities number ``start`` to ``start + count - 1`` (see :func:`add_city`)."""
    return [add_city(number) for number in range(start, start + count)]
