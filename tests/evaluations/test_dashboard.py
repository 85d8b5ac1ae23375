"""The dashboard's numbers against the tiny plan (see tiny_plan.py)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.apps import apps

from shinchoku.editions.snapshot import take_snapshot
from shinchoku.evaluations import selectors
from shinchoku.evaluations.models import Entry, NodeEvaluation
from shinchoku.plans.models import PlanNode, ProjectOwner
from tests.evaluations.tiny_plan import TinyPlan, add_projects

MaxQueries = Callable[[int], AbstractContextManager[Any]]


def _rows(board: selectors.Dashboard, key: str) -> dict[str, tuple[dict[str, int], int]]:
    [breakdown] = [b for b in board.breakdowns if b.key == key]
    return {row.label: (row.tally.counts, row.tally.unrated) for row in breakdown.rows}


def _codes(changes: list[selectors.ProjectChange]) -> list[tuple[str, str | None, str | None]]:
    return [
        (c.project.code, c.before.code if c.before else None, c.after.code if c.after else None)
        for c in changes
    ]


class TestCounts:
    def test_the_overall_counts_keep_the_unrated_apart_and_leave_cross_listings_out(
        self, tiny: TinyPlan
    ) -> None:
        board = selectors.dashboard(tiny.plan, tiny.published, None)

        assert board.overall.counts == {"A": 1, "B": 1, "C": 0}
        assert board.overall.unrated == 1
        assert board.overall.total == 3

    def test_shares_are_of_the_rated_projects_only(self, tiny: TinyPlan) -> None:
        board = selectors.dashboard(tiny.plan, tiny.published, None)

        assert board.overall.share("A") == 0.5
        assert board.overall.share("C") == 0.0

    def test_it_counts_per_goal_and_per_policy(self, tiny: TinyPlan) -> None:
        board = selectors.dashboard(tiny.plan, tiny.published, None)

        assert [b.title for b in board.breakdowns] == ["基本目標別", "施策別", "担当課別"]
        expected = ({"A": 1, "B": 1, "C": 0}, 1)
        assert _rows(board, "goals") == {"1 すべての世代に福祉の心を広げる意識づくり": expected}
        assert _rows(board, "policies") == {"1-1 福祉の心を育む学習機会の充実": expected}

    def test_a_department_counts_its_own_rating_of_projects_it_leads_or_shares(self, tiny: TinyPlan) -> None:
        board = selectors.dashboard(tiny.plan, tiny.published, None)

        assert _rows(board, "departments") == {
            "共生福祉課": ({"A": 0, "B": 1, "C": 0}, 0),  # its own B on the shared project
            "生涯学習課": ({"A": 1, "B": 0, "C": 0}, 0),
            "社協": ({"A": 1, "B": 0, "C": 0}, 1),  # its A on the shared project; 福祉協力校設置 unrated
        }

    def test_each_chart_row_draws_the_rated_shares_and_no_bar_for_nothing_rated(self, tiny: TinyPlan) -> None:
        Entry.objects.filter(round=tiny.published).update(rating=None)
        NodeEvaluation.objects.filter(round=tiny.published).update(rating=None)

        board = selectors.dashboard(tiny.plan, tiny.published, None)

        [goal] = board.breakdowns[0].chart.rows
        assert goal.segments == []
        assert goal.tally.unrated == 3

    def test_a_bar_segment_is_as_wide_as_its_share(self, tiny: TinyPlan) -> None:
        board = selectors.dashboard(tiny.plan, tiny.published, None)

        [goal] = board.breakdowns[0].chart.rows
        assert [(s.code, s.count, s.width) for s in goal.segments] == [("A", 1, 200.0), ("B", 1, 200.0)]


class TestChanges:
    def test_without_a_previous_year_there_are_no_changes(self, tiny: TinyPlan) -> None:
        assert selectors.dashboard(tiny.plan, tiny.published, None).changes is None

    def test_it_finds_what_rose_fell_began_and_ended(self, tiny: TinyPlan) -> None:
        # 2024: 福祉教育 A → C (fell); the shared project B → A (rose); a new project; 福祉協力校設置
        # has no entry any more (ended).
        Entry.objects.create(round=tiny.collecting, project=tiny.shared, department=tiny.departments["社協"])
        NodeEvaluation.objects.create(
            round=tiny.collecting, node=tiny.shared, rating=tiny.codes["A"], rule="manual"
        )
        newcomer = PlanNode.objects.create(
            plan=tiny.plan,
            parent=tiny.initiatives[1],
            level=3,
            position=3,
            code="1-1-2-3",
            title="新しい事業",
        )
        ProjectOwner.objects.create(project=newcomer, department=tiny.departments["社協"], position=0)
        Entry.objects.create(
            round=tiny.collecting,
            project=newcomer,
            department=tiny.departments["社協"],
            rating=tiny.codes["B"],
        )

        changes = selectors.dashboard(tiny.plan, tiny.collecting, tiny.published).changes

        assert changes is not None
        assert changes.previous == tiny.published
        assert _codes(changes.rose) == [("1-1-1-2", "B", "A")]
        assert _codes(changes.fell) == [("1-1-1-1", "A", "C")]
        assert _codes(changes.new) == [("1-1-2-3", None, "B")]
        assert _codes(changes.ended) == [("1-1-2-1", None, None)]
        assert changes.unchanged == 0
        assert changes.not_comparable == []

    def test_they_name_the_codes_their_lists_show_in_the_order_of_the_scale(self, tiny: TinyPlan) -> None:
        # 2024: 福祉教育 A → C; the shared project (B in 2023) and 福祉協力校設置 are not reported.
        changes = selectors.dashboard(tiny.plan, tiny.collecting, tiny.published).changes
        assert changes is not None
        assert [code.code for code in changes.codes] == ["A", "B", "C"]

        Entry.objects.filter(round=tiny.published, project=tiny.shared).delete()
        NodeEvaluation.objects.filter(round=tiny.published, node=tiny.shared).delete()
        changes = selectors.dashboard(tiny.plan, tiny.collecting, tiny.published).changes

        assert changes is not None
        assert [code.code for code in changes.codes] == ["A", "C"]

    def test_an_unrated_year_is_not_comparable_rather_than_a_fall(self, tiny: TinyPlan) -> None:
        Entry.objects.create(round=tiny.collecting, project=tiny.unrated, department=tiny.departments["社協"])

        changes = selectors.dashboard(tiny.plan, tiny.collecting, tiny.published).changes

        assert changes is not None
        assert _codes(changes.not_comparable) == [("1-1-2-1", None, None)]
        assert "1-1-2-1" not in [c.project.code for c in changes.fell + changes.ended]


def test_it_runs_nine_queries_whatever_the_plan_size(
    tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
) -> None:
    add_projects(tiny, 30, start=10)
    # The previous year is read with its own (published) structure: its snapshot, entries and
    # evaluations, whatever the number of projects.
    with django_assert_max_num_queries(9):
        selectors.dashboard(tiny.plan, tiny.collecting, tiny.published)


@pytest.mark.usefixtures("tiny")
def test_the_breakdowns_follow_the_tree_order_not_the_text_of_the_codes(tiny: TinyPlan) -> None:
    for position in (2, 10):
        PlanNode.objects.create(
            plan=tiny.plan, parent=tiny.goal, level=1, position=position, code=f"1-{position}"
        )
    take_snapshot(apps, tiny.published.pk)  # published with them

    board = selectors.dashboard(tiny.plan, tiny.published, None)

    [policies] = [b for b in board.breakdowns if b.key == "policies"]
    assert [row.node.code for row in policies.rows if row.node] == ["1-1", "1-2", "1-10"]
