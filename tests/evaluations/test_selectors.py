from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from shinchoku.evaluations import selectors
from shinchoku.evaluations.models import CommitteeOpinion, Entry, Round
from shinchoku.plans.models import PlanNode, ProjectOwner, RatingCode, RatingScale
from tests.evaluations.tiny_plan import TinyPlan

MaxQueries = Callable[[int], AbstractContextManager[Any]]


def _flatten(items: list[selectors.TreeNode]) -> dict[str, selectors.TreeNode]:
    found: dict[str, selectors.TreeNode] = {}
    for item in items:
        found[item.node.code] = item
        found.update(_flatten(item.children))
    return found


def _add_projects(tiny: TinyPlan, count: int) -> None:
    """Grow the plan so that query counts can be compared with a bigger one."""
    for number in range(count):
        project = PlanNode.objects.create(
            plan=tiny.plan,
            parent=tiny.initiatives[1],
            level=3,
            position=10 + number,
            code=f"1-1-2-{10 + number}",
            title=f"追加の事業{number}",
        )
        department = tiny.departments["共生福祉課"] if number % 2 else tiny.departments["社協"]
        ProjectOwner.objects.create(project=project, department=department, position=0)
        Entry.objects.create(
            round=tiny.published, project=project, department=department, rating=tiny.codes["B"]
        )


class TestPlanTree:
    def test_it_nests_goals_policies_initiatives_and_projects(self, tiny: TinyPlan) -> None:
        tree = selectors.plan_tree(tiny.plan, tiny.published)

        [goal] = tree.roots
        [policy] = goal.children
        assert [child.node.code for child in policy.children] == ["1-1-1", "1-1-2"]
        assert [p.node.code for p in policy.children[0].children] == ["1-1-1-1", "1-1-1-2"]
        assert policy.children[0].children[0].is_project

    def test_a_policy_takes_its_node_evaluation(self, tiny: TinyPlan) -> None:
        nodes = _flatten(selectors.plan_tree(tiny.plan, tiny.published).roots)

        assert nodes["1-1"].rating == tiny.codes["B"]
        assert nodes["1-1-1"].rating is None

    def test_goals_and_initiatives_without_an_evaluation_show_no_rating_at_all(self, tiny: TinyPlan) -> None:
        nodes = _flatten(selectors.plan_tree(tiny.plan, tiny.published).roots)

        assert [nodes[code].show_rating for code in ["1", "1-1", "1-1-1", "1-1-2-1"]] == [
            False,
            True,
            False,
            True,
        ]

    def test_a_single_owner_project_takes_its_entrys_rating(self, tiny: TinyPlan) -> None:
        nodes = _flatten(selectors.plan_tree(tiny.plan, tiny.published).roots)

        assert nodes["1-1-1-1"].rating == tiny.codes["A"]
        assert nodes["1-1-1-1"].department_ratings == []

    def test_a_shared_project_shows_the_consolidated_and_per_department_ratings_lead_first(
        self, tiny: TinyPlan
    ) -> None:
        shared = _flatten(selectors.plan_tree(tiny.plan, tiny.published).roots)["1-1-1-2"]

        assert shared.rating == tiny.codes["B"]
        assert [
            (r.department.name, r.rating.code if r.rating else None) for r in shared.department_ratings
        ] == [
            ("共生福祉課", "B"),
            ("社協", "A"),
        ]

    def test_one_entry_of_a_shared_project_does_not_stand_for_the_project(self, tiny: TinyPlan) -> None:
        Entry.objects.filter(project=tiny.shared, department=tiny.departments["社協"]).delete()
        tiny.shared.evaluations.all().delete()

        shared = _flatten(selectors.plan_tree(tiny.plan, tiny.published).roots)["1-1-1-2"]

        assert shared.rating is None
        assert [(r.department.name, r.rating) for r in shared.department_ratings] == [
            ("共生福祉課", tiny.codes["B"])
        ]

    def test_an_entry_without_a_rating_leaves_the_project_unrated(self, tiny: TinyPlan) -> None:
        nodes = _flatten(selectors.plan_tree(tiny.plan, tiny.published).roots)

        assert nodes["1-1-2-1"].rating is None

    def test_a_cross_listing_shows_its_originals_rating_and_owners(self, tiny: TinyPlan) -> None:
        relisted = _flatten(selectors.plan_tree(tiny.plan, tiny.published).roots)["1-1-2-2"]

        assert relisted.original == tiny.shared
        assert relisted.rating == tiny.codes["B"]
        assert [owner.name for owner in relisted.owners] == ["共生福祉課", "社協"]

    def test_the_tally_counts_unrated_apart_and_leaves_cross_listings_out(self, tiny: TinyPlan) -> None:
        counts = selectors.plan_tree(tiny.plan, tiny.published).tally

        assert counts.counts == {"A": 1, "B": 1, "C": 0}
        assert counts.unrated == 1
        assert counts.total == 3

    def test_an_entry_rated_with_a_code_of_another_scale_still_shows_it(self, tiny: TinyPlan) -> None:
        other = RatingScale.objects.create(municipality=tiny.municipality, name="別の尺度")
        code = RatingCode.objects.create(scale=other, code="S", label="S", position=0)
        Entry.objects.filter(round=tiny.published, project=tiny.single).update(rating=code)

        nodes = _flatten(selectors.plan_tree(tiny.plan, tiny.published).roots)

        assert nodes["1-1-1-1"].rating == code

    def test_without_a_round_it_shows_the_structure_without_ratings(self, tiny: TinyPlan) -> None:
        tree = selectors.plan_tree(tiny.plan, None)
        nodes = _flatten(tree.roots)

        assert len(nodes) == 8
        assert all(item.rating is None for item in nodes.values())
        assert tree.tally.unrated == 3

    def test_it_reads_the_given_round_only(self, tiny: TinyPlan) -> None:
        nodes = _flatten(selectors.plan_tree(tiny.plan, tiny.collecting).roots)

        assert nodes["1-1-1-1"].rating == tiny.codes["C"]
        assert nodes["1-1"].rating is None

    def test_it_runs_the_same_number_of_queries_for_a_bigger_plan(
        self, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        _add_projects(tiny, 30)
        with django_assert_max_num_queries(6):
            selectors.plan_tree(tiny.plan, tiny.published)


class TestPlanOutline:
    def test_it_goes_down_to_the_policies_with_the_tallies_of_their_projects(self, tiny: TinyPlan) -> None:
        outline = selectors.plan_outline(tiny.plan, tiny.published)

        assert [row.node for row in outline.rows] == [tiny.goal, tiny.policy]
        goal, policy = outline.rows
        # 福祉教育 A, the shared project B, 福祉協力校設置 unrated; the cross-listing is not counted.
        assert goal.tally == policy.tally
        assert policy.tally is not None
        assert (policy.tally.counts, policy.tally.unrated) == ({"A": 1, "B": 1, "C": 0}, 1)
        assert outline.tally == policy.tally
        assert outline.policy_label == "施策"

    def test_a_policy_shows_its_own_rating_and_a_goal_only_when_evaluated(self, tiny: TinyPlan) -> None:
        goal, policy = selectors.plan_outline(tiny.plan, tiny.published).rows

        assert (policy.show_rating, policy.rating) == (True, tiny.codes["B"])
        assert (goal.show_rating, goal.rating) == (False, None)

    def test_its_rows_say_where_nested_lists_open_and_close(self, tiny: TinyPlan) -> None:
        goal, policy = selectors.plan_outline(tiny.plan, tiny.published).rows

        assert (goal.has_children, goal.closes) == (True, 0)
        assert (policy.has_children, policy.closes) == (False, 1)

    def test_its_nodes_come_with_their_plan_so_showing_them_runs_no_query(
        self, tiny: TinyPlan, django_assert_num_queries: MaxQueries
    ) -> None:
        outline = selectors.plan_outline(tiny.plan, tiny.published)

        with django_assert_num_queries(0):
            assert [row.node.level_label for row in outline.rows] == ["基本目標", "施策"]

    def test_without_a_round_every_project_is_unrated(self, tiny: TinyPlan) -> None:
        outline = selectors.plan_outline(tiny.plan, None)

        assert (outline.tally.rated, outline.tally.unrated) == (0, 3)
        assert outline.rows[1].rating is None

    def test_it_runs_the_same_number_of_queries_for_a_bigger_plan(
        self, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        _add_projects(tiny, 30)
        with django_assert_max_num_queries(6):
            selectors.plan_outline(tiny.plan, tiny.published)


class TestPolicySheet:
    def test_it_knows_a_policy_by_its_grandchildren_being_projects(self, tiny: TinyPlan) -> None:
        assert selectors.is_policy(tiny.policy, tiny.plan)
        assert not selectors.is_policy(tiny.goal, tiny.plan)
        assert not selectors.is_policy(tiny.initiatives[0], tiny.plan)

    def test_it_has_the_header_legend_and_one_section_per_initiative(self, tiny: TinyPlan) -> None:
        sheet = selectors.policy_sheet(tiny.policy, tiny.published)

        assert sheet.ancestors == [tiny.goal]
        assert sheet.rating == tiny.codes["B"]
        assert [(item.code.code, item.is_current) for item in sheet.legend] == [
            ("A", False),
            ("B", True),
            ("C", False),
        ]
        assert [section.initiative for section in sheet.sections] == tiny.initiatives
        assert (sheet.year_label, sheet.next_year_label) == ("令和5年度", "令和6年度")

    def test_a_single_owner_rows_texts_have_no_department_heading(self, tiny: TinyPlan) -> None:
        sheet = selectors.policy_sheet(tiny.policy, tiny.published)
        row = sheet.sections[0].rows[0]

        assert row.project == tiny.single
        assert row.progress == [
            selectors.DepartmentText(
                None, "○市内の小・中学校において支援籍学習を実施した。\n○福祉体験を行った。"
            )
        ]
        assert row.rating == tiny.codes["A"]

    def test_a_shared_rows_texts_are_split_by_department_in_owner_order(self, tiny: TinyPlan) -> None:
        row = selectors.policy_sheet(tiny.policy, tiny.published).sections[0].rows[1]

        assert [(part.department.name if part.department else None) for part in row.progress] == [
            "共生福祉課",
            "社協",
        ]
        # The same final target written by both departments is shown once.
        assert row.final_target == [selectors.DepartmentText(None, "地域の福祉情報の発信について充実を図る")]
        assert [r.rating for r in row.department_ratings] == [tiny.codes["B"], tiny.codes["A"]]

    def test_a_cross_listing_row_points_at_its_original_and_carries_no_texts(self, tiny: TinyPlan) -> None:
        row = selectors.policy_sheet(tiny.policy, tiny.published).sections[1].rows[1]

        assert row.original == tiny.shared
        assert row.progress == []

    def test_an_unrated_row_has_no_rating(self, tiny: TinyPlan) -> None:
        row = selectors.policy_sheet(tiny.policy, tiny.published).sections[1].rows[0]

        assert row.rating is None
        assert row.reason == []

    def test_without_a_round_the_legend_marks_nothing(self, tiny: TinyPlan) -> None:
        sheet = selectors.policy_sheet(tiny.policy, None)

        assert sheet.rating is None
        assert not any(item.is_current for item in sheet.legend)
        assert sheet.year_label is None

    def test_it_runs_a_bounded_number_of_queries(
        self, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        _add_projects(tiny, 30)
        with django_assert_max_num_queries(8):  # whatever the number of projects
            selectors.policy_sheet(tiny.policy, tiny.published)

    def test_it_gathers_the_rounds_opinions_on_the_policy_and_below_it_in_plan_order(
        self, tiny: TinyPlan
    ) -> None:
        on_project = CommitteeOpinion.objects.create(round=tiny.published, node=tiny.single, opinion="事業へ")
        on_policy = CommitteeOpinion.objects.create(round=tiny.published, node=tiny.policy, opinion="施策へ")
        CommitteeOpinion.objects.create(round=tiny.published, node=tiny.goal, opinion="基本目標へ")
        CommitteeOpinion.objects.create(round=tiny.collecting, node=tiny.policy, opinion="翌年度へ")
        sheet = selectors.policy_sheet(tiny.policy, tiny.published)
        assert sheet.opinions == [on_policy, on_project]
        assert selectors.policy_sheet(tiny.policy, None).opinions == []


class TestNodeOverview:
    def test_it_gives_the_subtree_its_ancestors_and_its_tally(self, tiny: TinyPlan) -> None:
        overview = selectors.node_overview(tiny.initiatives[0], tiny.published)

        assert overview.ancestors == [tiny.goal, tiny.policy]
        assert overview.node == tiny.initiatives[0]
        assert [row.node for row in overview.rows] == [tiny.single, tiny.shared]
        assert overview.tally.counts == {"A": 1, "B": 1, "C": 0}

    def test_its_rows_reach_the_projects_with_ratings_owners_and_originals(self, tiny: TinyPlan) -> None:
        rows = {row.node.code: row for row in selectors.node_overview(tiny.goal, tiny.published).rows}

        assert list(rows) == ["1-1", "1-1-1", "1-1-1-1", "1-1-1-2", "1-1-2", "1-1-2-1", "1-1-2-2"]
        assert rows["1-1-1-2"].rating == tiny.codes["B"]
        assert [r.rating for r in rows["1-1-1-2"].department_ratings] == [tiny.codes["B"], tiny.codes["A"]]
        # A cross-listing takes its original's rating and owners, though the original is elsewhere.
        assert rows["1-1-2-2"].original == tiny.shared
        assert rows["1-1-2-2"].rating == tiny.codes["B"]
        assert [owner.name for owner in rows["1-1-2-2"].owners] == ["共生福祉課", "社協"]
        assert [(row.has_children, row.closes) for row in rows.values()] == [
            (True, 0),
            (True, 0),
            (False, 0),
            (False, 1),
            (True, 0),
            (False, 0),
            (False, 2),
        ]

    def test_it_loads_only_its_part_of_the_plan(
        self, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        _add_projects(tiny, 30)
        with django_assert_max_num_queries(7):
            overview = selectors.node_overview(tiny.initiatives[0], tiny.published)

        assert len(overview.rows) == 2


class TestProjectHistory:
    def test_it_lists_the_given_rounds_newest_first_with_entries_lead_first(self, tiny: TinyPlan) -> None:
        history = selectors.project_history(tiny.shared, [tiny.published])

        assert history.ancestors == [tiny.goal, tiny.policy, tiny.initiatives[0]]
        assert [owner.name for owner in history.owners] == ["共生福祉課", "社協"]
        [year] = history.rounds
        assert [entry.department.name for entry in year.entries] == ["共生福祉課", "社協"]
        assert year.evaluation is not None
        assert year.evaluation.rule_label == "最も低い評価"

    def test_it_shows_indicator_values_of_visible_rounds_only(self, tiny: TinyPlan) -> None:
        public = selectors.project_history(tiny.single, [tiny.published])
        staff = selectors.project_history(tiny.single, [tiny.collecting, tiny.published])

        assert public.indicator_years == [2022, 2023]
        assert staff.indicator_years == [2022, 2023, 2024]
        [row] = staff.indicators
        assert [cell.value.value if cell.value else None for cell in row.values] == [5, 7.5, 9]
        assert row.direction_label == "増加を目指す"
        assert [r.round.fiscal_year for r in staff.rounds] == [2024, 2023]

    def test_a_cross_listing_has_no_entries_of_its_own(self, tiny: TinyPlan) -> None:
        history = selectors.project_history(tiny.relisted, [tiny.published])

        assert history.original == tiny.shared
        assert history.rounds[0].entries == []

    def test_it_runs_a_bounded_number_of_queries(
        self, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        rounds = list(Round.objects.filter(plan=tiny.plan).order_by("-fiscal_year"))
        with django_assert_max_num_queries(9):  # with the published years' structures (one query)
            selectors.project_history(tiny.shared, rounds)


class TestPlanSummaries:
    def test_it_lists_every_plan_with_the_rounds_it_is_given(
        self, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        with django_assert_max_num_queries(2):
            summaries = selectors.plan_summaries(lambda plan: plan.rounds.filter(state=Round.State.PUBLISHED))

        [summary] = summaries
        assert summary.plan == tiny.plan
        assert summary.rounds == [tiny.published]

    @pytest.mark.usefixtures("db")
    def test_with_no_plans_it_returns_nothing(self) -> None:
        assert selectors.plan_summaries(lambda plan: plan.rounds.all()) == []
