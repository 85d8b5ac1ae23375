"""What one search runs over: the readable plans with their cities, and where each hit is shown.

A hit is an entry, entered once on its project. It is shown in the plan of its round and, for a
project shared by plans of the same city (共通事業, ``PlanNode.shared_from``), also in every other
plan with a node showing that project, for the years that plan has a round the reader may read.
:class:`SearchScope` answers "which plans show this match" without a query per hit, and the city
and plan filters and their counts are read from those listings, so a shared project counts in each
plan that shows it and once in its city.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import QuerySet

from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Plan, PlanNode


class Match(NamedTuple):
    """One entry that a search found, with the columns the city and plan filters read."""

    entry_id: int
    plan_id: int
    project_id: int
    fiscal_year: int


@dataclass(frozen=True)
class Listing:
    """A plan that shows a hit: the plan, and the node there (the project itself in its own plan,
    the node naming it in a plan that shares it)."""

    plan: Plan
    node_id: int
    code: str
    shared: bool


@dataclass(frozen=True)
class SearchScope:
    """The readable plans (municipality loaded, in the plans' order), the (plan, year) pairs that
    have a readable round, and the nodes of readable plans that show another plan's project,
    keyed by that project's id as (plan id, node id, code)."""

    plans: dict[int, Plan]
    readable_years: frozenset[tuple[int, int]]
    shared_nodes: dict[int, list[tuple[int, int, str]]]

    @property
    def municipalities(self) -> list[tuple[int, str]]:
        """(id, name) of the cities of the readable plans, in the plans' order."""
        cities = {plan.municipality_id: plan.municipality.name for plan in self.plans.values()}
        return list(cities.items())

    @property
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
        own = Listing(self.plans[match.plan_id], match.project_id, code, shared=False)
        others = [
            Listing(self.plans[plan_id], node_id, node_code, shared=True)
            for plan_id, node_id, node_code in self.shared_nodes.get(match.project_id, [])
            if (plan_id, match.fiscal_year) in self.readable_years
        ]
        return [own, *others]

    def plan_ids(self, match: Match) -> list[int]:
        """The ids of the plans showing ``match`` (see :meth:`listings`), its own first."""
        shared = self.shared_nodes.get(match.project_id, [])
        return [
            match.plan_id,
            *(plan_id for plan_id, _, _ in shared if (plan_id, match.fiscal_year) in self.readable_years),
        ]


def search_scope(rounds: QuerySet[Round]) -> SearchScope:
    """The scope of a search over ``rounds`` (see :func:`shinchoku.search.query.readable_rounds`).

    Three queries whatever the number of plans, rounds or hits.
    """
    readable = frozenset(rounds.order_by().values_list("plan_id", "fiscal_year").distinct())
    plan_ids = {plan_id for plan_id, _ in readable}
    plans = Plan.objects.filter(pk__in=plan_ids).select_related("municipality")
    shared: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for project_id, plan_id, node_id, code in (
        PlanNode.objects.filter(plan_id__in=plan_ids, shared_from__isnull=False)
        .order_by("plan_id", "position", "pk")
        .values_list("shared_from_id", "plan_id", "pk", "code")
    ):
        shared[project_id].append((plan_id, node_id, code))
    return SearchScope({plan.pk: plan for plan in plans}, readable, dict(shared))
