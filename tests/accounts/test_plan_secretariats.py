"""Per-plan secretariats: a 事務局 member limited to some plans manages only those (rounds,
reviews, the plan editor), while users and imports stay with the 事務局 of every plan."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.accounts.secretariat_plans import set_secretariat_plans
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services.rounds import open_round
from shinchoku.plans.models import Municipality, Plan
from tests.evaluations.services.personas import People
from tests.evaluations.shared_plan import SharedPlan, build_shared_plan
from tests.evaluations.tiny_plan import TinyPlan, make_user


@pytest.fixture
def other(tiny: TinyPlan) -> SharedPlan:
    return build_shared_plan(tiny)


@pytest.fixture
def welfare(tiny: TinyPlan, people: People, other: SharedPlan) -> User:
    """The 事務局 of the tiny plan (地域福祉計画) only."""
    user = make_user("kyosei", tiny.municipality, role=User.Role.SECRETARIAT)
    set_secretariat_plans(people.secretariat, user.pk, [tiny.plan.pk])
    return User.objects.get(pk=user.pk)


@pytest.fixture
def elderly(tiny: TinyPlan, people: People, other: SharedPlan) -> User:
    """The 事務局 of the other plan (高齢者福祉計画) only."""
    user = make_user("korei", tiny.municipality, role=User.Role.SECRETARIAT)
    set_secretariat_plans(people.secretariat, user.pk, [other.plan.pk])
    return User.objects.get(pk=user.pk)


def test_each_secretariat_manages_its_own_plan_only(
    tiny: TinyPlan, other: SharedPlan, welfare: User, elderly: User, people: People
) -> None:
    for user, mine, theirs in ((welfare, tiny.plan, other.plan), (elderly, other.plan, tiny.plan)):
        assert permissions.can_manage_rounds(user, mine)
        assert permissions.can_edit_plan(user, mine)
        assert not permissions.can_manage_rounds(user, theirs)
        assert not permissions.can_edit_plan(user, theirs)
        assert list(permissions.managed_plans(user)) == [mine]
    assert list(permissions.managed_plans(people.secretariat)) == sorted(
        [tiny.plan, other.plan], key=lambda plan: plan.title
    )
    with pytest.raises(PermissionDenied):
        open_round(welfare, other.plan.pk, 2025)
    assert open_round(elderly, other.plan.pk, 2025).plan == other.plan


def test_a_limited_secretariat_reviews_only_its_plans_entries(
    tiny: TinyPlan, other: SharedPlan, welfare: User, elderly: User
) -> None:
    theirs = Entry.objects.create(
        round=other.collecting,
        project=other.own,
        department=tiny.departments["生涯学習課"],
        status="submitted",
    )
    mine = Entry.objects.create(
        round=tiny.collecting, project=tiny.unrated, department=tiny.departments["社協"], status="submitted"
    )
    assert permissions.can_approve_entry(welfare, mine)
    assert not permissions.can_approve_entry(welfare, theirs)
    assert permissions.can_return_entry(elderly, theirs)
    assert not permissions.can_return_entry(elderly, mine)
    assert not permissions.can_evaluate_node(welfare, other.collecting)


def test_users_and_imports_stay_with_the_secretariat_of_every_plan(
    tiny: TinyPlan, welfare: User, people: People
) -> None:
    assert permissions.can_manage_users(people.secretariat, tiny.municipality)
    assert not permissions.can_manage_users(welfare, tiny.municipality)
    assert not permissions.can_import(welfare, tiny.municipality)
    with pytest.raises(PermissionDenied):
        set_secretariat_plans(welfare, welfare.pk, [])


def test_it_refuses_limiting_oneself_a_non_secretariat_or_to_another_citys_plan(
    tiny: TinyPlan, people: People, welfare: User
) -> None:
    with pytest.raises(ValidationError, match="自分の担当する計画"):
        set_secretariat_plans(people.secretariat, people.secretariat.pk, [tiny.plan.pk])
    with pytest.raises(ValidationError, match="役割が事務局"):
        set_secretariat_plans(people.secretariat, people.editor.pk, [tiny.plan.pk])
    elsewhere = Municipality.objects.create(name="桶川市", code="112313")
    foreign = Plan.objects.create(
        municipality=elsewhere,
        title="桶川市計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=["事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )
    with pytest.raises(ValidationError, match="この自治体の計画"):
        set_secretariat_plans(people.secretariat, welfare.pk, [foreign.pk])


def test_the_staff_pages_refuse_the_other_plan_and_lead_to_ones_own(
    tiny: TinyPlan, other: SharedPlan, welfare: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(welfare)
    assert client.get(reverse("web:rounds", args=[other.plan.pk])).status_code == 403
    assert client.get(reverse("web:plan_edit", args=[other.plan.pk])).status_code == 403
    assert client.get(reverse("web:rounds", args=[tiny.plan.pk])).status_code == 200
    assert client.get(reverse("web:users")).status_code == 403
    assert client.get(reverse("web:round_management"))["Location"] == reverse(
        "web:rounds", args=[tiny.plan.pk]
    )


def test_the_user_page_sets_the_plans_with_an_audit_record(
    tiny: TinyPlan, other: SharedPlan, people: People, client_for: Callable[[User], Client]
) -> None:
    colleague = make_user("jimu3", tiny.municipality, role=User.Role.SECRETARIAT)
    client = client_for(people.secretariat)
    page = client.get(reverse("web:user_edit", args=[colleague.pk])).content.decode()
    assert "担当する計画(事務局)" in page
    url = reverse("web:user_secretariat_plans", args=[colleague.pk])
    assert client.post(url, {"plans-plans": [str(other.plan.pk)]}).status_code == 302
    assert list(colleague.secretariat_plans.all()) == [other.plan]
    record = AuditEntry.objects.filter(action="set_secretariat_plans").latest("pk")
    assert record.changes == {"secretariat_plans": {"before": ["すべての計画"], "after": [other.plan.title]}}
