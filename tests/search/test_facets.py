"""The city and plan filters over the matches, and the counts per city and plan with their links."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import QueryDict

from shinchoku.search.facets import count_by_city_and_plan, facet_links, narrow
from shinchoku.search.query import Filters, matching_entries, query_terms
from shinchoku.search.scope import Match, SearchScope, search_scope
from tests.search.many_plans import ManyPlans

pytestmark = pytest.mark.django_db


def search(query: str) -> tuple[list[Match], SearchScope]:
    scope = search_scope(AnonymousUser())
    return matching_entries(scope.rounds, query_terms(query), Filters(), visible=Q()), scope


def test_narrowing_to_a_plan_keeps_its_own_and_its_shared_matches_in_order(many: ManyPlans) -> None:
    matches, scope = search("福祉")
    elderly = narrow(matches, scope, municipality_id=None, plan_id=many.elderly.pk)
    assert {project_id for _, _, project_id, _ in elderly} == {many.elderly_own.pk, many.tiny.shared.pk}
    assert elderly == [match for match in matches if match in elderly]
    konosu = narrow(matches, scope, municipality_id=many.konosu.pk, plan_id=None)
    assert {plan_id for _, plan_id, _, _ in konosu} == {many.konosu_plan.pk}
    assert narrow(matches, scope, municipality_id=many.konosu.pk, plan_id=many.elderly.pk) == []


def test_a_shared_match_counts_once_in_its_city_and_once_in_each_plan(many: ManyPlans) -> None:
    matches, scope = search("民生委員")
    [city] = count_by_city_and_plan(matches, scope)
    assert (city.name, city.count) == ("北本市", 2)
    assert [(plan.title, plan.count) for plan in city.plans] == [("地域福祉計画", 2), ("高齢者福祉計画", 2)]


def test_the_count_links_set_city_and_plan_keep_the_other_filters_and_drop_the_page(many: ManyPlans) -> None:
    matches, scope = search("講座")
    params = QueryDict(f"q=講座&year=2023&page=3&city={many.konosu.pk}")
    counts = count_by_city_and_plan(matches, scope)
    facets = facet_links(counts, params, municipality_id=many.konosu.pk, plan_id=None)
    konosu, kitamoto = facets.cities
    assert (konosu.link.label, konosu.link.count, konosu.link.current) == ("鴻巣市", 1, True)
    assert konosu.link.href == f"?q=%E8%AC%9B%E5%BA%A7&year=2023&city={many.konosu.pk}"
    plan = kitamoto.plans[0]
    assert (plan.label, plan.count, plan.current) == ("北本市 高齢者福祉計画", 1, False)
    assert plan.href.endswith(f"&city={many.tiny.municipality.pk}&plan={many.elderly.pk}")
    assert facets.clear_href == "?q=%E8%AC%9B%E5%BA%A7&year=2023"
