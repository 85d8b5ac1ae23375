"""The plan editor's pages: every GET renders for the 事務局 with the plan's own level names, a POST
applies its change through the service and leads back, and a refused change renders the form again
with the Japanese message beside its field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.plans.models import Department, Indicator, IndicatorTarget, Plan, PlanNode, RatingCode
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

SignIn = Callable[[User], Client]


@pytest.fixture
def jimu(people: People, client_for: SignIn) -> Client:
    return client_for(people.secretariat)


def _pages(tiny: TinyPlan) -> list[str]:
    plan = tiny.plan.pk
    return [
        reverse("web:plan_edit", args=[plan]),
        reverse("web:plan_edit_scale", args=[plan]),
        reverse("web:plan_edit_code", args=[plan, tiny.codes["B"].pk]),
        reverse("web:plan_edit_departments", args=[plan]),
        reverse("web:plan_edit_department", args=[plan, tiny.departments["社協"].pk]),
        reverse("web:plan_edit_tree", args=[plan]),
        *(
            reverse("web:plan_edit_node", args=[plan, node.pk])
            for node in (tiny.goal, tiny.single, tiny.relisted)
        ),
        reverse("web:plan_edit_indicator", args=[plan, tiny.indicator.pk]),
    ]


def test_every_editor_page_renders_for_the_secretariat(tiny: TinyPlan, jimu: Client) -> None:
    for path in _pages(tiny):
        response = jimu.get(path)
        assert response.status_code == 200, path
        assert "計画の編集" in response.content.decode(), path


def test_the_header_link_leads_the_secretariat_to_the_editor(tiny: TinyPlan, jimu: Client) -> None:
    response = jimu.get(reverse("web:plan_editor"))

    assert response.status_code == 302
    assert response["Location"] == reverse("web:plan_edit", args=[tiny.plan.pk])
    assert 'href="/staff/plan-editor/"' in jimu.get(reverse("web:home")).content.decode()


@pytest.mark.parametrize("persona", ["editor", "approver", "committee", "viewer", "stranger"])
def test_the_editor_refuses_everyone_but_the_citys_secretariat(
    tiny: TinyPlan, people: People, client_for: SignIn, persona: str
) -> None:
    client = client_for(getattr(people, persona))
    for path in _pages(tiny):
        assert client.get(path).status_code == 403, path
    assert (
        client.post(reverse("web:plan_edit_tree", args=[tiny.plan.pk]), {"child-code": "9"}).status_code
        == 403
    )
    assert not PlanNode.objects.filter(code="9").exists()


def test_the_tree_page_lists_the_plans_own_levels(tiny: TinyPlan, jimu: Client) -> None:
    html = jimu.get(reverse("web:plan_edit_tree", args=[tiny.plan.pk])).content.decode()

    assert "基本目標 › 施策 › 取組 › 事業" in html
    assert "再掲(1-1-1-2)" in html
    assert '上へ<span class="visually-hidden">(1-1-1-2)</span>' in html


def test_saving_the_settings_applies_them(tiny: TinyPlan, jimu: Client) -> None:
    data = {
        "title": "北本市地域福祉計画(第3期)",
        "first_fiscal_year": "2022",
        "last_fiscal_year": "2027",
        "level_labels": "基本目標、施策、取組、事務事業",
        "evaluation_level": "1",
        "multi_department_rule": "most_common",
        "achievement_formula": "ratio",
        "requires_department_approval": "on",
    }

    response = jimu.post(reverse("web:plan_edit", args=[tiny.plan.pk]), data, follow=True)

    plan = Plan.objects.get(pk=tiny.plan.pk)
    assert (plan.last_fiscal_year, plan.level_labels[-1], plan.achievement_formula) == (
        2027,
        "事務事業",
        "ratio",
    )
    assert plan.requires_department_approval
    assert "計画の設定を保存しました。" in response.content.decode()


def test_a_refused_setting_renders_the_form_again_with_the_message(tiny: TinyPlan, jimu: Client) -> None:
    data = {
        "title": "北本市地域福祉計画",
        "first_fiscal_year": "2024",
        "last_fiscal_year": "2026",
        "level_labels": "基本目標、施策、取組、事業",
        "evaluation_level": "1",
        "multi_department_rule": "lowest",
        "achievement_formula": "progress",
    }

    response = jimu.post(reverse("web:plan_edit", args=[tiny.plan.pk]), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "令和5年度の進行管理があるため、その年度を計画期間から外せません" in html
    assert 'href="#id_first_fiscal_year"' in html
    assert 'value="2024"' in html  # what was typed stays
    assert Plan.objects.get(pk=tiny.plan.pk).first_fiscal_year == 2022


def test_a_code_is_added_moved_and_a_used_one_is_not_removed(tiny: TinyPlan, jimu: Client) -> None:
    plan = tiny.plan.pk
    jimu.post(
        reverse("web:plan_edit_scale", args=[plan]), {"code": "未着手", "label": "未着手", "definition": ""}
    )
    added = RatingCode.objects.get(code="未着手")
    assert added.is_rating is False  # an unchecked box

    jimu.post(reverse("web:plan_edit_code_move", args=[plan, added.pk]), {"direction": "up"})
    assert list(RatingCode.objects.filter(scale=tiny.plan.rating_scale).values_list("code", flat=True)) == [
        "A",
        "B",
        "未着手",
        "C",
    ]

    refused = jimu.post(reverse("web:plan_edit_code_remove", args=[plan, tiny.codes["A"].pk]))
    assert refused.status_code == 400
    assert "記号「A」は評価に使われているため、削除できません。" in refused.content.decode()


def test_renaming_a_used_code_is_refused_beside_the_code_field(tiny: TinyPlan, jimu: Client) -> None:
    path = reverse("web:plan_edit_code", args=[tiny.plan.pk, tiny.codes["A"].pk])

    response = jimu.post(path, {"code": "S", "label": "", "definition": "", "is_rating": "on"})

    assert response.status_code == 400
    assert 'href="#id_code"' in response.content.decode()
    assert RatingCode.objects.get(pk=tiny.codes["A"].pk).code == "A"


def test_a_department_is_added_renamed_and_removed(tiny: TinyPlan, jimu: Client) -> None:
    plan = tiny.plan.pk
    jimu.post(reverse("web:plan_edit_departments", args=[plan]), {"name": "子育て支援課", "kind": "division"})
    added = Department.objects.get(name="子育て支援課")
    jimu.post(
        reverse("web:plan_edit_department", args=[plan, added.pk]), {"name": "こども課", "kind": "division"}
    )
    assert Department.objects.get(pk=added.pk).name == "こども課"

    response = jimu.post(reverse("web:plan_edit_department_remove", args=[plan, added.pk]))

    assert response.status_code == 302
    assert not Department.objects.filter(pk=added.pk).exists()
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["add_department", "update_department", "remove_department"]


def test_a_duplicate_department_name_is_refused_beside_the_name(tiny: TinyPlan, jimu: Client) -> None:
    response = jimu.post(
        reverse("web:plan_edit_departments", args=[tiny.plan.pk]), {"name": "社協", "kind": "external"}
    )

    assert response.status_code == 400
    assert "「社協」という担当課がすでにあります。" in response.content.decode()


def test_nodes_are_added_edited_moved_cross_listed_and_given_owners(tiny: TinyPlan, jimu: Client) -> None:
    plan = tiny.plan.pk
    jimu.post(
        reverse("web:plan_edit_node_add", args=[plan, tiny.initiatives[0].pk]),
        {"child-code": "1-1-1-3", "child-title": "福祉体験", "child-final_target": "全校で実施"},
    )
    project = PlanNode.objects.get(code="1-1-1-3")
    assert project.final_target == "全校で実施"
    jimu.post(
        reverse("web:plan_edit_node", args=[plan, project.pk]),
        {
            "node-code": "1-1-1-3",
            "node-title": "福祉体験学習",
            "node-description": "",
            "node-final_target": "",
        },
    )
    jimu.post(reverse("web:plan_edit_node_move", args=[plan, project.pk]), {"direction": "up"})
    jimu.post(
        reverse("web:plan_edit_node_parent", args=[plan, project.pk]),
        {"parent-parent": tiny.initiatives[1].pk},
    )
    jimu.post(
        reverse("web:plan_edit_node_cross_list", args=[plan, project.pk]),
        {"cross-parent": tiny.initiatives[0].pk, "cross-code": "1-1-1-9"},
    )
    departments = tiny.departments
    jimu.post(
        reverse("web:plan_edit_node_owners", args=[plan, project.pk]),
        {
            "owners-owner_0": departments["社協"].pk,
            "owners-owner_1": "",
            "owners-owner_2": departments["生涯学習課"].pk,
        },
    )

    project.refresh_from_db()
    assert (project.title, project.parent_id) == ("福祉体験学習", tiny.initiatives[1].pk)
    assert PlanNode.objects.get(code="1-1-1-9").listing_of_id == project.pk
    assert [o.department.name for o in project.ownerships.order_by("position")] == ["社協", "生涯学習課"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions == {
        "add_node",
        "update_node",
        "move_node",
        "move_node_under",
        "cross_list_project",
        "set_project_owners",
    }


def test_a_refused_owner_change_shows_why_on_the_node_page(tiny: TinyPlan, jimu: Client) -> None:
    response = jimu.post(
        reverse("web:plan_edit_node_owners", args=[tiny.plan.pk, tiny.single.pk]),
        {"owners-owner_0": tiny.departments["社協"].pk},
    )

    assert response.status_code == 400
    assert (
        "生涯学習課は令和6年度(2024年度)の評価を書いているため、担当課から外せません。"
        in response.content.decode()
    )


def test_a_node_with_evaluations_is_not_removed(tiny: TinyPlan, jimu: Client) -> None:
    response = jimu.post(reverse("web:plan_edit_node_remove", args=[tiny.plan.pk, tiny.single.pk]))

    assert response.status_code == 400
    assert "削除できません" in response.content.decode()
    assert PlanNode.objects.filter(pk=tiny.single.pk).exists()


def test_a_node_is_removed(tiny: TinyPlan, jimu: Client) -> None:
    response = jimu.post(reverse("web:plan_edit_node_remove", args=[tiny.plan.pk, tiny.relisted.pk]))

    assert response["Location"] == reverse("web:plan_edit_tree", args=[tiny.plan.pk])
    assert not PlanNode.objects.filter(pk=tiny.relisted.pk).exists()


def test_an_indicator_is_added_edited_given_targets_and_removed(tiny: TinyPlan, jimu: Client) -> None:
    plan = tiny.plan.pk
    fields = {
        "label": "待機児童数",
        "unit": "人",
        "baseline_value": "12",
        "baseline_year": "2021",
        "target_value": "0",
        "target_year": "2026",
        "direction": "down",
    }
    response = jimu.post(
        reverse("web:plan_edit_indicator_add", args=[plan, tiny.unrated.pk]),
        {f"indicator-{key}": value for key, value in fields.items()},
    )
    indicator = Indicator.objects.get(label="待機児童数")
    assert response["Location"] == reverse("web:plan_edit_indicator", args=[plan, indicator.pk])
    jimu.post(reverse("web:plan_edit_indicator", args=[plan, indicator.pk]), fields | {"unit": "名"})
    jimu.post(
        reverse("web:plan_edit_indicator_targets", args=[plan, indicator.pk]), {"targets-target_2024": "6"}
    )

    assert Indicator.objects.get(pk=indicator.pk).unit == "名"
    assert IndicatorTarget.objects.get(indicator=indicator).fiscal_year == 2024
    jimu.post(reverse("web:plan_edit_indicator_remove", args=[plan, indicator.pk]))
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_a_target_typed_with_a_unit_and_separators_is_read(tiny: TinyPlan, jimu: Client) -> None:
    jimu.post(
        reverse("web:plan_edit_indicator_targets", args=[tiny.plan.pk, tiny.indicator.pk]),
        {"targets-target_2024": "1,234校"},
    )

    assert IndicatorTarget.objects.get(indicator=tiny.indicator, fiscal_year=2024).value == 1234


def test_a_mistyped_indicator_renders_the_node_page_with_the_message(tiny: TinyPlan, jimu: Client) -> None:
    response = jimu.post(
        reverse("web:plan_edit_indicator_add", args=[tiny.plan.pk, tiny.unrated.pk]),
        {"indicator-label": "x", "indicator-target_value": "たくさん", "indicator-direction": "up"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "目標値: 「たくさん」は数値として読めません。" in html
    assert 'href="#id_indicator-target_value"' in html


def test_a_node_saved_from_a_stale_page_is_refused_with_the_message(tiny: TinyPlan, jimu: Client) -> None:
    path = reverse("web:plan_edit_node", args=[tiny.plan.pk, tiny.unrated.pk])
    html = jimu.get(path).content.decode()
    seen = html.split('name="node-seen" value="', 1)[1].split('"', 1)[0]
    PlanNode.objects.filter(pk=tiny.unrated.pk).update(title="ほかの人が変えた名称")

    response = jimu.post(
        path,
        {"node-code": "1-1-2-1", "node-title": "古い画面の名称", "node-description": "", "node-seen": seen},
    )

    assert response.status_code == 400
    assert "この項目は、画面を開いた後にほかの人が変更しました。" in response.content.decode()
    assert PlanNode.objects.get(pk=tiny.unrated.pk).title == "ほかの人が変えた名称"


def test_a_plan_without_projects_gets_more_levels_and_a_deeper_evaluation_level_in_one_save(
    tiny: TinyPlan, jimu: Client
) -> None:
    plan = Plan.objects.create(
        municipality=tiny.municipality,
        title="北本市障害者計画",
        first_fiscal_year=2024,
        last_fiscal_year=2029,
        level_labels=["施策", "事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )
    path = reverse("web:plan_edit", args=[plan.pk])
    assert '<option value="3">4階層目</option>' in jimu.get(path).content.decode()
    assert (
        '<option value="3">' not in jimu.get(reverse("web:plan_edit", args=[tiny.plan.pk])).content.decode()
    )

    data = {
        "title": plan.title,
        "first_fiscal_year": "2024",
        "last_fiscal_year": "2029",
        "level_labels": "基本目標、基本施策、施策、事業",
        "evaluation_level": "2",
        "multi_department_rule": "lowest",
        "achievement_formula": "progress",
    }
    assert jimu.post(path, data).status_code == 302

    plan.refresh_from_db()
    assert (plan.level_labels, plan.evaluation_level_label) == (
        ["基本目標", "基本施策", "施策", "事業"],
        "施策",
    )


def _refusals(tiny: TinyPlan) -> dict[str, tuple[str, dict[str, str], str]]:
    """Per action: (path, data, the Japanese message the page shows again with HTTP 400)."""
    plan, departments = tiny.plan.pk, tiny.departments
    return {
        "department rename": (
            reverse("web:plan_edit_department", args=[plan, departments["社協"].pk]),
            {"name": "共生福祉課", "kind": "external"},
            "「共生福祉課」という担当課がすでにあります。",
        ),
        "department removal": (
            reverse("web:plan_edit_department_remove", args=[plan, departments["社協"].pk]),
            {},
            "「社協」には担当する事業・評価・所属する利用者があるため、削除できません。",
        ),
        "department move": (
            reverse("web:plan_edit_department_move", args=[plan, departments["共生福祉課"].pk]),
            {"direction": "up"},
            "「共生福祉課」はこれ以上上に動かせません。",
        ),
        "child": (
            reverse("web:plan_edit_node_add", args=[plan, tiny.policy.pk]),
            {"child-code": "1-1-1", "child-title": "重複"},
            "番号「1-1-1」はこの計画ですでに使われています。",
        ),
        "top level": (
            reverse("web:plan_edit_tree", args=[plan]),
            {"child-code": "", "child-title": "目標"},
            "番号を入力してください。",
        ),
        "node move": (
            reverse("web:plan_edit_node_move", args=[plan, tiny.goal.pk]),
            {"direction": "up"},
            "これ以上上に動かせません。",
        ),
        "parent": (
            reverse("web:plan_edit_node_parent", args=[plan, tiny.single.pk]),
            {"parent-parent": str(tiny.single.parent_id)},
            "移す先の取組は一覧から選んでください。",
        ),
        "cross-listing": (
            reverse("web:plan_edit_node_cross_list", args=[plan, tiny.single.pk]),
            {"cross-parent": str(tiny.initiatives[1].pk), "cross-code": "1-1-1-1"},
            "番号「1-1-1-1」はこの計画ですでに使われています。",
        ),
        "indicator": (
            reverse("web:plan_edit_indicator", args=[plan, tiny.indicator.pk]),
            {
                "label": "福祉教育の実施校数",
                "direction": "up",
                "baseline_year": "2030",
                "target_year": "2026",
            },
            "目標年度は基準年度以降にしてください。",
        ),
        "targets": (
            reverse("web:plan_edit_indicator_targets", args=[plan, tiny.indicator.pk]),
            {"targets-target_2024": "1,2"},
            "令和6年度の目標値: 「1,2」の区切りの位置が正しくありません。",
        ),
        "indicator removal": (
            reverse("web:plan_edit_indicator_remove", args=[plan, tiny.indicator.pk]),
            {},
            "実績値があるため、削除できません。",
        ),
        "code": (
            reverse("web:plan_edit_scale", args=[plan]),
            {"code": "B", "label": "", "definition": ""},
            "記号「B」はすでにあります。別の記号にしてください。",
        ),
        "code move": (
            reverse("web:plan_edit_code_move", args=[plan, tiny.codes["C"].pk]),
            {"direction": "down"},
            "記号「C」はこれ以上下に動かせません。",
        ),
    }


@pytest.mark.parametrize(
    "action",
    [
        "department rename",
        "department removal",
        "department move",
        "child",
        "top level",
        "node move",
        "parent",
        "cross-listing",
        "indicator",
        "targets",
        "indicator removal",
        "code",
        "code move",
    ],
)
def test_each_refused_action_renders_its_page_again_with_the_message(
    tiny: TinyPlan, jimu: Client, action: str
) -> None:
    path, data, message = _refusals(tiny)[action]

    response = jimu.post(path, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEntry.objects.exists()
