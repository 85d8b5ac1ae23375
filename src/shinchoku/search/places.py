"""Where a search looks: every city, a prefecture, or one city, and the choices the form offers
to pick them.

The cities offered stay a short list whatever the number of cities in the deployment: all of them
while they are at most :data:`MAX_CITY_CHOICES`, beyond that the prefectures (47 at most) and the
cities of the chosen prefecture only. A city chosen without its prefecture (a count link of an
earlier search) brings its prefecture with it. At most three queries, whatever the number of cities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import visible_rounds_of_every_plan
from shinchoku.core.prefectures import Prefecture, prefecture, prefecture_of
from shinchoku.plans.models import Municipality

MAX_CITY_CHOICES = 50
_MAX_ID_DIGITS = 18  # longer numbers are past any id (and past what SQLite compares)


@dataclass(frozen=True)
class Places:
    """The prefectures offered (empty while every city is offered), the prefecture chosen, the
    cities offered as (id, name), and the city chosen (one of them)."""

    prefectures: list[Prefecture]
    prefecture: Prefecture | None
    cities: list[tuple[int, str]]
    city: int | None


def _readable_cities(user: User | AnonymousUser) -> QuerySet[Municipality]:
    readable = visible_rounds_of_every_plan(user).values("plan__municipality_id")
    return Municipality.objects.filter(pk__in=readable)


def _submitted(data: Any, name: str) -> str:
    return str(data.get(name, "")).strip() if data is not None else ""


def search_places(user: User | AnonymousUser, data: Any) -> Places:
    """The places offered to ``user`` and those chosen in the submitted ``data`` (``prefecture``:
    a two-digit code, ``city``: a city's id); a value naming no place ``user`` may search is left
    out (the form reports it)."""
    cities = _readable_cities(user)
    counts = dict(
        cities.annotate(prefecture_code=Substr("code", 1, 2))
        .values("prefecture_code")
        .annotate(cities=Count("pk"))
        .values_list("prefecture_code", "cities")
    )
    raw_city = _submitted(data, "city")
    is_id = raw_city.isascii() and raw_city.isdigit() and len(raw_city) <= _MAX_ID_DIGITS
    city = cities.filter(pk=int(raw_city)).first() if is_id else None
    if sum(counts.values()) <= MAX_CITY_CHOICES:
        offered = [(pk, name) for pk, name in cities.order_by("code").values_list("pk", "name")]
        return Places([], None, offered, city.pk if city is not None else None)
    chosen = prefecture_of(city.code) if city is not None else prefecture(_submitted(data, "prefecture"))
    prefectures = [found for code in sorted(counts) if (found := prefecture(code)) is not None]
    if chosen not in prefectures:
        return Places(prefectures, None, [], None)
    assert chosen is not None
    in_prefecture = cities.filter(code__startswith=chosen.code).order_by("code").values_list("pk", "name")
    return Places(prefectures, chosen, list(in_prefecture), city.pk if city is not None else None)
