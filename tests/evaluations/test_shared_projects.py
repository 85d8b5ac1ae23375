"""Projects shared by plans (共通事業): the other plan's entry shown, counted and reported."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from shinchoku.accounts import permissions
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.selectors import plan_outline, plan_tree
from shinchoku.evaluations.selectors.sheet import policy_sheet
from shinchoku.evaluations.services.errors import WorkflowError
from shinchoku.evaluations.services.node_evaluations import project_ratings
from shinchoku.evaluations.services.project_evaluations import set_project_rating
from shinchoku.evaluations.services.rounds import open_round
from shinchoku.ingest.workbook.source import workbook_source
from shinchoku.plans.models import Plan, PlanNode, RatingCode, RatingScale
from shinchoku.reports.opendata.dataset import load_dataset
from shinchoku.web.entries.selectors import my_entries_page
from tests.evaluations.services.personas import People
from tests.evaluations.shared_plan import SharedPlan, build_shared_plan
from tests.evaluations.tiny_plan import TinyPlan


@pytest.fixture
def other(tiny: TinyPlan) -> SharedPlan:
    return build_shared_plan(tiny)


def _tree_node(tree, pk):  # type: ignore[no-untyped-def]
    stack = list(tree.roots)
    while stack:
        node = stack.pop()
        if node.node.pk == pk:
            return node
        stack.extend(node.children)
    raise AssertionError(pk)


def test_a_shared_project_shows_the_other_plans_entries_of_the_same_year(
    tiny: TinyPlan, other: SharedPlan
) -> None:
    tree = plan_tree(other.plan, other.published)
    shown = _tree_node(tree, other.showing.pk)
    assert shown.rating == tiny.codes["B"]  # the consolidated rating of 1-1-1-2 in 2023
    assert [(r.department.name, r.rating.code if r.rating else None) for r in shown.department_ratings] == [
        ("共生福祉課", "B"),
        ("社協", "A"),
    ]
    assert {department.name for department in shown.owners} == {"共生福祉課", "社協"}


def test_both_plans_count_the_shared_project_in_their_tallies(tiny: TinyPlan, other: SharedPlan) -> None:
    mine = plan_tree(other.plan, other.published).tally
    assert (mine.counts, mine.unrated) == ({"A": 0, "B": 1, "C": 1}, 0)
    theirs = plan_tree(tiny.plan, tiny.published).tally
    assert (theirs.counts, theirs.unrated) == ({"A": 1, "B": 1, "C": 0}, 1)


def test_the_plans_own_consolidation_takes_the_shared_project_into_account(
    tiny: TinyPlan, other: SharedPlan
) -> None:
    assert sorted(str(code) for code in project_ratings(other.published, other.policy)) == ["B", "C"]


def test_the_policy_sheet_shows_the_shared_entries_texts(tiny: TinyPlan, other: SharedPlan) -> None:
    sheet = policy_sheet(other.policy, other.published)
    rows = {row.project.pk: row for section in sheet.sections for row in section.rows}
    progress = [text.text for text in rows[other.showing.pk].progress]
    assert progress == ["民生委員に福祉サービスの情報を提供した。", "支え合い通信を発行した。"]


def test_the_open_data_carries_the_same_entries_as_the_plan_that_owns_them(
    tiny: TinyPlan, other: SharedPlan
) -> None:
    mine = load_dataset(other.plan, other.published, [other.published])
    theirs = load_dataset(tiny.plan, tiny.published, [tiny.published])
    shared_mine = [row for row in mine.rows if row.project.pk == other.showing.pk]
    shared_theirs = [row for row in theirs.rows if row.project.pk == tiny.shared.pk]
    assert [row.entry.pk for row in shared_mine if row.entry] == [
        row.entry.pk for row in shared_theirs if row.entry
    ]
    assert len(shared_mine) == 2
    assert {row.project_rule for row in shared_mine} == {row.project_rule for row in shared_theirs}


def test_a_published_page_hides_the_shared_entry_until_the_other_plans_year_is_published(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    Round.objects.filter(pk=tiny.published.pk).update(state=Round.State.REVIEW)
    shown = _tree_node(plan_tree(other.plan, other.published), other.showing.pk)
    assert (shown.rating, shown.department_ratings) == (None, [])
    public = load_dataset(other.plan, other.published, [other.published])
    assert [row.entry for row in public.rows if row.project.pk == other.showing.pk] in ([], [None])
    # The 事務局 reads the other plan's round in review: the staff view shows the entries.
    outline = plan_outline(
        other.plan, other.published, visible=permissions.visible_entries(people.secretariat)
    )
    assert outline.tally.counts["B"] == 1
    anonymous = plan_outline(other.plan, other.published, visible=Q(round__state=Round.State.PUBLISHED))
    assert anonymous.tally.counts["B"] == 0


def test_a_plans_tree_takes_two_more_queries_whatever_the_number_of_shared_projects(
    tiny: TinyPlan, other: SharedPlan
) -> None:
    # The year being collected reads the plan as it is now (a published year reads its snapshot).
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            plan_tree(other.plan, other.collecting)
        return len(captured)

    one = queries()
    initiative = other.showing.parent
    for number, source in enumerate([tiny.single, tiny.unrated], start=3):
        PlanNode.objects.create(
            plan=other.plan,
            parent=initiative,
            level=2,
            position=number,
            code=f"1-1-{number}",
            shared_from=source,
        )
    assert queries() == one
    PlanNode.objects.filter(plan=other.plan, shared_from__isnull=False).update(shared_from=None)
    # One for the other plan's entries, one for the projects shown and their plans (the labels).
    assert queries() == one - 2


def test_opening_a_round_creates_no_entries_for_a_shared_project(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    round_ = open_round(people.secretariat, other.plan.pk, 2025)
    assert list(Entry.objects.filter(round=round_).values_list("project_id", flat=True)) == [other.own.pk]


def test_a_shared_project_appears_once_in_its_departments_list_and_workbook_and_in_both_plans_reports(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    department = tiny.departments["社協"]
    entry = Entry.objects.create(
        round=tiny.collecting, project=tiny.shared, department=department, progress="通信を発行した。"
    )
    page = my_entries_page(people.other_editor)
    listed = [row.entry for group in page.rounds for part in group.departments for row in part.rows]
    assert [e.pk for e in listed if e.project_id in (tiny.shared.pk, other.showing.pk)] == [entry.pk]
    workbooks = [
        workbook_source(people.other_editor, round_, department).rows
        for round_ in (tiny.collecting, other.collecting)
    ]
    assert [
        [row.entry.pk for row in rows if row.entry.project_id == tiny.shared.pk] for rows in workbooks
    ] == [
        [entry.pk],
        [],
    ]
    Round.objects.filter(pk__in=[tiny.collecting.pk, other.collecting.pk]).update(state=Round.State.PUBLISHED)
    tiny.collecting.refresh_from_db()
    other.collecting.refresh_from_db()
    mine = load_dataset(other.plan, other.collecting, [other.collecting])
    theirs = load_dataset(tiny.plan, tiny.collecting, [tiny.collecting])
    assert [row.entry.pk for row in mine.rows if row.entry and row.project.pk == other.showing.pk] == [
        entry.pk
    ]
    assert [row.entry.pk for row in theirs.rows if row.entry and row.project.pk == tiny.shared.pk] == [
        entry.pk
    ]


def test_a_plan_with_its_own_scale_of_the_same_codes_shows_the_ratings_in_its_own_codes(
    tiny: TinyPlan, other: SharedPlan
) -> None:
    scale = RatingScale.objects.create(municipality=tiny.municipality, name="高齢者福祉計画の評価基準")
    own = {
        code.code: RatingCode.objects.create(
            scale=scale, code=code.code, label=code.label, position=code.position
        )
        for code in tiny.codes.values()
    }
    Plan.objects.filter(pk=other.plan.pk).update(rating_scale=scale)
    other.plan.refresh_from_db()
    shown = _tree_node(plan_tree(other.plan, other.published), other.showing.pk)
    assert shown.rating == own["B"]
    assert [rating.rating for rating in shown.department_ratings] == [own["B"], own["A"]]


def test_the_showing_plan_cannot_rate_a_shared_project_itself(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    with pytest.raises(WorkflowError, match="共通事業です"):
        set_project_rating(
            people.secretariat, other.collecting.pk, other.showing.pk, rating="A", comment="", version=0
        )
