"""The search page over many cities: the same queries and a page that does not grow with the number
of cities (the filters are built from the chosen scope only)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shinchoku.search.facets import MAX_CITY_FACETS
from shinchoku.search.places import MAX_CITY_CHOICES
from tests.evaluations.tiny_plan import TinyPlan
from tests.many_cities import add_cities
from tests.search.test_views_by_city_and_plan import facets, options

pytestmark = pytest.mark.django_db


def _render(client: Client, params: dict[str, str]) -> tuple[int, int]:
    """The number of queries and the size in bytes of a search page rendered afresh."""
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(queries), len(response.content)


SEARCHES = [{}, {"q": "福祉"}, {"q": "福祉講座を開"}, {"q": "講座", "year": "2023"}]


def test_a_search_reads_as_many_rows_for_30_cities_as_for_3(client: Client, tiny: TinyPlan) -> None:
    plans = add_cities(3)
    city = {"q": "福祉", "city": str(plans[0].municipality_id)}
    few = [_render(client, params)[0] for params in [*SEARCHES, city]]
    add_cities(27, start=3)
    many = [_render(client, params)[0] for params in [*SEARCHES, city]]

    assert few == many


def test_a_search_of_one_city_is_as_big_whatever_the_number_of_other_cities(
    client: Client, tiny: TinyPlan
) -> None:
    plans = add_cities(MAX_CITY_CHOICES + 5)  # every prefecture has a city
    okinawa = plans[46].municipality  # the 47th prefecture; the cities added next are of the 9th to 38th
    city = {"q": "福祉", "city": str(okinawa.pk)}
    html = client.get("/search/", city).content.decode()
    assert options(html, "city") == ["すべて", okinawa.name]
    few = _render(client, city)[1]
    add_cities(30, start=MAX_CITY_CHOICES + 5)

    assert _render(client, city)[1] == few


def test_many_cities_are_offered_by_prefecture(client: Client, tiny: TinyPlan) -> None:
    add_cities(MAX_CITY_CHOICES + 5)

    html = client.get("/search/", {"q": "福祉"}).content.decode()
    assert '<select name="prefecture"' in html
    assert '<select name="city"' not in html  # no prefecture chosen yet
    assert '<select name="plan"' not in html
    html = client.get("/search/", {"q": "福祉", "prefecture": "11"}).content.decode()
    assert options(html, "city") == ["すべて", "北本市", "生成市0010"]  # its cities, in code order


def test_a_word_found_in_many_cities_links_the_cities_with_most_hits_only(
    client: Client, tiny: TinyPlan
) -> None:
    add_cities(MAX_CITY_FACETS + 5)

    html = client.get("/search/", {"q": "福祉講座を開いた"}).content.decode()

    city_links = [label for label in facets(html) if label.startswith("生成市") and "計画" not in label]
    assert len(city_links) == MAX_CITY_FACETS
    assert "ほかに5団体で見つかりました" in html


def test_a_search_of_every_city_of_many_reads_the_first_matches_only(
    client: Client, tiny: TinyPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shinchoku.search.places.MAX_CITY_CHOICES", 3)
    monkeypatch.setattr("shinchoku.search.views.MAX_NATIONAL_MATCHES", 4)
    plans = add_cities(6)

    html = client.get("/search/", {"q": "福祉講座を開いた"}).content.decode()
    assert "4件を超えて見つかりました。" in html
    assert html.count('<li class="search-hit">') == 4
    # Within a prefecture (or a city) every match is counted.
    prefecture = plans[0].municipality.code[:2]
    html = client.get("/search/", {"q": "福祉講座を開いた", "prefecture": prefecture}).content.decode()
    assert "1件見つかりました" in html
