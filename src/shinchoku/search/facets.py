"""The city and plan filters of a search, and the number of hits per city and plan.

Both read the matches already found (see :func:`shinchoku.search.query.matching_entries`), so the
counts cost no second scan and the hits of a filtered page are exactly the ones its count line and
its facet link promised. A match is in a plan when the plan shows it (see
:meth:`shinchoku.search.scope.SearchScope.listings`): a shared project counts in each of its plans.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.http import QueryDict

from shinchoku.search.scope import Match, SearchScope

MAX_CITY_FACETS = 20


def narrow(
    matches: list[Match], scope: SearchScope, *, municipality_id: int | None, plan_id: int | None
) -> list[Match]:
    """The matches shown in the city ``municipality_id`` and in the plan ``plan_id`` (None: any),
    in their order."""
    kept = matches
    if municipality_id is not None:
        in_city = {pk for pk, plan in scope.plans.items() if plan.municipality_id == municipality_id}
        kept = [match for match in kept if match[1] in in_city]  # the match's plan
    if plan_id is not None:
        shared = scope.shared_nodes
        kept = [
            match
            for match in kept
            if match[1] == plan_id or (match[2] in shared and plan_id in scope.plan_ids(match))
        ]  # the match's own plan, or a plan sharing its project
    return kept


@dataclass(frozen=True)
class PlanCount:
    plan_id: int
    title: str
    count: int


@dataclass(frozen=True)
class CityCount:
    """The hits of one city, and of each of its plans that shows any (in the plans' order)."""

    municipality_id: int
    name: str
    count: int
    plans: list[PlanCount]


def count_by_city_and_plan(matches: list[Match], scope: SearchScope) -> list[CityCount]:
    """Hits per city and per plan, cities and plans in the scope's order; only those with hits.

    Counted by each match's own plan in one pass, then the few shared projects' other plans added:
    this runs over every match of a search (thousands for a two-character word)."""
    own: Counter[int] = Counter(plan_id for _, plan_id, _, _ in matches)
    per_plan = own.copy()
    shared = scope.shared_nodes
    for match in matches if shared else []:
        if match[2] in shared:  # the match's project
            per_plan.update(scope.plan_ids(match)[1:])
    cities = []
    for municipality_id, name in scope.municipalities:
        plans = [plan for plan in scope.plans.values() if plan.municipality_id == municipality_id]
        count = sum(own[plan.pk] for plan in plans)
        if count:
            counts = [
                PlanCount(plan.pk, plan.title, per_plan[plan.pk]) for plan in plans if per_plan[plan.pk]
            ]
            cities.append(CityCount(municipality_id, name, count, counts))
    return cities


@dataclass(frozen=True)
class FacetLink:
    """A link narrowing the search to one city or plan, keeping the query and the other filters."""

    label: str
    count: int
    href: str
    current: bool


@dataclass(frozen=True)
class CityFacet:
    link: FacetLink
    plans: list[FacetLink]


@dataclass(frozen=True)
class Facets:
    """The count links, and the link back to every city and plan (empty when none is chosen)."""

    cities: list[CityFacet]
    clear_href: str
    more_cities: int = 0


def facet_links(
    counts: list[CityCount], params: QueryDict, *, municipality_id: int | None, plan_id: int | None
) -> Facets:
    """Links for ``counts`` from the submitted ``params``: each sets the city (and plan) and
    drops the page; a plan's label names its city, so that it reads alone (北本市 地域福祉計画 12件).
    Only the :data:`MAX_CITY_FACETS` cities with the most hits get links (in their order), so that a
    word found all over Japan does not list every city; ``more_cities`` says how many are left out.
    The link back to every city drops the prefecture too."""
    shown = sorted(counts, key=lambda city: city.count, reverse=True)[:MAX_CITY_FACETS]
    kept = {id(city) for city in shown}
    base = params.copy()
    for name in ("city", "plan", "page"):
        base.pop(name, None)

    def href(**chosen: int) -> str:
        query = base.copy()
        for name, value in chosen.items():
            query[name] = str(value)
        return f"?{query.urlencode()}"

    cities = []
    for city in (city for city in counts if id(city) in kept):
        plans = [
            FacetLink(
                f"{city.name} {plan.title}",
                plan.count,
                href(city=city.municipality_id, plan=plan.plan_id),
                current=plan.plan_id == plan_id,
            )
            for plan in city.plans
        ]
        current = city.municipality_id == municipality_id and plan_id is None
        link = FacetLink(city.name, city.count, href(city=city.municipality_id), current)
        cities.append(CityFacet(link, plans))
    chosen = municipality_id is not None or plan_id is not None or "prefecture" in params
    base.pop("prefecture", None)
    return Facets(cities, href() if chosen else "", len(counts) - len(cities))
