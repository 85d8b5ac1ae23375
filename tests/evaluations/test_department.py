"""One department's projects and ratings over the years, and what it still owes."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from shinchoku.evaluations import selectors
from shinchoku.evaluations.models import Entry, Round
from tests.evaluations.tiny_plan import TinyPlan, add_projects

MaxQueries = Callable[[int], AbstractContextManager[Any]]


def _rounds(tiny: TinyPlan) -> list[Round]:
    return [tiny.collecting, tiny.published]


def _ratings(item: selectors.DepartmentProject) -> list[str | None]:
    return [
        (year.rating.code if year.rating else "未評価") if year.reported else None for year in item.ratings
    ]


def test_it_lists_the_projects_it_leads_or_shares_in_tree_order_without_cross_listings(
    tiny: TinyPlan,
) -> None:
    page = selectors.department_page(tiny.plan, tiny.departments["社協"], _rounds(tiny), with_missing=False)

    assert [(item.project.code, item.is_lead) for item in page.projects] == [
        ("1-1-1-2", False),
        ("1-1-2-1", True),
    ]
    assert [d.name for d in page.projects[0].co_owners] == ["共生福祉課"]
    assert page.projects[0].policy == tiny.policy
    assert page.policy_label == "施策"


def test_it_gives_its_own_rating_of_a_shared_project_and_the_projects_rating_when_alone(
    tiny: TinyPlan,
) -> None:
    shakyo = selectors.department_page(tiny.plan, tiny.departments["社協"], _rounds(tiny), with_missing=False)
    lifelong = selectors.department_page(
        tiny.plan, tiny.departments["生涯学習課"], _rounds(tiny), with_missing=False
    )

    # Newest first: 2024 (collecting), then 2023; None = no entry that year.
    assert [_ratings(item) for item in shakyo.projects] == [[None, "A"], [None, "未評価"]]
    assert [_ratings(item) for item in lifelong.projects] == [["C", "A"]]


def test_it_lists_missing_entries_of_unpublished_rounds_only_when_asked(tiny: TinyPlan) -> None:
    Entry.objects.create(round=tiny.collecting, project=tiny.unrated, department=tiny.departments["社協"])

    staff = selectors.department_page(tiny.plan, tiny.departments["社協"], _rounds(tiny), with_missing=True)
    public = selectors.department_page(
        tiny.plan, tiny.departments["社協"], [tiny.published], with_missing=True
    )
    hidden = selectors.department_page(tiny.plan, tiny.departments["社協"], _rounds(tiny), with_missing=False)

    assert [(m.round.fiscal_year, m.project.code, m.reason) for m in staff.missing] == [
        (2024, "1-1-1-2", "未提出"),
        (2024, "1-1-2-1", "評価未記入"),
    ]
    assert public.missing == []
    assert hidden.missing == []


def test_it_runs_seven_queries_whatever_the_number_of_projects_and_years(
    tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
) -> None:
    add_projects(tiny, 20, start=10)
    with django_assert_max_num_queries(7):
        selectors.department_page(tiny.plan, tiny.departments["社協"], _rounds(tiny), with_missing=True)
