"""Search over the index: short and long words, width and case, visibility and filters.

Runs on SQLite and, with ``SHINCHOKU_TEST_DATABASE=postgres``, on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import visible_rounds_of_every_plan
from shinchoku.evaluations.models import Entry
from shinchoku.search.models import SearchDocument
from shinchoku.search.query import Filters, matching_entries, query_terms
from tests.evaluations.tiny_plan import TinyPlan
from tests.search.conftest import edit_entry

pytestmark = pytest.mark.django_db


def found(
    query: str, user: User | AnonymousUser | None = None, **filters: object
) -> set[tuple[str, str, int]]:
    """(project title, department, year) of every hit, for readable assertions."""
    rounds = visible_rounds_of_every_plan(user or AnonymousUser())
    limit: int | None = filters.pop("limit", None)  # type: ignore[assignment]
    matches = matching_entries(rounds, query_terms(query), Filters(**filters), visible=Q(), limit=limit)  # type: ignore[arg-type]
    ids = [entry_id for entry_id, _, _, _ in matches]
    entries = Entry.objects.filter(pk__in=ids).select_related("project", "department", "round")
    return {(entry.project.title, entry.department.name, entry.round.fiscal_year) for entry in entries}


PUBLISHED_FUKUSHI = {
    ("福祉教育", "生涯学習課", 2023),
    ("地域資源を活かした情報の発信", "共生福祉課", 2023),
    ("地域資源を活かした情報の発信", "社協", 2023),
    ("福祉協力校設置", "社協", 2023),
}


def test_a_two_character_word_finds_titles_department_names_and_texts(tiny: TinyPlan) -> None:
    assert found("福祉") == PUBLISHED_FUKUSHI


def test_a_single_character_finds_the_entry_that_holds_it(tiny: TinyPlan) -> None:
    assert found("籍") == {("福祉教育", "生涯学習課", 2023)}


def test_a_long_word_finds_entries_and_project_descriptions(tiny: TinyPlan) -> None:
    # 民生委員 is in 共生福祉課's texts and in the project's description, shared by both entries.
    assert found("民生委員") == {
        ("地域資源を活かした情報の発信", "共生福祉課", 2023),
        ("地域資源を活かした情報の発信", "社協", 2023),
    }
    assert found("支援籍学習") == {("福祉教育", "生涯学習課", 2023)}


def test_every_word_of_a_query_must_occur(tiny: TinyPlan) -> None:
    assert found("福祉 通信") == {("地域資源を活かした情報の発信", "社協", 2023)}
    assert found("福祉\u3000通信") == found("福祉 通信")


def test_full_and_half_width_and_case_do_not_matter(tiny: TinyPlan) -> None:
    edit_entry(Entry.objects.get(project=tiny.unrated), reason="YOUNG carer(ﾔﾝｸﾞｹｱﾗｰ)への支援")
    expected = {("福祉協力校設置", "社協", 2023)}
    assert found("ＹＯＵＮＧ") == expected
    assert found("young") == expected
    assert found("ｹｱﾗｰ") == expected
    assert found("ヤングケアラー") == expected


def test_nothing_is_found_for_an_empty_query_or_an_absent_word(tiny: TinyPlan) -> None:
    assert found("") == set()
    assert found("   ") == set()
    assert found("成年後見") == set()


def test_like_wildcards_in_a_query_are_plain_characters(tiny: TinyPlan) -> None:
    assert found("%") == set()
    assert found("_") == set()


def test_visitors_and_other_municipalities_never_see_unpublished_entries(
    tiny: TinyPlan, other_staff: User
) -> None:
    assert found("下書き") == set()
    assert found("下書き", other_staff) == set()
    assert found("福祉", other_staff) == PUBLISHED_FUKUSHI


def test_staff_of_the_municipality_also_find_unpublished_entries(tiny: TinyPlan, city_staff: User) -> None:
    assert found("下書き", city_staff) == {("福祉教育", "生涯学習課", 2024)}
    assert found("福祉", city_staff) == PUBLISHED_FUKUSHI | {("福祉教育", "生涯学習課", 2024)}


def test_filters_narrow_by_year_policy_department_and_rating(tiny: TinyPlan, city_staff: User) -> None:
    assert found("福祉", city_staff, fiscal_year=2024) == {("福祉教育", "生涯学習課", 2024)}
    assert found("福祉", city_staff, policy_id=tiny.policy.pk) == found("福祉", city_staff)
    assert found("福祉", city_staff, policy_id=tiny.goal.pk) == set()
    assert found("福祉", department_id=tiny.departments["社協"].pk) == {
        ("地域資源を活かした情報の発信", "社協", 2023),
        ("福祉協力校設置", "社協", 2023),
    }
    assert found("福祉", rating_code="A") == {
        ("福祉教育", "生涯学習課", 2023),
        ("地域資源を活かした情報の発信", "社協", 2023),
    }


def test_results_come_newest_year_first(tiny: TinyPlan, city_staff: User) -> None:
    rounds = visible_rounds_of_every_plan(city_staff)
    matches = matching_entries(rounds, query_terms("福祉"), Filters(), visible=Q())
    years = [Entry.objects.get(pk=entry_id).round.fiscal_year for entry_id, _, _, _ in matches]
    assert years == sorted(years, reverse=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_on_postgresql_the_trigram_index_finds_what_a_scan_finds(tiny: TinyPlan) -> None:
    words = ["民生委員", "支援籍学習", "福祉教育", "福祉", "籍"]
    scanned = [found(word) for word in words]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # force the index where it applies
        assert "search_doc_key_trgm" in SearchDocument.objects.filter(key__contains="民生委員").explain()
        assert [found(word) for word in words] == scanned


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index exists on PostgreSQL only")
def test_on_postgresql_the_bigram_index_finds_a_two_character_word_as_a_scan_does(tiny: TinyPlan) -> None:
    words = ["福祉", "委員", "籍学", "存在"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(
            "SET LOCAL enable_indexscan = off"
        )  # the scan, with the bigram condition checked row by row
        scanned = [found(word) for word in words]
        cursor.execute("SET LOCAL enable_bitmapscan = on")
        cursor.execute("SET LOCAL enable_indexscan = on")
        cursor.execute("SET LOCAL enable_seqscan = off")  # force the index where it applies
        plan = SearchDocument.objects.filter(key__contains="福祉").extra(
            where=['search_bigrams("search_searchdocument"."key") @> ARRAY[%s]::text[]'], params=["福祉"]
        )
        assert "search_doc_key_bigrams" in plan.explain()
        assert [found(word, limit=1000) for word in words] == scanned
    assert scanned[0]  # the tiny plan has 福祉 in its entries
