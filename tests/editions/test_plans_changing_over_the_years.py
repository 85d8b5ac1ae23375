"""The issue's first "done when", across every service that changes a plan over the years: a
published year keeps every output as it was through a project rename, a department renamed and two
merged from the next year and a project ended, except for the one correction (正誤) made to it;
the next year shows the new structure."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from django.test import Client

from shinchoku.editions.services import correct_entry
from shinchoku.evaluations import selectors
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services.rounds import open_round
from shinchoku.plans.editing.reorganisation import (
    merge_departments,
    preview_merge,
    preview_rename,
    rename_department,
)
from shinchoku.plans.editing.tree import update_node
from shinchoku.plans.models import Department, PlanNode
from tests.editions.outputs import published_outputs
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

NEXT_YEAR = 2025  # the year after the one being collected (2024): nothing is written there yet


def _change_the_plan(tiny: TinyPlan, people: People) -> None:
    actor, plan = people.secretariat, tiny.plan.pk
    single = tiny.single
    update_node(
        actor,
        plan,
        single.pk,
        code=single.code,
        title="改めた事業名",
        description=single.description,
        final_target=single.final_target,
    )
    unrated = tiny.unrated
    update_node(
        actor,
        plan,
        unrated.pk,
        code=unrated.code,
        title=unrated.title,
        description=unrated.description,
        final_target=unrated.final_target,
        last_year=2024,
    )
    council = tiny.departments["社協"]
    seen = preview_rename(actor, plan, council.pk, name="社会福祉協議会", from_year=NEXT_YEAR).version
    rename_department(actor, plan, council.pk, name="社会福祉協議会", from_year=NEXT_YEAR, seen=seen)
    sources = [tiny.departments["共生福祉課"].pk, tiny.departments["生涯学習課"].pk]
    seen = preview_merge(actor, plan, source_ids=sources, new_name="福祉教育課", from_year=NEXT_YEAR).version
    merge_departments(actor, plan, source_ids=sources, new_name="福祉教育課", from_year=NEXT_YEAR, seen=seen)


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _differences(before: Any, after: Any, path: str = "") -> list[str]:
    """The paths at which two JSON values differ."""
    if isinstance(before, dict) and isinstance(after, dict):
        keys = sorted(set(before) | set(after))
        return [p for k in keys for p in _differences(before.get(k), after.get(k), f"{path}/{k}")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            p
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for p in _differences(b, a, f"{path}/{i}")
        ]
    return [] if before == after else [path]


def test_a_published_year_keeps_every_output_through_the_changes_except_its_marked_correction(
    tiny: TinyPlan, people: People, client: Client, tmp_path: Path
) -> None:
    before = published_outputs(tiny, client, tmp_path)

    _change_the_plan(tiny, people)
    changed = published_outputs(tiny, client, tmp_path)
    for name in before:
        assert changed[name] == before[name], name

    entry = Entry.objects.get(round=tiny.published, project=tiny.single)
    correct_entry(people.secretariat, entry.pk, {"rating": "B"}, "転記の誤り", version=entry.version)
    tiny.published.refresh_from_db()
    corrected = published_outputs(tiny, client, tmp_path)

    rows_before, rows_after = _csv_rows(before["csv"]), _csv_rows(corrected["csv"])
    header = rows_after[0]
    differing = [(old, new) for old, new in zip(rows_before[1:], rows_after[1:], strict=True) if old != new]
    [(old, new)] = differing
    assert new[header.index("事業番号")] == tiny.single.code
    assert new[header.index("事業名")] == tiny.single.title  # as published, not 改めた事業名
    assert {header[i] for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b} == {
        "評価",
        "評価の定義",
        "事業の評価",
        "訂正日",
    }
    for name in ("json", "api"):
        document = json.loads(corrected[name])
        for path in _differences(json.loads(before[name]), document):
            if path == "/corrections" or path.startswith("/summary/counts/"):
                continue
            node = _node_at(document, path)
            assert node["code"] == tiny.single.code, (name, path)
            assert path.rsplit("/", 1)[-1] in {"corrected_at", "code", "definition", "label"}, (name, path)
    assert {
        path.rsplit("/", 1)[-1]
        for path in _differences(json.loads(before["api_entries"]), json.loads(corrected["api_entries"]))
    } == {"corrected_at", "project_rating", "rating", "rating_definition"}
    for page in ("page plan", "page dashboard", "page goal"):
        assert "改めた事業名" not in corrected[page].decode()
    policy = corrected["page policy"].decode()
    assert "訂正(" in policy
    assert "改めた事業名" not in policy
    assert "社会福祉協議会" not in policy


def _node_at(document: Any, path: str) -> dict[str, Any]:
    """The innermost plan node (an object under "nodes" or "children") on ``path``."""
    found, current = None, document
    parts = path.strip("/").split("/")
    for index, part in enumerate(parts[:-1]):
        current = current[int(part)] if isinstance(current, list) else current[part]
        if index > 0 and parts[index - 1] in {"nodes", "children"}:
            found = current
    assert found is not None, path
    return found


def test_the_next_year_shows_the_new_structure(tiny: TinyPlan, people: People) -> None:
    asked_this_year = {
        (entry.project_id, entry.department.name) for entry in Entry.objects.filter(round=tiny.collecting)
    }
    _change_the_plan(tiny, people)

    next_round = open_round(people.secretariat, tiny.plan.pk, NEXT_YEAR)

    merged = Department.objects.get(municipality=tiny.municipality, name="福祉教育課")
    asked = {(e.project.code, e.department.name) for e in Entry.objects.filter(round=next_round)}
    assert asked == {
        (tiny.single.code, merged.name),
        (tiny.shared.code, merged.name),
        (tiny.shared.code, "社会福祉協議会"),
    }
    tree = selectors.plan_tree(tiny.plan, next_round)
    titles = {item.node.code: item.node.title for item in _walk(tree.roots)}
    assert titles[tiny.single.code] == "改めた事業名"
    assert tiny.unrated.code not in titles
    # The year being collected (2024) is before the changes: its entries stay with the departments
    # that were asked, under the names they have that year.
    collecting = Entry.objects.filter(round=tiny.collecting).select_related("department")
    asked_now = {(entry.project_id, entry.department.name_in(2024)) for entry in collecting}
    assert asked_this_year <= asked_now
    assert merged.name not in {name for _, name in asked_now}
    assert PlanNode.objects.get(pk=tiny.single.pk).entries.filter(round=tiny.published).exists()


def _walk(nodes: list[Any]) -> list[Any]:
    found: list[Any] = []
    for node in nodes:
        found += [node, *_walk(node.children)]
    return found
