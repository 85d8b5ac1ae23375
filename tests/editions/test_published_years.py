"""A published year shows what it showed when it was published, whatever the plan editor changes
afterwards; the year still being collected follows the plan as it is now."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from shinchoku.editions.models import PublishedStructure
from shinchoku.evaluations import selectors
from shinchoku.evaluations.services.rounds import publish_round, reopen_round
from shinchoku.plans.editing.departments import update_department
from shinchoku.plans.editing.tree import add_node, set_project_owners, update_node
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def _xlsx_cells(data: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book}


def _outputs(tiny: TinyPlan, client: Client) -> dict[str, Any]:
    def render(name: str) -> bytes:
        return get(name).render(ReportRequest(tiny.published))

    api = reverse("api:round", args=[tiny.plan.pk, 2023])
    for url in (api, api + "entries/"):
        assert client.get(url).status_code == 200, url
    return {
        "html": render("html"),
        "csv": render("csv"),
        "json": render("json"),
        "xlsx": _xlsx_cells(render("xlsx")),
        "api": client.get(api).content,
        "api_entries": client.get(api + "entries/").content,
    }


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


def test_every_output_of_a_published_year_stays_as_it_was_after_the_plan_changes(
    tiny: TinyPlan, people: People, client: Client
) -> None:
    before, titles = _outputs(tiny, client), _titles(tiny, tiny.published)
    assert tiny.shared.title in before["html"].decode()
    assert "社協" in before["csv"].decode("utf-8-sig")

    _edit_the_plan(tiny, people)

    tiny.published.refresh_from_db()
    after = _outputs(tiny, client)
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
