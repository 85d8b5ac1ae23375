"""The plan tree in the plan editor: nodes added at any level, edited, reordered, moved under
another parent, cross-listed, given owners in order and removed, each with an audit record; what
would break stored data is refused with a Japanese message."""

from __future__ import annotations

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.tree import (
    add_node,
    cross_list_project,
    move_node,
    move_node_under,
    remove_node,
    set_project_owners,
    update_node,
)
from shinchoku.plans.models import PlanNode
from shinchoku.search.models import SearchDocument
from shinchoku.search.services import rebuild_search_index
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def _children(node: PlanNode) -> list[str]:
    return list(PlanNode.objects.filter(parent=node).order_by("position").values_list("code", flat=True))


def _owners(node: PlanNode) -> list[str]:
    return [ownership.department.name for ownership in node.ownerships.order_by("position")]


def test_a_node_is_added_at_the_level_below_its_parent(tiny: TinyPlan, people: People) -> None:
    project = add_node(
        people.secretariat,
        tiny.plan.pk,
        parent_id=tiny.initiatives[0].pk,
        code="1-1-1-3",
        title="福祉体験学習",
        description="○車いす体験",
        final_target="全校で実施する",
    )

    assert (project.level, project.position, project.final_target) == (3, 3, "全校で実施する")
    assert _children(tiny.initiatives[0]) == ["1-1-1-1", "1-1-1-2", "1-1-1-3"]
    record = AuditEntry.objects.get(action="add_node")
    assert record.summary == "北本市地域福祉計画: 事業「1-1-1-3 福祉体験学習」を追加しました"


def test_a_top_level_node_needs_no_parent(tiny: TinyPlan, people: People) -> None:
    goal = add_node(
        people.secretariat, tiny.plan.pk, parent_id=None, code="2", title="支え合いの仕組みづくり"
    )

    assert (goal.level, goal.position, goal.parent_id) == (0, 2, None)


@pytest.mark.parametrize(
    ("parent", "code", "final_target", "field", "message"),
    [
        ("single", "1-1-1-1-1", "", "parent", "事業の下には項目を追加できません"),
        ("initiative", "1-1", "", "code", "番号「1-1」はこの計画ですでに使われています"),
        ("policy", "1-1-3", "全校で", "final_target", "計画最終年度までの目標は事業にだけ書けます"),
        ("initiative", " ", "", "code", "番号を入力してください"),
    ],
)
def test_it_refuses_a_node_that_does_not_fit(
    tiny: TinyPlan, people: People, parent: str, code: str, final_target: str, field: str, message: str
) -> None:
    parents = {"single": tiny.single, "initiative": tiny.initiatives[0], "policy": tiny.policy}
    with pytest.raises(PlanEditError, match=message) as refused:
        add_node(
            people.secretariat,
            tiny.plan.pk,
            parent_id=parents[parent].pk,
            code=code,
            title="新しい項目",
            final_target=final_target,
        )

    assert refused.value.field == field
    assert PlanNode.objects.filter(plan=tiny.plan).count() == 8


def test_editing_a_project_rebuilds_the_search_and_records_the_diff(tiny: TinyPlan, people: People) -> None:
    rebuild_search_index(tiny.plan)

    update_node(
        people.secretariat,
        tiny.plan.pk,
        tiny.single.pk,
        code="1-1-1-1",
        title="福祉教育の推進",
        description="○体験教育",
        final_target="市内全校で福祉教育を行う",
    )

    tiny.single.refresh_from_db()
    assert (tiny.single.title, tiny.single.final_target) == ("福祉教育の推進", "市内全校で福祉教育を行う")
    assert "福祉教育の推進" in SearchDocument.objects.filter(project=tiny.single).first().key  # type: ignore[union-attr]
    record = AuditEntry.objects.get(action="update_node")
    assert record.changes["final_target"] == {"before": "", "after": "市内全校で福祉教育を行う"}
    assert set(record.changes) == {"title", "description", "final_target"}


def test_siblings_move_up_and_down(tiny: TinyPlan, people: People) -> None:
    move_node(people.secretariat, tiny.plan.pk, tiny.shared.pk, "up")

    assert _children(tiny.initiatives[0]) == ["1-1-1-2", "1-1-1-1"]
    assert AuditEntry.objects.get(action="move_node").changes == {
        "order": {"before": ["1-1-1-1", "1-1-1-2"], "after": ["1-1-1-2", "1-1-1-1"]}
    }
    with pytest.raises(PlanEditError, match="これ以上下に動かせません"):
        move_node(people.secretariat, tiny.plan.pk, tiny.single.pk, "down")


def test_a_node_moves_under_another_parent_of_the_level_above(tiny: TinyPlan, people: People) -> None:
    rebuild_search_index(tiny.plan)
    first, second = tiny.initiatives

    move_node_under(people.secretariat, tiny.plan.pk, tiny.single.pk, second.pk)

    assert _children(first) == ["1-1-1-2"]
    assert _children(second) == ["1-1-2-1", "1-1-2-2", "1-1-1-1"]
    record = AuditEntry.objects.get(action="move_node_under")
    assert record.changes == {"parent": {"before": "1-1-1", "after": "1-1-2"}}
    assert PlanNode.objects.get(pk=first.pk).children.get().position == 1


@pytest.mark.parametrize(
    ("node", "parent", "message"),
    [
        ("single", "policy", "移す先は取組から選んでください"),
        ("single", "first", "すでにこの取組の下にあります"),
        ("goal", "policy", "基本目標は最上位の階層のため、移す先がありません"),
    ],
)
def test_it_refuses_a_parent_of_the_wrong_level(
    tiny: TinyPlan, people: People, node: str, parent: str, message: str
) -> None:
    nodes = {"single": tiny.single, "policy": tiny.policy, "first": tiny.initiatives[0], "goal": tiny.goal}
    with pytest.raises(PlanEditError, match=message):
        move_node_under(people.secretariat, tiny.plan.pk, nodes[node].pk, nodes[parent].pk)

    assert PlanNode.objects.get(pk=tiny.single.pk).parent_id == tiny.initiatives[0].pk


def test_a_project_is_cross_listed_under_another_parent(tiny: TinyPlan, people: People) -> None:
    listing = cross_list_project(
        people.secretariat, tiny.plan.pk, tiny.single.pk, parent_id=tiny.initiatives[1].pk, code="1-1-2-3"
    )

    assert (listing.listing_of_id, listing.title, listing.level) == (tiny.single.pk, "福祉教育", 3)
    record = AuditEntry.objects.get(action="cross_list_project")
    assert record.summary.endswith(
        "事業「1-1-1-1 福祉教育」を取組「1-1-2 学校や地域の福祉教育への支援」の下に再掲しました"
    )
    with pytest.raises(PlanEditError, match="すでにこの取組の下にあります"):
        cross_list_project(
            people.secretariat, tiny.plan.pk, tiny.single.pk, parent_id=tiny.initiatives[1].pk, code="x"
        )
    with pytest.raises(PlanEditError, match="再掲できるのは事業"):
        cross_list_project(
            people.secretariat, tiny.plan.pk, tiny.relisted.pk, parent_id=tiny.initiatives[0].pk, code="y"
        )


def test_owners_are_set_in_order_the_first_is_the_lead(tiny: TinyPlan, people: People) -> None:
    departments = tiny.departments

    set_project_owners(
        people.secretariat,
        tiny.plan.pk,
        tiny.shared.pk,
        [departments["社協"].pk, departments["共生福祉課"].pk],
    )

    assert _owners(tiny.shared) == ["社協", "共生福祉課"]
    assert AuditEntry.objects.get(action="set_project_owners").changes == {
        "owners": {"before": ["共生福祉課", "社協"], "after": ["社協", "共生福祉課"]}
    }


def test_a_department_writing_an_open_years_entry_stays_an_owner(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(
        PlanEditError, match="生涯学習課は令和6年度\\(2024年度\\)の評価を書いているため"
    ) as refused:
        set_project_owners(people.secretariat, tiny.plan.pk, tiny.single.pk, [tiny.departments["社協"].pk])

    assert refused.value.field == "owners"
    assert _owners(tiny.single) == ["生涯学習課"]


@pytest.mark.parametrize(
    ("project", "owners", "message"),
    [
        ("relisted", ["社協"], "担当課を決められるのは事業"),
        ("policy", ["社協"], "担当課を決められるのは事業"),
        ("unrated", ["社協", "社協"], "同じ担当課が二度選ばれています"),
    ],
)
def test_it_refuses_owners_that_do_not_fit(
    tiny: TinyPlan, people: People, project: str, owners: list[str], message: str
) -> None:
    with pytest.raises(PlanEditError, match=message):
        set_project_owners(
            people.secretariat,
            tiny.plan.pk,
            getattr(tiny, project).pk,
            [tiny.departments[name].pk for name in owners],
        )


def test_it_refuses_an_owner_of_another_city(tiny: TinyPlan, people: People) -> None:
    from shinchoku.plans.models import Department

    foreign = Department.objects.create(municipality=people.stranger.municipality, name="福祉課")

    with pytest.raises(PlanEditError, match="この自治体の担当課から選んでください"):
        set_project_owners(people.secretariat, tiny.plan.pk, tiny.unrated.pk, [foreign.pk])


def test_a_node_without_entries_is_removed_with_what_is_below_it(tiny: TinyPlan, people: People) -> None:
    goal = add_node(people.secretariat, tiny.plan.pk, parent_id=None, code="2", title="新しい目標")
    policy = add_node(people.secretariat, tiny.plan.pk, parent_id=goal.pk, code="2-1", title="新しい施策")

    remove_node(people.secretariat, tiny.plan.pk, goal.pk)

    assert not PlanNode.objects.filter(pk__in=[goal.pk, policy.pk]).exists()
    record = AuditEntry.objects.get(action="remove_node")
    assert record.summary.endswith("基本目標「2 新しい目標」を削除しました(下の項目 1 件も)")


def test_a_cross_listing_may_be_removed(tiny: TinyPlan, people: People) -> None:
    remove_node(people.secretariat, tiny.plan.pk, tiny.relisted.pk)

    assert _children(tiny.initiatives[1]) == ["1-1-2-1"]


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ("single", "事業「1-1-1-1 福祉教育」には評価・指標の実績値があるため、削除できません"),
        ("shared", "評価・まとめた評価・ほかの場所の再掲があるため"),
        (
            "goal",
            "基本目標「1 すべての世代に福祉の心を広げる意識づくり」(またはその下の項目)"
            "には評価・まとめた評価・指標の実績値があるため",
        ),
    ],
)
def test_it_refuses_to_remove_a_node_with_evaluations(
    tiny: TinyPlan, people: People, node: str, message: str
) -> None:
    with pytest.raises(PlanEditError, match=message.replace("(", "\\(").replace(")", "\\)")):
        remove_node(people.secretariat, tiny.plan.pk, getattr(tiny, node).pk)

    assert PlanNode.objects.filter(plan=tiny.plan).count() == 8
    assert Entry.objects.filter(project=tiny.single).exists()
