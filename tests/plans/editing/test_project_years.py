"""中間見直し in the plan editor: a project ended from a year or added from a year keeps its id,
entries and history; what is written or published outside the new years refuses the change."""

from __future__ import annotations

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.selectors import project_history
from shinchoku.evaluations.services import open_round
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.tree import add_node, move_node_under, update_node
from shinchoku.plans.models import PlanNode
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def _edit(people: People, node: PlanNode, **changed: object) -> PlanNode:
    values: dict[str, object] = {
        "code": node.code,
        "title": node.title,
        "description": node.description,
        "final_target": node.final_target,
        "first_year": node.first_year,
        "last_year": node.last_year,
    }
    return update_node(people.secretariat, node.plan_id, node.pk, **(values | changed))  # type: ignore[arg-type]


def test_ending_a_project_removes_the_blank_drafts_of_an_open_later_year(
    tiny: TinyPlan, people: People
) -> None:
    later = open_round(people.secretariat, tiny.plan.pk, 2025)
    assert Entry.objects.filter(round=later, project=tiny.single).exists()

    ended = _edit(people, tiny.single, last_year=2024)

    assert (ended.pk, ended.last_year) == (tiny.single.pk, 2024)
    assert not Entry.objects.filter(round=later, project=tiny.single).exists()
    assert Entry.objects.filter(project=tiny.single, round__fiscal_year__in=[2023, 2024]).count() == 2
    record = AuditEntry.objects.filter(action="update_node").latest("pk")
    assert "空の評価 1 件を削除" in record.summary
    assert record.changes["last_year"] == {"before": None, "after": 2024}


def test_it_refuses_to_end_a_project_before_a_published_year(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(PlanEditError, match="公表済") as refused:
        _edit(people, tiny.single, last_year=2022)

    assert refused.value.field == "last_year"
    tiny.single.refresh_from_db()
    assert tiny.single.last_year is None


def test_it_refuses_to_end_a_project_before_an_open_year_with_a_written_entry(
    tiny: TinyPlan, people: People
) -> None:
    with pytest.raises(PlanEditError, match=r"令和6年度.*生涯学習課.*すでに書かれています"):
        _edit(people, tiny.single, last_year=2023)

    assert Entry.objects.filter(round=tiny.collecting, project=tiny.single).exists()


def test_it_refuses_years_outside_the_plan_period_or_in_the_wrong_order(
    tiny: TinyPlan, people: People
) -> None:
    with pytest.raises(PlanEditError, match="計画期間") as outside:
        _edit(people, tiny.unrated, first_year=2021)
    assert outside.value.field == "first_year"
    with pytest.raises(PlanEditError, match="より前です") as reversed_:
        _edit(people, tiny.unrated, first_year=2024, last_year=2023)
    assert reversed_.value.field == "last_year"


def test_only_a_project_that_is_not_a_cross_listing_has_years(tiny: TinyPlan, people: People) -> None:
    for node in (tiny.policy, tiny.relisted):
        with pytest.raises(PlanEditError, match="開始年度・終了年度は事業"):
            _edit(people, node, last_year=2024)


def test_a_project_added_from_a_year_is_asked_for_from_that_year_on(tiny: TinyPlan, people: People) -> None:
    added = add_node(
        people.secretariat,
        tiny.plan.pk,
        parent_id=tiny.initiatives[1].pk,
        code="1-1-2-3",
        title="見守り活動",
        first_year=2025,
    )
    added.ownerships.create(department=tiny.departments["社協"], position=0)

    assert (added.first_year, added.last_year) == (2025, None)
    assert Entry.objects.filter(
        round=open_round(people.secretariat, tiny.plan.pk, 2025), project=added
    ).exists()
    assert AuditEntry.objects.get(action="add_node").changes["first_year"] == {"before": None, "after": 2025}


def test_moving_and_renaming_a_project_keep_its_id_and_its_history(tiny: TinyPlan, people: People) -> None:
    before = project_history(tiny.single, [tiny.published, tiny.collecting]).rounds

    moved = move_node_under(people.secretariat, tiny.plan.pk, tiny.single.pk, tiny.initiatives[1].pk)
    renamed = _edit(people, moved, title="福祉教育の推進", last_year=2025)

    assert renamed.pk == tiny.single.pk
    assert renamed.parent_id == tiny.initiatives[1].pk
    rounds = [tiny.published, tiny.collecting]
    after = project_history(PlanNode.objects.get(pk=tiny.single.pk), rounds).rounds
    assert [(year.round.pk, [entry.pk for entry in year.entries]) for year in after] == [
        (year.round.pk, [entry.pk for entry in year.entries]) for year in before
    ]
    assert all(year.entries for year in after)
    assert Entry.objects.filter(project_id=tiny.single.pk).count() == 2


def test_moving_the_end_later_again_asks_for_the_project_in_the_open_year(
    tiny: TinyPlan, people: People
) -> None:
    later = open_round(people.secretariat, tiny.plan.pk, 2025)
    ended = _edit(people, tiny.unrated, last_year=2024)
    assert not Entry.objects.filter(round=later, project=tiny.unrated).exists()

    _edit(people, ended, last_year=None)

    entry = Entry.objects.get(round=later, project=tiny.unrated)
    assert (entry.department.name, entry.status, entry.progress) == ("社協", Entry.Status.DRAFT, "")
    assert (
        "受付中の年度に空の評価 1 件を追加"
        in AuditEntry.objects.filter(action="update_node").latest("pk").summary
    )
