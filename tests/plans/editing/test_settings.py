"""update_plan_settings: the 事務局 changes the plan's settings (the 所属長 step among them), with an
audit record; changes the plan's data cannot follow are refused with a Japanese message."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, NodeEvaluation
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.settings import update_plan_settings
from shinchoku.plans.models import IndicatorTarget, Municipality, Plan
from shinchoku.search.models import SearchDocument
from shinchoku.search.services import rebuild_search_index
from tests.evaluations.multi_department import build_multi_department_plan
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, make_user


@pytest.fixture
def secretariat(tiny: TinyPlan) -> User:
    return make_user("jimu", tiny.municipality, role=User.Role.SECRETARIAT, display_name="事務局 一郎")


def test_the_secretariat_switches_the_department_step_on_with_an_audit_record(
    tiny: TinyPlan, secretariat: User
) -> None:
    update_plan_settings(secretariat, tiny.plan.pk, requires_department_approval=True)

    assert Plan.objects.get(pk=tiny.plan.pk).requires_department_approval is True
    record = AuditEntry.objects.get(action="update_plan_settings")
    assert record.object_type == "plans.Plan"
    assert record.object_id == str(tiny.plan.pk)
    assert record.actor_label == "事務局 一郎"
    assert record.changes == {"requires_department_approval": {"before": "経ない", "after": "経る"}}


def test_saving_the_same_setting_again_records_nothing(tiny: TinyPlan, secretariat: User) -> None:
    update_plan_settings(secretariat, tiny.plan.pk, requires_department_approval=False)

    assert not AuditEntry.objects.filter(action="update_plan_settings").exists()


@pytest.mark.parametrize(
    "role", [User.Role.EDITOR, User.Role.APPROVER, User.Role.COMMITTEE, User.Role.VIEWER]
)
def test_nobody_but_the_secretariat_may_change_the_settings(tiny: TinyPlan, role: User.Role) -> None:
    user = make_user("someone", tiny.municipality, role=role)

    with pytest.raises(PermissionDenied, match="事務局だけ"):
        update_plan_settings(user, tiny.plan.pk, requires_department_approval=True)

    assert Plan.objects.get(pk=tiny.plan.pk).requires_department_approval is False
    assert not AuditEntry.objects.exists()


def test_the_secretariat_of_another_city_may_not_change_the_settings(tiny: TinyPlan) -> None:
    elsewhere = Municipality.objects.create(name="鴻巣市", code="112178")
    stranger = make_user("tanin", elsewhere, role=User.Role.SECRETARIAT)

    with pytest.raises(PermissionDenied):
        update_plan_settings(stranger, tiny.plan.pk, requires_department_approval=True)


def test_entries_keep_a_reviewer_when_the_department_step_is_switched(
    tiny: TinyPlan, secretariat: User
) -> None:
    entry = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    entry.status = Entry.Status.DEPARTMENT_APPROVED
    entry.save()
    submitted = Entry.objects.create(
        round=tiny.collecting,
        project=tiny.unrated,
        department=tiny.departments["社協"],
        status=Entry.Status.SUBMITTED,
    )

    update_plan_settings(secretariat, tiny.plan.pk, requires_department_approval=True)
    entry.refresh_from_db()
    submitted.refresh_from_db()
    # Switched on: a submitted entry now waits for its 所属長, not for the 事務局.
    assert permissions.can_approve_entry(secretariat, entry)
    assert not permissions.can_approve_entry(secretariat, submitted)

    update_plan_settings(secretariat, tiny.plan.pk, requires_department_approval=False)
    entry.refresh_from_db()
    submitted.refresh_from_db()
    # Switched off: what the 所属長 already approved still waits for the 事務局.
    assert permissions.can_approve_entry(secretariat, entry)
    assert permissions.can_approve_entry(secretariat, submitted)


# --- the whole settings form -------------------------------------------------------------------


def test_the_secretariat_changes_every_setting_with_one_audit_record(
    tiny: TinyPlan, secretariat: User
) -> None:
    update_plan_settings(
        secretariat,
        tiny.plan.pk,
        title="北本市第3期地域福祉計画",
        first_fiscal_year=2021,
        last_fiscal_year=2027,
        level_labels=["基本目標", "基本施策", "取組", "事務事業"],
        multi_department_rule="lead_department",
        achievement_formula="ratio",
    )

    plan = Plan.objects.get(pk=tiny.plan.pk)
    assert (plan.title, plan.first_fiscal_year, plan.last_fiscal_year) == (
        "北本市第3期地域福祉計画",
        2021,
        2027,
    )
    assert plan.level_labels == ["基本目標", "基本施策", "取組", "事務事業"]
    assert (plan.multi_department_rule, plan.achievement_formula) == ("lead_department", "ratio")
    record = AuditEntry.objects.get(action="update_plan_settings")
    assert record.summary.startswith("北本市第3期地域福祉計画: 計画の設定(計画名、計画期間、階層の名称")
    assert record.changes["level_labels"] == {
        "before": "基本目標、施策、取組、事業",
        "after": "基本目標、基本施策、取組、事務事業",
    }
    assert record.changes["achievement_formula"]["after"] == "実績値 ÷ 目標値"
    assert record.municipality == tiny.municipality


def test_typed_names_are_cleaned_at_the_boundary(tiny: TinyPlan, secretariat: User) -> None:
    update_plan_settings(
        secretariat,
        tiny.plan.pk,
        title=" 北本市\u202e計画\n",
        level_labels=["目標\x07", "施策", "取組", "事業"],
    )

    plan = Plan.objects.get(pk=tiny.plan.pk)
    assert plan.title == "北本市計画"
    assert plan.level_labels[0] == "目標"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_fiscal_year": 2024}, "first_fiscal_year", "令和5年度の進行管理があるため"),
        ({"last_fiscal_year": 2023}, "last_fiscal_year", "令和6年度の進行管理があるため"),
        ({"first_fiscal_year": 2023, "last_fiscal_year": 2022}, "last_fiscal_year", "最終年度は初年度以降"),
        ({"first_fiscal_year": 1980}, "first_fiscal_year", "平成元年度(1989年度)以降"),
        ({"level_labels": ["目標", "事業"]}, "level_labels", "4 階層まで使われています"),
        (
            {"level_labels": ["目標", "施策", "取組", "細目", "事業"]},
            "level_labels",
            "事業の項目があるため、階層の数(4)は変えられません",
        ),
        ({"level_labels": ["目標", "施策", "施策", "事業"]}, "level_labels", "階層の名称が重複しています"),
        ({"level_labels": ["目標", "", "取組", "事業"]}, "level_labels", "階層の名称を入力してください"),
        ({"evaluation_level": 3}, "evaluation_level", "最後の階層より上から選んでください"),
        ({"evaluation_level": 0}, "evaluation_level", "(施策)の項目に評価が記録されているため"),
        ({"title": ""}, "title", "計画名を入力してください"),
        ({"multi_department_rule": "as_published"}, "multi_department_rule", "選べる値から選んでください"),
    ],
)
def test_it_refuses_settings_the_plans_data_cannot_follow(
    tiny: TinyPlan, secretariat: User, changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(PlanEditError, match=re.escape(message)) as refused:
        update_plan_settings(secretariat, tiny.plan.pk, **changes)  # type: ignore[arg-type]

    assert refused.value.field == field
    plan = Plan.objects.get(pk=tiny.plan.pk)
    assert (plan.first_fiscal_year, plan.last_fiscal_year, plan.evaluation_level) == (2022, 2026, 1)
    assert not AuditEntry.objects.exists()


def test_it_refuses_the_title_of_another_plan_of_the_city(tiny: TinyPlan, secretariat: User) -> None:
    Plan.objects.create(
        municipality=tiny.municipality,
        title="北本市障害者計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=["施策", "事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )

    with pytest.raises(PlanEditError, match="「北本市障害者計画」という計画がすでにあります"):
        update_plan_settings(secretariat, tiny.plan.pk, title="北本市障害者計画")


def test_moving_the_evaluation_level_rebuilds_the_search_index(tiny: TinyPlan, secretariat: User) -> None:
    NodeEvaluation.objects.filter(node=tiny.policy).delete()
    rebuild_search_index(tiny.plan)
    assert set(SearchDocument.objects.values_list("policy_id", flat=True)) == {tiny.policy.pk}

    update_plan_settings(secretariat, tiny.plan.pk, evaluation_level=0)

    assert set(SearchDocument.objects.values_list("policy_id", flat=True)) == {tiny.goal.pk}
    record = AuditEntry.objects.get(action="update_plan_settings")
    assert record.changes["evaluation_level"] == {"before": "施策", "after": "基本目標"}


def test_a_plan_without_projects_may_get_more_levels(tiny: TinyPlan, secretariat: User) -> None:
    plan = Plan.objects.create(
        municipality=tiny.municipality,
        title="新しい計画",
        first_fiscal_year=2025,
        last_fiscal_year=2029,
        level_labels=["施策", "事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )

    update_plan_settings(secretariat, plan.pk, level_labels=["基本方針", "施策", "事業"], evaluation_level=1)

    plan.refresh_from_db()
    assert (plan.level_labels, plan.evaluation_level) == (["基本方針", "施策", "事業"], 1)


def test_a_department_editor_may_not_change_the_title(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(PermissionDenied):
        update_plan_settings(people.editor, tiny.plan.pk, title="x")

    assert Plan.objects.get(pk=tiny.plan.pk).title == "北本市地域福祉計画"


def test_it_refuses_a_period_leaving_out_an_interim_target(tiny: TinyPlan, secretariat: User) -> None:
    IndicatorTarget.objects.create(indicator=tiny.indicator, fiscal_year=2026, value=Decimal("11"))

    with pytest.raises(PlanEditError, match="令和8年度の指標の年度別目標値があるため") as refused:
        update_plan_settings(secretariat, tiny.plan.pk, last_fiscal_year=2025)

    assert refused.value.field == "last_fiscal_year"
    assert Plan.objects.get(pk=tiny.plan.pk).last_fiscal_year == 2026


def test_changing_the_rule_in_the_editor_rates_the_unpublished_rounds_shared_projects_by_it(db: None) -> None:
    built = build_multi_department_plan("lowest")
    for project in built.shared:
        for position, ownership in enumerate(project.ownerships.select_related("department")):
            built.rate(project, ownership.department.name, "S" if position == 0 else "C")

    update_plan_settings(built.secretariat, built.plan.pk, multi_department_rule="lead_department")

    recorded = {
        project.pk: NodeEvaluation.objects.values_list("rating__code", "rule").get(
            round=built.round, node=project
        )
        for project in built.shared
    }
    assert recorded == {project.pk: ("S", "lead_department") for project in built.shared}
