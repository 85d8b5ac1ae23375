"""The directory of municipalities read by the home and prefecture pages: one page of cities, found
by name or code and grouped by prefecture, each with its plans and the rounds the reader may see.

A deployment may serve one city or every city of Japan, so nothing here grows with the number of
cities: a page holds :data:`PER_PAGE` cities and is read in a fixed number of queries (the cities per
prefecture, the count and the page of cities, their plans, the rounds of those plans). The
prefecture is read off the municipality's code (:mod:`shinchoku.core.prefectures`); no column
stores it.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import visible_rounds_of_every_plan
from shinchoku.core.prefectures import Prefecture, prefecture, prefecture_of
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.selectors import PlanSummary
from shinchoku.plans.models import Municipality, Plan

PER_PAGE = 20
MAX_QUERY_LENGTH = 50


@dataclass(frozen=True)
class City:
    """A municipality with its plans (newest first) and the rounds of each the reader may see."""

    municipality: Municipality
    plans: list[PlanSummary]


@dataclass(frozen=True)
class PrefectureGroup:
    """The cities of one prefecture on the page, in code order."""

    prefecture: Prefecture | None
    cities: list[City]


@dataclass(frozen=True)
class PrefectureCount:
    prefecture: Prefecture
    cities: int


@dataclass(frozen=True)
class Directory:
    """One page of the directory: the cities found, grouped by prefecture, and what the page
    offers to find others (the prefectures having cities with plans, their number)."""

    page: Page[Municipality]
    groups: list[PrefectureGroup]
    prefectures: list[PrefectureCount]
    query: str
    total: int
    within: Prefecture | None

    @property
    def is_large(self) -> bool:
        """True when the cities (of the prefecture ``within``) do not fit on one page: the page then
        offers the search and the prefectures. One or two cities are simply listed with their plans."""
        return self.total > PER_PAGE

    @property
    def grouped(self) -> bool:
        """True when the cities are shown under a heading of their prefecture (a large home)."""
        return self.is_large and self.within is None

    @property
    def city_heading(self) -> int:
        """The heading level of a city (under its prefecture's when :attr:`grouped`)."""
        return 4 if self.grouped else 3


def search_text(raw: str) -> str:
    """The municipality search as typed, stripped and cut to :data:`MAX_QUERY_LENGTH` characters."""
    return raw.strip()[:MAX_QUERY_LENGTH]


def _with_plans() -> QuerySet[Municipality]:
    return Municipality.objects.filter(Exists(Plan.objects.filter(municipality=OuterRef("pk"))))


def _matching(cities: QuerySet[Municipality], query: str) -> QuerySet[Municipality]:
    """``cities`` whose name holds ``query`` or whose code begins with it (digits in any width: the
    five-digit code without its check digit is the common form)."""
    if not query:
        return cities
    digits = unicodedata.normalize("NFKC", query)
    by_code = Q(code__startswith=digits) if digits.isdigit() else Q(pk__in=[])
    return cities.filter(Q(name__contains=query) | by_code)


def _prefecture_counts() -> tuple[list[PrefectureCount], int]:
    """The prefectures having cities with plans, with their number, and the number of all such
    cities (a code naming no prefecture counts there only)."""
    rows = list(
        _with_plans()
        .annotate(prefecture_code=Substr("code", 1, 2))
        .values("prefecture_code")
        .annotate(cities=Count("pk"))
        .order_by("prefecture_code")
    )
    counts = []
    for row in rows:
        found = prefecture(row["prefecture_code"])
        if found is not None:
            counts.append(PrefectureCount(found, row["cities"]))
    return counts, sum(row["cities"] for row in rows)


def directory(
    reader: User | AnonymousUser,
    *,
    query: str = "",
    within: Prefecture | None = None,
    page: str | None = None,
) -> Directory:
    """The page ``page`` (a number as given; out of range: the nearest page) of the cities with
    plans, within the prefecture ``within`` when given, matching ``query`` (see :func:`_matching`),
    with the rounds ``reader`` may read (:func:`visible_rounds_of_every_plan`). Four queries, five
    with a search."""
    prefectures, total = _prefecture_counts()
    cities = _with_plans()
    if within is not None:
        cities = cities.filter(code__startswith=within.code)
        total = next((count.cities for count in prefectures if count.prefecture == within), 0)
    paginator = Paginator(_matching(cities, query).order_by("code"), PER_PAGE)
    if not query:
        paginator.count = total  # already counted: one query fewer
    found = paginator.get_page(page)
    municipalities = list(found.object_list)
    plans = list(
        Plan.objects.filter(municipality__in=municipalities).order_by(
            "municipality__code", "-first_fiscal_year", "title"
        )
    )
    rounds: dict[int, list[Round]] = defaultdict(list)
    visible = visible_rounds_of_every_plan(reader).filter(plan__in=plans).order_by("plan_id", "-fiscal_year")
    for round_ in visible:
        rounds[round_.plan_id].append(round_)
    by_city: dict[int, list[PlanSummary]] = defaultdict(list)
    by_id = {municipality.pk: municipality for municipality in municipalities}
    for plan in plans:
        plan.municipality = by_id[plan.municipality_id]
        by_city[plan.municipality_id].append(PlanSummary(plan, rounds[plan.pk]))
    groups: list[PrefectureGroup] = []
    for municipality in municipalities:
        city = City(municipality, by_city[municipality.pk])
        home = prefecture_of(municipality.code)
        if groups and groups[-1].prefecture == home:
            groups[-1].cities.append(city)
        else:
            groups.append(PrefectureGroup(home, [city]))
    return Directory(found, groups, prefectures, query, total, within)
