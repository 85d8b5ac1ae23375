"""The search page over several cities and plans: each hit names its city and plan, the form
filters by them (without JavaScript), and the hits are counted per city and plan."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import DepartmentNameChange
from shinchoku.search.forms import PLAN_NOT_IN_CITY
from shinchoku.search.services import rebuild_search_index
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.search.many_plans import ManyPlans, build_many_plans

pytestmark = pytest.mark.django_db


def search_page(client: Client, **params: object) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def hits(html: str) -> list[str]:
    """Each result row as its text, tags removed and whitespace collapsed."""
    rows = re.findall(r'<li class="search-hit">(.*?)</li>\s*(?=<li class="search-hit">|</ol>)', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def facets(html: str) -> list[str]:
    """The texts of the count links, in order."""
    block = re.search(r'<nav class="search-facets".*?</nav>', html, re.S)
    assert block, "the page has no counts per city and plan"
    return [re.sub(r"<[^>]+>", "", link) for link in re.findall(r"<a [^>]*>(.*?)</a>", block.group())]


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, f"no {name} select"
    return re.findall(r"<option [^>]*>(.*?)</option>", select.group())


def test_each_hit_names_its_city_plan_and_year(client: Client, many: ManyPlans) -> None:
    rows = hits(search_page(client, q="講座"))
    assert sorted(rows) == sorted(
        [
            "1-1-1 介護予防教室 自治体 北本市 計画 高齢者福祉計画 年度 令和5年度(2023年度) 担当課 共生福祉課"
            " 評価 A 進捗状況: 介護予防の福祉 講座 を開いた。",
            "1-1-1 福祉のまちづくり 講座 自治体 鴻巣市 計画 地域福祉計画 年度 令和5年度(2023年度)"
            " 担当課 共生福祉課 評価 A 進捗状況: 福祉 講座 を開いた。",
        ]
    )


def test_two_cities_with_the_same_plan_title_are_told_apart(client: Client, many: ManyPlans) -> None:
    html = search_page(client, q="福祉")
    # Cities come in the order of their 全国地方公共団体コード (鴻巣市 112178, 北本市 112330).
    assert options(html, "city") == ["すべて", "鴻巣市", "北本市"]
    plans = ["鴻巣市 地域福祉計画", "北本市 地域福祉計画", "北本市 高齢者福祉計画"]
    assert options(html, "plan") == ["すべて", *plans]
    # Departments and 施策 are offered once the search is down to one city and one plan.
    assert '<select name="department"' not in html
    assert '<select name="policy"' not in html
    assert "自治体と計画を選んで検索すると、担当課と施策でも絞り込めます。" in html
    assert facets(html) == [
        "鴻巣市 1件",
        "鴻巣市 地域福祉計画 1件",
        "北本市 5件",
        "北本市 地域福祉計画 4件",
        "北本市 高齢者福祉計画 3件",
    ]
    assert "自治体 鴻巣市 計画 地域福祉計画" in " ".join(hits(html))
    assert "自治体 北本市 計画 地域福祉計画" in " ".join(hits(html))


def test_the_city_filter_keeps_that_citys_hits_and_offers_its_plans_only(
    client: Client, many: ManyPlans
) -> None:
    html = search_page(client, q="福祉", city=many.konosu.pk)
    assert "1件見つかりました" in html
    assert all("自治体 鴻巣市" in row for row in hits(html))
    assert options(html, "plan") == ["すべて", "地域福祉計画"]  # the city is chosen: its plans by title
    assert options(html, "department") == ["すべて", "共生福祉課"]
    assert options(html, "policy") == ["すべて", "1-1 地域福祉の担い手づくり"]  # its only plan
    # A search of one city reads that city only (it stays as quick with every city of Japan); the
    # link back searches them all.
    assert facets(html) == ["鴻巣市 1件", "鴻巣市 地域福祉計画 1件", "すべての自治体・計画で探す"]


def test_a_plan_of_another_city_is_reported_and_left_out(client: Client, many: ManyPlans) -> None:
    html = search_page(client, q="福祉", city=many.konosu.pk, plan=many.tiny.plan.pk)
    assert PLAN_NOT_IN_CITY in html
    assert "1件見つかりました" in html


def test_the_plan_filter_tells_two_plans_of_the_same_title_apart(client: Client, many: ManyPlans) -> None:
    html = search_page(client, q="福祉", plan=many.konosu_plan.pk)
    assert "1件見つかりました" in html
    html = search_page(client, q="福祉", plan=many.tiny.plan.pk)
    assert "4件見つかりました" in html
    assert all("自治体 北本市 計画 地域福祉計画" in row for row in hits(html))


def test_a_shared_project_is_one_hit_per_entry_naming_every_plan_that_shows_it(
    client: Client, many: ManyPlans
) -> None:
    html = search_page(client, q="民生委員")
    rows = hits(html)
    assert len(rows) == 2  # the 共生福祉課 and 社協 entries, once each
    for row in rows:
        assert "自治体 北本市 計画 地域福祉計画 ほかの計画にも掲載 高齢者福祉計画 1-1-2 年度" in row
    link = f'<a href="/plans/{many.elderly.pk}/projects/{many.elderly_shared.pk}/">高齢者福祉計画 1-1-2</a>'
    assert link in html
    assert facets(html) == ["北本市 2件", "北本市 地域福祉計画 2件", "北本市 高齢者福祉計画 2件"]


def test_a_plan_finds_the_shared_projects_it_shows_and_under_its_own_node(
    client: Client, many: ManyPlans
) -> None:
    html = search_page(client, q="民生委員", plan=many.elderly.pk)
    assert "2件見つかりました" in html
    html = search_page(client, q="民生委員", policy=many.elderly_policy.pk)
    assert "2件見つかりました" in html
    assert "1-1-1-2 地域資源を活かした情報の発信" in html


def test_a_plan_without_a_published_year_shows_no_shared_hit_to_visitors(
    client: Client, many: ManyPlans
) -> None:
    Round.objects.filter(pk=many.elderly_round.pk).update(state=Round.State.COLLECTING)
    html = search_page(client, q="民生委員")
    assert "高齢者福祉計画" not in html
    assert "2件見つかりました" in html

    staff = make_user("kyosei", many.tiny.municipality, role=User.Role.SECRETARIAT)
    client.force_login(staff)
    assert "ほかの計画にも掲載 高齢者福祉計画 1-1-2" in " ".join(hits(search_page(client, q="民生委員")))


def test_visitors_see_no_unpublished_year_in_hits_choices_or_counts(client: Client, many: ManyPlans) -> None:
    for params in ({}, {"city": many.konosu.pk}, {"plan": many.konosu_plan.pk}, {"year": 2024}):
        html = search_page(client, q="下書き", **params)
        assert "見つかりませんでした" in html
        assert "令和6年度" not in html
        assert "下書き</mark>" not in html
    html = search_page(client, q="福祉", city=many.konosu.pk)
    assert options(html, "year") == ["すべて", "令和5年度(2023年度)"]
    assert "鴻巣市 1件" in facets(html)


def test_staff_of_another_city_never_see_its_drafts(client: Client, many: ManyPlans) -> None:
    client.force_login(make_user("kitamoto", many.tiny.municipality, role=User.Role.SECRETARIAT))
    assert "見つかりませんでした" in search_page(client, q="鴻巣市の下書き")
    client.force_login(make_user("konosu", many.konosu, role=User.Role.SECRETARIAT))
    html = search_page(client, q="下書き")
    assert "1件見つかりました" in html
    assert "自治体 鴻巣市 計画 地域福祉計画 年度 令和6年度(2024年度)" in hits(html)[0]


def test_the_filters_survive_paging_and_the_count_links_keep_the_query(
    client: Client, many: ManyPlans, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shinchoku.search.views.PER_PAGE", 2)
    city, plan = many.tiny.municipality.pk, many.tiny.plan.pk
    html = search_page(client, q="福祉", city=city, plan=plan, year=2023)
    query = "q=%E7%A6%8F%E7%A5%89"
    assert f'href="?{query}&amp;city={city}&amp;plan={plan}&amp;year=2023&amp;page=2" rel="next"' in html
    assert f'<option value="{city}" selected>北本市</option>' in html
    assert f'<option value="{plan}" selected>地域福祉計画</option>' in html
    elderly = f"city={city}&amp;plan={many.elderly.pk}"
    assert f'<a href="?{query}&amp;year=2023&amp;{elderly}">北本市 高齢者福祉計画 3件</a>' in html
    assert 'aria-current="true">北本市 地域福祉計画 4件</a>' in html
    assert f'<a href="?{query}&amp;year=2023">すべての自治体・計画で探す</a>' in html


def test_a_hit_names_the_department_as_it_was_called_that_year(client: Client, many: ManyPlans) -> None:
    department = many.tiny.departments["共生福祉課"]
    DepartmentNameChange.objects.create(department=department, fiscal_year=2024, previous_name="地域支援課")
    rebuild_search_index(many.tiny.plan)
    html = search_page(client, q="地域支援課")
    assert "1件見つかりました" in html
    assert "<dd><mark>地域支援課</mark></dd>" in html


def test_the_number_of_queries_does_not_grow_with_hits_cities_or_plans(
    client: Client, tiny: TinyPlan
) -> None:
    def queries(**params: object) -> int:
        with CaptureQueriesContext(connection) as captured:
            search_page(client, **params)
        return len(captured)

    one_plan = queries(q="福祉")
    many = build_many_plans(tiny)
    several = queries(q="福祉")
    assert queries(q="籍") == queries(q="民生委員") == queries(q="講座") == several <= one_plan
    # Down to one plan, the form lists its nodes and its city's departments again; a city chosen is
    # looked up first (its prefecture decides which cities the form offers).
    assert queries(q="福祉", plan=many.elderly.pk) == one_plan
    assert queries(q="福祉", city=many.konosu.pk) == one_plan + 1


def test_no_hit_in_the_chosen_city_offers_to_search_every_city(client: Client, many: ManyPlans) -> None:
    html = search_page(client, q="民生委員", city=many.konosu.pk)
    assert "「民生委員」に一致する記載は見つかりませんでした。" in html
    assert '<a href="?q=%E6%B0%91%E7%94%9F%E5%A7%94%E5%93%A1">すべての自治体・計画で探す</a>' in html
    html = search_page(client, q="民生委員")
    assert facets(html) == ["北本市 2件", "北本市 地域福祉計画 2件", "北本市 高齢者福祉計画 2件"]


def test_a_city_of_several_plans_offers_its_departments_and_asks_for_a_plan_before_its_nodes(
    client: Client, many: ManyPlans
) -> None:
    html = search_page(client, q="福祉", city=many.tiny.municipality.pk)
    assert options(html, "department") == ["すべて", "共生福祉課", "生涯学習課", "社協"]
    assert '<select name="policy"' not in html
    assert "計画を選んで検索すると、施策でも絞り込めます。" in html
    html = search_page(client, q="福祉", city=many.tiny.municipality.pk, plan=many.elderly.pk)
    assert options(html, "policy") == ["すべて", "1-1 介護予防の推進"]
    assert "絞り込めます。" not in html
