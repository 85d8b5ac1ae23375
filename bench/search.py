"""The search page over two cities, rendered afresh, beside the bare search query.

The demo at scale 10 (みどり市, about 4,800 entries) and the second demo city (あおば市) are
generated in the benchmark's database and rolled back afterwards. Each row renders the search page
with Django's test client, the page cache emptied before every request, as a visitor and as the
demo city's 事務局: a 2-character and a 5-character word, a later page, and the city and plan
filters with their counts. The last row adds 100 cities of two plans each (a published year, no
entries), as when many cities share one server. Baseline: :func:`~shinchoku.search.query.matching_entries`
alone (the LIKE scan over every readable entry), the floor any search pays. Query counts are per
request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import Q

from bench.timing import Timing, measure, table

SCALE = 10
MORE_CITIES = 100
WORDS = {"2 characters": "福祉", "5 characters": "見守り活動"}


def _count_queries(action: Any) -> int:
    statements: list[str] = []

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        action()
    return len(statements)


def _cases(city_id: int, plan_id: int) -> list[tuple[str, dict[str, object]]]:
    short = WORDS["2 characters"]
    return [
        *((label, {"q": word}) for label, word in WORDS.items()),
        ("2 characters, page 5", {"q": short, "page": 5}),
        ("2 characters, city filter", {"q": short, "city": city_id}),
        ("2 characters, plan filter", {"q": short, "city": city_id, "plan": plan_id}),
    ]


def run(*, quick: bool) -> list[str]:
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import caches
    from django.test import Client

    from shinchoku.accounts.permissions import visible_rounds_of_every_plan
    from shinchoku.demo.accounts import create_demo_user
    from shinchoku.demo.generator import generate_demo
    from shinchoku.demo.second_city import generate_second_demo
    from shinchoku.evaluations.models import Entry
    from shinchoku.plans.models import Plan
    from shinchoku.search.query import Filters, matching_entries, query_terms
    from shinchoku.web.page_cache import CACHE_ALIAS

    repeats = 3 if quick else 20
    page_cache = caches[CACHE_ALIAS]
    rows: list[tuple[Timing, Timing]] = []
    notes: list[str] = []
    with transaction.atomic():
        summary = generate_demo(scale=SCALE)
        generate_second_demo()
        staff = create_demo_user(username="bench-search", password="bench-search-password-2024")
        entries = Entry.objects.count()
        rounds = visible_rounds_of_every_plan(AnonymousUser())

        def row(label: str, who: str, params: dict[str, object]) -> None:
            client = Client(HTTP_HOST="127.0.0.1")
            if who == "staff":
                client.force_login(staff)
            path = "/search/?" + urlencode(params)

            def afresh() -> None:
                page_cache.clear()
                response = client.get(path)
                assert response.status_code == 200, f"{path}: HTTP {response.status_code}"

            word = str(params["q"])
            notes.append(f"{label} ({who}): {_count_queries(afresh)} queries")
            page = measure(f"search page, {label} ({who})", afresh, repeats=repeats)
            scan = measure(
                f"matching_entries({word})",
                lambda: matching_entries(rounds, query_terms(word), Filters(), visible=Q()),
                repeats=repeats,
            )
            rows.append((page, scan))

        for who in ("visitor", "staff"):
            for label, params in _cases(summary.plan.municipality_id, summary.plan.pk):
                row(label, who, params)
        _add_empty_cities(MORE_CITIES)
        plans = Plan.objects.count()
        row(f"2 characters, {plans} plans", "visitor", {"q": WORDS["2 characters"]})
        transaction.set_rollback(True)
    return [
        "## Search",
        "",
        f"The search page over the demo at scale {SCALE} and the second demo city ({entries:,} entries), "
        "rendered with Django's test client with the page cache emptied before each request, as a "
        "visitor and as the 事務局; last, with "
        f"{MORE_CITIES} more cities of two plans each (a published year, no entries: {plans} plans). "
        "Baseline: `matching_entries` alone (the LIKE scan over every "
        f"readable entry). Queries per request: {'; '.join(notes)}. "
        "Command: `.venv/bin/python -m bench.run --only search`.",
        "",
        *table(rows),
        "",
    ]


def _add_empty_cities(count: int) -> None:
    """``count`` cities with two plans each and a published year without entries: what the
    search's plan and city lists and the readable rounds cost when many cities share a server."""
    from shinchoku.evaluations.models import Round
    from shinchoku.plans.models import Municipality, Plan, RatingScale

    for number in range(count):
        city = Municipality.objects.create(name=f"ベンチ市{number}", code=f"9{number:05d}")
        scale = RatingScale.objects.create(municipality=city, name="A–C")
        for title in ("地域福祉計画", "高齢者福祉計画"):
            plan = Plan.objects.create(
                municipality=city,
                title=title,
                first_fiscal_year=2022,
                last_fiscal_year=2026,
                level_labels=["基本目標", "施策", "事業"],
                evaluation_level=1,
                rating_scale=scale,
            )
            Round.objects.create(plan=plan, fiscal_year=2023, state=Round.State.PUBLISHED)
