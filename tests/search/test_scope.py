"""The scope of a search: the readable plans with their cities, and the plans showing each match."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry, Round
from shinchoku.search.scope import Match, search_scope
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.search.many_plans import ManyPlans, build_many_plans

pytestmark = pytest.mark.django_db


def shared_match(many: ManyPlans) -> Match:
    entry = Entry.objects.filter(project=many.tiny.shared).first()
    assert entry is not None
    return (entry.pk, many.tiny.plan.pk, many.tiny.shared.pk, 2023)


def test_a_shared_project_is_listed_in_its_own_plan_first_then_in_the_plan_sharing_it(
    many: ManyPlans,
) -> None:
    scope = search_scope(AnonymousUser())
    listings = scope.listings(shared_match(many), many.tiny.shared.code)
    assert [(listing.plan.title, listing.code) for listing in listings] == [
        ("地域福祉計画", "1-1-1-2"),
        ("高齢者福祉計画", "1-1-2"),
    ]
    assert listings[1].node_id == many.elderly_shared.pk
    assert scope.plan_ids(shared_match(many)) == [many.tiny.plan.pk, many.elderly.pk]


def test_a_plan_sharing_a_project_lists_it_only_for_years_the_reader_may_read(many: ManyPlans) -> None:
    Round.objects.filter(pk=many.elderly_round.pk).update(state=Round.State.REVIEW)
    visitor = search_scope(AnonymousUser())
    assert visitor.plan_ids(shared_match(many)) == [many.tiny.plan.pk]
    assert many.elderly.pk not in visitor.plans

    staff = make_user("kyosei", many.tiny.municipality, role=User.Role.SECRETARIAT)
    assert search_scope(staff).plan_ids(shared_match(many)) == [
        many.tiny.plan.pk,
        many.elderly.pk,
    ]


def test_plans_are_labelled_with_their_city_only_when_several_cities_are_readable(tiny: TinyPlan) -> None:
    alone = search_scope(AnonymousUser())
    assert alone.plan_label(tiny.plan) == "北本市地域福祉計画"
    many = build_many_plans(tiny)
    scope = search_scope(AnonymousUser())
    assert [scope.plan_label(plan) for plan in scope.plans.values()] == [
        "鴻巣市 地域福祉計画",
        "北本市 地域福祉計画",
        "北本市 高齢者福祉計画",
    ]
    assert scope.municipalities == [(many.konosu.pk, "鴻巣市"), (tiny.municipality.pk, "北本市")]


def test_the_scope_takes_three_queries_whatever_the_number_of_plans(tiny: TinyPlan) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            search_scope(AnonymousUser())
        return len(captured)

    assert queries() == 3
    build_many_plans(tiny)
    assert queries() == 3
