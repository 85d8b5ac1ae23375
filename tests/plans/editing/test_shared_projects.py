"""Linking a project to another plan's (共通事業) in the plan editor: the link is audited, and
links across cities, within a plan, to a shared node, in a cycle, across rating scales or onto a
project with owners or entries are refused with a Japanese message."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.audit.models import AuditEntry
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.shared import share_project
from shinchoku.plans.editing.tree import remove_node, set_project_owners
from shinchoku.plans.models import Municipality, Plan, PlanNode, RatingScale
from tests.evaluations.services.personas import People
from tests.evaluations.shared_plan import SharedPlan, build_shared_plan
from tests.evaluations.tiny_plan import TinyPlan


@pytest.fixture
def other(tiny: TinyPlan) -> SharedPlan:
    return build_shared_plan(tiny)


def _new_project(other: SharedPlan, code: str = "1-1-9") -> PlanNode:
    parent = other.showing.parent
    assert parent is not None
    return PlanNode.objects.create(plan=other.plan, parent=parent, level=2, position=9, code=code, title="新")


def _refusal(people: People, plan: Plan, node: PlanNode, source: PlanNode) -> str:
    with pytest.raises(PlanEditError) as refused:
        share_project(people.secretariat, plan.pk, node.pk, source.pk)
    return str(refused.value)


def test_a_project_is_linked_to_another_plans_project_and_unlinked_with_an_audit_record(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    node = _new_project(other)
    share_project(people.secretariat, other.plan.pk, node.pk, tiny.single.pk)
    node.refresh_from_db()
    assert node.shared_from == tiny.single
    record = AuditEntry.objects.filter(action="share_project").latest("pk")
    assert record.changes == {"shared_from": {"before": "", "after": "北本市地域福祉計画 1-1-1-1"}}
    share_project(people.secretariat, other.plan.pk, node.pk, None)
    node.refresh_from_db()
    assert node.shared_from is None


def test_it_refuses_a_project_of_another_city(tiny: TinyPlan, other: SharedPlan, people: People) -> None:
    elsewhere = Municipality.objects.create(name="桶川市", code="112313")
    plan = Plan.objects.create(
        municipality=elsewhere,
        title="桶川市地域福祉計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=["事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )
    foreign = PlanNode.objects.create(plan=plan, level=0, position=1, code="1", title="外")
    assert "同じ自治体" in _refusal(people, other.plan, _new_project(other), foreign)


def test_it_refuses_a_project_of_the_same_plan_and_points_to_cross_listing(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    assert "再掲" in _refusal(people, other.plan, _new_project(other), other.own)


def test_it_refuses_a_source_that_is_itself_shared(tiny: TinyPlan, other: SharedPlan, people: People) -> None:
    third = Plan.objects.create(
        municipality=tiny.municipality,
        title="北本市障害福祉計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=["事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )
    node = PlanNode.objects.create(plan=third, level=0, position=1, code="1", title="見守り")
    assert "それ自体が共通事業" in _refusal(people, third, node, other.showing)


def test_it_refuses_a_cycle(tiny: TinyPlan, other: SharedPlan, people: People) -> None:
    # tiny.shared is shown by the other plan: it cannot show another plan's project in turn.
    source = tiny.shared
    source.ownerships.all().delete()
    source.entries.all().delete()
    assert "循環" in _refusal(people, tiny.plan, source, other.own)


def test_it_refuses_a_plan_with_another_rating_scale(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    other.plan.rating_scale = RatingScale.objects.create(municipality=tiny.municipality, name="S–C")
    other.plan.save()
    assert "評価基準の記号が異なる" in _refusal(people, other.plan, _new_project(other), tiny.single)


def test_it_refuses_a_project_with_owners_or_entries(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    assert "担当課または評価" in _refusal(people, other.plan, other.own, tiny.single)


def test_it_refuses_owners_for_a_shared_project(tiny: TinyPlan, other: SharedPlan, people: People) -> None:
    with pytest.raises(PlanEditError, match="元の計画の項目"):
        set_project_owners(people.secretariat, other.plan.pk, other.showing.pk, [tiny.departments["社協"].pk])


def test_the_editor_links_through_its_form_and_shows_the_link(
    tiny: TinyPlan, other: SharedPlan, people: People, client_for: object
) -> None:
    client: Client = client_for(people.secretariat)  # type: ignore[operator]
    node = _new_project(other)
    url = reverse("web:plan_edit_node_shared", args=[other.plan.pk, node.pk])
    response = client.post(url, {"shared-source": str(tiny.single.pk)})
    assert response.status_code == 302
    page = client.get(reverse("web:plan_edit_node", args=[other.plan.pk, node.pk])).content.decode()
    assert "共通事業(北本市地域福祉計画 1-1-1-1)" in page
    refused = client.post(url, {"shared-source": str(other.own.pk)})
    assert refused.status_code == 400
    assert "共通事業の元は一覧から選んでください。" in refused.content.decode()


def test_the_editors_tree_names_the_shared_projects_source(
    tiny: TinyPlan, other: SharedPlan, people: People, client_for: object
) -> None:
    client: Client = client_for(people.secretariat)  # type: ignore[operator]
    page = client.get(reverse("web:plan_edit_tree", args=[other.plan.pk])).content.decode()
    assert "共通事業(北本市地域福祉計画 1-1-1-2)" in page


def test_a_project_another_plan_shows_cannot_be_removed(
    tiny: TinyPlan, other: SharedPlan, people: People
) -> None:
    source = _new_project(other, "1-1-8")  # nothing refers to it but the link below
    third = _new_project(other, "1-1-7")
    PlanNode.objects.filter(pk=third.pk).update(shared_from=tiny.single)
    with pytest.raises(PlanEditError, match="ほかの計画の共通事業"):
        remove_node(people.secretariat, tiny.plan.pk, tiny.single.pk)
    remove_node(people.secretariat, other.plan.pk, source.pk)
