"""A published year shows what it showed when it was published, whatever the plan editor changes
afterwards; the year still being collected follows the plan as it is now."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

from shinchoku.audit.models import AuditEntry
from shinchoku.core.indicators import AchievementFormula
from shinchoku.editions.models import PublishedStructure
from shinchoku.evaluations import selectors
from shinchoku.evaluations.models import CommitteeOpinion
from shinchoku.evaluations.services.rounds import publish_round, reopen_round
from shinchoku.plans.editing.departments import update_department
from shinchoku.plans.editing.indicators import IndicatorFields, set_indicator_targets, update_indicator
from shinchoku.plans.editing.scale import update_rating_code
from shinchoku.plans.editing.settings import update_plan_settings
from shinchoku.plans.editing.tree import add_node, remove_node, set_project_owners, update_node
from shinchoku.plans.models import DepartmentNameChange, PlanNode
from tests.editions.outputs import published_outputs
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def _titles(tiny: TinyPlan, round_: Any) -> dict[str, str]:
    tree = selectors.plan_tree(tiny.plan, round_)
    found: dict[str, str] = {}
    stack = list(tree.roots)
    while stack:
        item = stack.pop()
        found[item.node.code] = item.node.title
        stack.extend(item.children)
    return found


def _edit_the_plan(tiny: TinyPlan, people: People) -> None:
    actor, plan = people.secretariat, tiny.plan.pk
    shared = tiny.shared
    update_node(
        actor,
        plan,
        shared.pk,
        code=shared.code,
        title="改めた事業名",
        description="改めた事業内容",
        final_target=shared.final_target,
    )
    department = tiny.departments["社協"]
    update_department(actor, plan, department.pk, name="新しい名前の社協", kind=department.kind)
    owners = list(shared.ownerships.order_by("-position").values_list("department_id", flat=True))
    set_project_owners(actor, plan, shared.pk, owners)
    add_node(actor, plan, parent_id=tiny.initiatives[1].pk, code="1-1-2-99", title="新しく加えた事業")
    remove_node(actor, plan, tiny.relisted.pk)
    indicator = tiny.indicator
    update_indicator(
        actor,
        plan,
        indicator.pk,
        IndicatorFields(label="改めた指標名", unit="回", baseline_value=Decimal(1), target_value=Decimal(99)),
    )
    set_indicator_targets(actor, plan, indicator.pk, {2023: Decimal(50)})
    labels = [f"{label}(改)" for label in tiny.plan.level_labels]
    formulas = [value for value in AchievementFormula if value != tiny.plan.achievement_formula]
    update_plan_settings(actor, plan, level_labels=labels, achievement_formula=formulas[0])
    for code in tiny.codes.values():
        update_rating_code(
            actor,
            plan,
            code.pk,
            code=code.code,
            label=code.label,
            definition="改めた定義",
            is_rating=code.is_rating,
        )


def test_it_takes_the_structure_when_publishing_and_drops_it_when_reopened(
    tiny: TinyPlan, people: People
) -> None:
    reopen_round(people.secretariat, tiny.published.pk, reason="差し替えのため")
    assert not PublishedStructure.objects.filter(round=tiny.published).exists()

    publish_round(people.secretariat, tiny.published.pk)

    stored = PublishedStructure.objects.get(round=tiny.published).data
    assert stored["plan"]["level_labels"] == tiny.plan.level_labels
    assert {node["code"] for node in stored["nodes"]} >= {tiny.single.code, tiny.shared.code}
    assert {row["name"] for row in stored["departments"]} >= {"社協", "生涯学習課"}
    published = AuditEntry.objects.filter(action="publish_round").latest("id")
    assert published.changes["published_structure"]["after"].startswith("項目 ")
    reopened = AuditEntry.objects.filter(action="reopen_round").latest("id")
    assert reopened.changes["published_structure"] == {"before": "公表時の構成", "after": None}


def test_every_output_of_a_published_year_stays_as_it_was_after_the_plan_changes(
    tiny: TinyPlan, people: People, client: Client, tmp_path: Path
) -> None:
    before, titles = published_outputs(tiny, client, tmp_path), _titles(tiny, tiny.published)
    assert tiny.shared.title in before["html"].decode()
    assert "社協" in before["csv"].decode("utf-8-sig")

    _edit_the_plan(tiny, people)

    tiny.published.refresh_from_db()
    after = published_outputs(tiny, client, tmp_path)
    for name in before:
        assert after[name] == before[name], name
    assert _titles(tiny, tiny.published) == titles


def test_the_year_being_collected_shows_the_plan_as_it_is_now(tiny: TinyPlan, people: People) -> None:
    _edit_the_plan(tiny, people)

    titles = _titles(tiny, tiny.collecting)

    assert titles[tiny.shared.code] == "改めた事業名"
    assert titles["1-1-2-99"] == "新しく加えた事業"
    assert "1-1-2-99" not in _titles(tiny, tiny.published)


def test_a_reopened_and_republished_year_shows_the_plan_of_its_new_publication(
    tiny: TinyPlan, people: People
) -> None:
    _edit_the_plan(tiny, people)
    reopen_round(people.secretariat, tiny.published.pk, reason="構成を改めて公表する")
    publish_round(people.secretariat, tiny.published.pk)
    tiny.published.refresh_from_db()

    assert _titles(tiny, tiny.published)[tiny.shared.code] == "改めた事業名"


def test_a_round_not_yet_published_shows_the_nodes_and_department_names_of_its_year(tiny: TinyPlan) -> None:
    department = tiny.departments["社協"]
    DepartmentNameChange.objects.create(department=department, fiscal_year=2025, previous_name="旧社協")
    PlanNode.objects.filter(pk=tiny.unrated.pk).update(last_year=2023)

    tree = selectors.plan_tree(tiny.plan, tiny.collecting)

    assert tiny.unrated.code not in _titles(tiny, tiny.collecting)
    assert "旧社協" in {owner.name for owner in _all_owners(tree.roots)}
    assert tiny.unrated.code in _titles(tiny, None)


def _all_owners(nodes: list[Any]) -> list[Any]:
    found: list[Any] = []
    for node in nodes:
        found += [*node.owners, *_all_owners(node.children)]
    return found


def test_the_project_page_names_the_departments_of_a_published_year_as_published(
    tiny: TinyPlan, people: People, client: Client
) -> None:
    department = tiny.departments["社協"]
    update_department(
        people.secretariat, tiny.plan.pk, department.pk, name="改めた社協", kind=department.kind
    )

    rounds = [tiny.collecting, tiny.published]
    history = selectors.project_history(tiny.shared, rounds)

    names = {item.round.fiscal_year: {e.department.name for e in item.entries} for item in history.rounds}
    assert "社協" in names[2023]
    assert "改めた社協" not in names[2023]


def test_the_opinions_of_a_published_year_name_their_nodes_as_published(
    tiny: TinyPlan, people: People, client: Client
) -> None:
    CommitteeOpinion.objects.create(
        round=tiny.published, node=tiny.policy, position=1, opinion="期待します。", author=people.committee
    )
    url = reverse("api:opinions", args=[tiny.plan.pk, 2023])
    before = client.get(url).content
    assert tiny.policy.title in before.decode()

    _edit_the_plan(tiny, people)
    update_node(
        people.secretariat,
        tiny.plan.pk,
        tiny.policy.pk,
        code=tiny.policy.code,
        title="改めた名前",
        description="",
        final_target="",
    )

    assert client.get(url).content == before
