"""The node page of the plan editor for 中間見直し and 次期計画への引き継ぎ: a project's 開始年度・
終了年度 in its form, a project added from a year, the choice of the project of an earlier plan it
continues; refusals render the page again with the Japanese message beside the field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.plans.models import PlanNode
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.plans.next_period import build_next_period

SignIn = Callable[[User], Client]


@pytest.fixture
def jimu(people: People, client_for: SignIn) -> Client:
    return client_for(people.secretariat)


def _node_data(node: PlanNode, **changed: object) -> dict[str, object]:
    return {
        "node-code": node.code,
        "node-title": node.title,
        "node-description": node.description,
        "node-final_target": node.final_target,
        "node-first_year": "",
        "node-last_year": "",
    } | {f"node-{name}": value for name, value in changed.items()}


def test_a_projects_years_are_edited_in_its_form(tiny: TinyPlan, jimu: Client) -> None:
    path = reverse("web:plan_edit_node", args=[tiny.plan.pk, tiny.unrated.pk])
    html = jimu.get(path).content.decode()
    assert 'name="node-first_year"' in html
    assert 'name="node-last_year"' in html

    response = jimu.post(path, _node_data(tiny.unrated, last_year="2025"))

    assert response.status_code == 302
    tiny.unrated.refresh_from_db()
    assert tiny.unrated.last_year == 2025
    assert 'value="2025"' in jimu.get(path).content.decode()


def test_an_inner_node_has_no_years(tiny: TinyPlan, jimu: Client) -> None:
    html = jimu.get(reverse("web:plan_edit_node", args=[tiny.plan.pk, tiny.policy.pk])).content.decode()

    assert 'name="node-first_year"' not in html
    assert 'name="child-first_year"' not in html  # its children are 取組, not projects


def test_a_project_is_added_from_a_year(tiny: TinyPlan, jimu: Client) -> None:
    jimu.post(
        reverse("web:plan_edit_node_add", args=[tiny.plan.pk, tiny.initiatives[1].pk]),
        {"child-code": "1-1-2-3", "child-title": "見守り活動", "child-first_year": "2025"},
    )

    assert PlanNode.objects.get(code="1-1-2-3").first_year == 2025


def test_a_year_before_a_published_one_is_refused_beside_the_last_year(tiny: TinyPlan, jimu: Client) -> None:
    path = reverse("web:plan_edit_node", args=[tiny.plan.pk, tiny.single.pk])

    response = jimu.post(path, _node_data(tiny.single, last_year="2022"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "令和5年度(2023年度)は「公表済」で、この項目の評価があります" in html
    assert 'id="id_node-last_year_error"' in html
    assert not AuditEntry.objects.exists()


def test_a_mistyped_year_is_refused_in_japanese(tiny: TinyPlan, jimu: Client) -> None:
    path = reverse("web:plan_edit_node", args=[tiny.plan.pk, tiny.unrated.pk])

    response = jimu.post(path, _node_data(tiny.unrated, first_year="令和7"))

    assert response.status_code == 400
    assert "開始年度は西暦の数字で入力してください" in response.content.decode()


def test_the_next_plans_project_chooses_the_project_it_continues(tiny: TinyPlan, jimu: Client) -> None:
    later = build_next_period(tiny, linked=False)
    path = reverse("web:plan_edit_node", args=[later.plan.pk, later.project.pk])
    html = jimu.get(path).content.decode()
    assert "前期計画の事業" in html
    assert "北本市地域福祉計画 1-1-1-1 福祉教育" in html

    response = jimu.post(
        reverse("web:plan_edit_node_continuation", args=[later.plan.pk, later.project.pk]),
        {"continues-continues": tiny.single.pk},
    )

    assert response.status_code == 302
    later.project.refresh_from_db()
    assert later.project.continues_id == tiny.single.pk


def test_a_plan_without_earlier_plans_offers_no_continuation(tiny: TinyPlan, jimu: Client) -> None:
    html = jimu.get(reverse("web:plan_edit_node", args=[tiny.plan.pk, tiny.single.pk])).content.decode()

    assert "前期計画からの引き継ぎ" not in html


def test_a_choice_not_in_the_list_is_refused(tiny: TinyPlan, jimu: Client) -> None:
    later = build_next_period(tiny, linked=False)

    response = jimu.post(
        reverse("web:plan_edit_node_continuation", args=[later.plan.pk, later.project.pk]),
        {"continues-continues": later.project.pk},
    )

    assert response.status_code == 400
    assert "前期計画の事業は一覧から選んでください" in response.content.decode()


@pytest.mark.parametrize("persona", ["editor", "approver", "committee", "viewer", "stranger"])
def test_only_the_secretariat_sets_a_continuation(
    tiny: TinyPlan, people: People, client_for: SignIn, persona: str
) -> None:
    later = build_next_period(tiny, linked=False)
    client = client_for(getattr(people, persona))

    response = client.post(
        reverse("web:plan_edit_node_continuation", args=[later.plan.pk, later.project.pk]),
        {"continues-continues": tiny.single.pk},
    )

    assert response.status_code == 403
    later.project.refresh_from_db()
    assert later.project.continues_id is None


def test_the_tree_page_shows_the_years_of_a_project_that_does_not_run_the_whole_plan(
    tiny: TinyPlan, jimu: Client
) -> None:
    PlanNode.objects.filter(pk=tiny.unrated.pk).update(last_year=2024)

    html = jimu.get(reverse("web:plan_edit_tree", args=[tiny.plan.pk])).content.decode()

    row = html.split(">1-1-2-1<", 1)[1].split("</tr>", 1)[0]
    assert '<span class="tag">令和6年度まで</span>' in row
    assert html.count('<span class="tag">令和') == 1
