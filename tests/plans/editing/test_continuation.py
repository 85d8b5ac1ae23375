"""次期計画への引き継ぎ in the plan editor: a project of the next plan period continues a project
of an earlier plan of the same city, named in the workbook as 「計画名 番号」."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.continuation import (
    find_previous_project,
    previous_projects,
    reference,
    set_continuation,
)
from shinchoku.plans.models import Municipality, Plan
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.plans.next_period import build_next_period


def test_a_project_of_the_next_plan_continues_one_of_the_earlier_plan(tiny: TinyPlan, people: People) -> None:
    later = build_next_period(tiny, linked=False)

    linked = set_continuation(people.secretariat, later.plan.pk, later.project.pk, tiny.shared.pk)

    assert linked.continues_id == tiny.shared.pk
    record = AuditEntry.objects.get(action="set_continuation")
    assert record.changes["continues"] == {"before": None, "after": "北本市地域福祉計画 1-1-1-2"}
    assert "「北本市地域福祉計画 1-1-1-2」にしました" in record.summary
    set_continuation(people.secretariat, later.plan.pk, later.project.pk, None)
    assert later.project.__class__.objects.get(pk=later.project.pk).continues_id is None


def test_the_choices_are_the_projects_of_the_citys_earlier_plans_without_cross_listings(
    tiny: TinyPlan, people: People
) -> None:
    later = build_next_period(tiny)

    assert [reference(node) for node in previous_projects(later.plan)] == [
        "北本市地域福祉計画 1-1-1-1",
        "北本市地域福祉計画 1-1-1-2",
        "北本市地域福祉計画 1-1-2-1",
    ]
    assert previous_projects(tiny.plan) == []


def test_it_refuses_a_project_of_the_same_or_a_later_plan_or_another_city(
    tiny: TinyPlan, people: People
) -> None:
    later = build_next_period(tiny)
    with pytest.raises(PlanEditError, match="より前の計画"):
        set_continuation(people.secretariat, tiny.plan.pk, tiny.single.pk, later.project.pk)
    with pytest.raises(PlanEditError, match="より前の計画"):
        set_continuation(people.secretariat, tiny.plan.pk, tiny.single.pk, tiny.shared.pk)
    elsewhere = Plan.objects.create(
        municipality=Municipality.objects.get(code="112178"),  # the stranger's city
        title="鴻巣市の計画",
        first_fiscal_year=2017,
        last_fiscal_year=2021,
        level_labels=["施策", "事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )
    foreign = elsewhere.nodes.create(level=1, position=1, code="1-1", title="よその事業")
    with pytest.raises(PlanEditError, match="より前の計画"):
        set_continuation(people.secretariat, later.plan.pk, later.project.pk, foreign.pk)
    with pytest.raises(PlanEditError, match="再掲でないもの"):
        set_continuation(people.secretariat, later.plan.pk, later.project.parent_id or 0, tiny.single.pk)


def test_only_the_secretariat_of_the_city_sets_a_continuation(tiny: TinyPlan, people: People) -> None:
    later = build_next_period(tiny, linked=False)
    for other in (people.editor, people.approver, people.committee, people.viewer, people.stranger):
        with pytest.raises(PermissionDenied):
            set_continuation(other, later.plan.pk, later.project.pk, tiny.single.pk)
    assert not AuditEntry.objects.filter(action="set_continuation").exists()


def test_a_reference_names_the_plan_and_the_number_separated_by_a_space(tiny: TinyPlan) -> None:
    later = build_next_period(tiny)

    assert find_previous_project(later.plan, "北本市地域福祉計画 1-1-1-2").pk == tiny.shared.pk
    assert find_previous_project(later.plan, "北本市地域福祉計画\u30001-1-2-1").pk == tiny.unrated.pk
    with pytest.raises(PlanEditError, match="計画名と番号を空白で区切って"):
        find_previous_project(later.plan, "北本市地域福祉計画")
    with pytest.raises(PlanEditError, match="計画「第2期計画」は"):
        find_previous_project(later.plan, "第2期計画 1-1-1-1")
    with pytest.raises(PlanEditError, match="番号「1-1-2-2」の事業"):
        find_previous_project(later.plan, "北本市地域福祉計画 1-1-2-2")
