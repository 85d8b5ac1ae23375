"""What one search runs over: the readable rounds and plans with their cities, and where each
hit is shown.

Which rounds a person may read is decided by
:func:`shinchoku.accounts.permissions.visible_rounds_of_every_plan` (:func:`visible_rounds` over
every plan); this module never widens it.

A hit is an entry, entered once on its project. It is shown in the plan of its round and, for a
project shared by plans of the same city (共通事業, ``PlanNode.shared_from``), also in every other
plan with a node showing that project, for the years that plan has a round the reader may read.
:class:`SearchScope` answers "which plans show this match" without a query per hit, and the city
and plan filters and their counts are read from those listings, so a shared project counts in each
plan that shows it and once in its city.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import visible_rounds_of_every_plan
from shinchoku.plans.models import Plan, PlanNode

# One entry a search found, as the scan returns it: (entry id, plan id, project id, fiscal year).
# A plain tuple, unpacked where read: a two-character word matches thousands of entries, and
# building a named tuple for each cost more than the rest of the counting.
Match = tuple[int, int, int, int]


@dataclass(frozen=True)
class Listing:
    """A plan that shows a hit: the plan, and the node there (the project itself in its own plan,
    the node naming it in a plan that shares it)."""

    plan: Plan
    node_id: int
    code: str


@dataclass(frozen=True)
class SearchScope:
    """The ids of the rounds the reader may read, their plans (municipality loaded, in the plans'
    order), the (plan, year) pairs of those rounds, and the nodes of those plans that show another
    plan's project, keyed by that project's id as (plan id, node id, code)."""

    rounds: list[int]
    plans: dict[int, Plan]
    readable_years: frozenset[tuple[int, int]]
    shared_nodes: dict[int, list[tuple[int, int, str]]]

    @functools.cached_property
    def municipalities(self) -> list[tuple[int, str]]:
        """(id, name) of the cities of the readable plans, in the plans' order."""
        cities = {plan.municipality_id: plan.municipality.name for plan in self.plans.values()}
        return list(cities.items())

    @functools.cached_property
    def several_cities(self) -> bool:
        return len({plan.municipality_id for plan in self.plans.values()}) > 1

    def plans_of(self, municipality_id: int | None) -> list[Plan]:
        """The readable plans of the city ``municipality_id`` (None: of every city), in order."""
        plans = self.plans.values()
        return [plan for plan in plans if municipality_id in (None, plan.municipality_id)]

    def plan_label(self, plan: Plan) -> str:
        """The plan's title, after its city's name when plans of several cities are readable
        (two cities may both have a 地域福祉計画)."""
        return f"{plan.municipality.name} {plan.title}" if self.several_cities else plan.title

    def listings(self, match: Match, code: str) -> list[Listing]:
        """The plans showing ``match``: its own (with ``code``, its project's 番号) first, then each
        plan sharing the project that has a readable round of the match's year."""
        _, own_plan, project_id, fiscal_year = match
        own = Listing(self.plans[own_plan], project_id, code)
        others = [
            Listing(self.plans[plan_id], node_id, node_code)
            for plan_id, node_id, node_code in self.shared_nodes.get(project_id, [])
            if (plan_id, fiscal_year) in self.readable_years
        ]
        return [own, *others]

    def plan_ids(self, match: Match) -> list[int]:
        """The ids of the plans showing ``match`` (see :meth:`listings`), its own first."""
        _, own_plan, project_id, fiscal_year = match
        shared = self.shared_nodes.get(project_id, [])
        readable = self.readable_years
        return [own_plan, *(plan_id for plan_id, _, _ in shared if (plan_id, fiscal_year) in readable)]


def search_scope(
    user: User | AnonymousUser, *, municipality_id: int | None = None, prefecture_code: str | None = None
) -> SearchScope:
    """The scope of a search by ``user``: the rounds they may read (see
    :func:`~shinchoku.accounts.permissions.visible_rounds_of_every_plan`), of the city
    ``municipality_id`` or of the prefecture ``prefecture_code`` when given, and what
    :class:`SearchScope` derives from them. A search of one city reads that city's rows only, whatever
    the number of cities (a shared project, 共通事業, is shared by plans of one city).

    Three queries whatever the number of plans, rounds or hits.
    """
    rounds = visible_rounds_of_every_plan(user)
    if municipality_id is not None:
        rounds = rounds.filter(plan__municipality_id=municipality_id)
    elif prefecture_code is not None:
        rounds = rounds.filter(plan__municipality__code__startswith=prefecture_code)
    rows = list(rounds.values_list("pk", "plan_id", "fiscal_year"))
    readable = frozenset((plan_id, year) for _, plan_id, year in rows)
    plan_ids = {plan_id for plan_id, _ in readable}
    shared: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for project_id, plan_id, node_id, code in (
        PlanNode.objects.filter(plan_id__in=plan_ids, shared_from__isnull=False)
        .order_by("plan_id", "position", "pk")
        .values_list("shared_from_id", "plan_id", "pk", "code")
    ):
        shared[project_id].append((plan_id, node_id, code))
    plans = Plan.objects.filter(pk__in=plan_ids).select_related("municipality")
    return SearchScope([pk for pk, _, _ in rows], {plan.pk: plan for plan in plans}, readable, dict(shared))
