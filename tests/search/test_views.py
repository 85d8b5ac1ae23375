"""The search page: messages, count line, result rows, safe highlighting, filters and paging."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.evaluations.models import Entry
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.search.conftest import edit_entry

pytestmark = pytest.mark.django_db


def search_page(client: Client, **params: object) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_an_empty_query_asks_for_a_word(client: Client, tiny: TinyPlan) -> None:
    assert "検索する語を入力してください。" in search_page(client)
    assert "検索する語を入力してください。" in search_page(client, q=" ")


def test_no_result_says_so_with_the_query(client: Client, tiny: TinyPlan) -> None:
    assert "「成年後見」に一致する記載は見つかりませんでした。" in search_page(client, q="成年後見")


def test_results_show_count_project_link_year_department_rating_and_snippet(
    client: Client, tiny: TinyPlan
) -> None:
    html = search_page(client, q="籍")
    assert "1件見つかりました" in html
    assert f'<a href="/plans/{tiny.plan.pk}/projects/{tiny.single.pk}/">1-1-1-1 福祉教育</a>' in html
    assert "令和5年度(2023年度)" in html
    assert "<dd>生涯学習課</dd>" in html
    assert "<dd>A</dd>" in html
    assert "支援<mark>籍</mark>学習を実施した。" in html


def test_matches_in_the_title_and_department_are_marked(client: Client, tiny: TinyPlan) -> None:
    html = search_page(client, q="福祉", department=tiny.departments["共生福祉課"].pk)
    assert "<dd>共生<mark>福祉</mark>課</dd>" in html


def test_highlighting_escapes_the_entry_text(client: Client, tiny: TinyPlan) -> None:
    edit_entry(Entry.objects.get(project=tiny.unrated), reason='<img src=x onerror="alert(1)">成年後見')
    html = search_page(client, q="後見")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;成年<mark>後見</mark>" in html
    assert "<img src=x" not in html


def test_a_full_width_query_highlights_half_width_text(client: Client, tiny: TinyPlan) -> None:
    edit_entry(Entry.objects.get(project=tiny.unrated), reason="YOUNG carer(ﾔﾝｸﾞｹｱﾗｰ)")
    html = search_page(client, q="ＹＯＵＮＧ ｹｱﾗｰ")
    assert "<mark>YOUNG</mark> carer(ﾔﾝｸﾞ<mark>ｹｱﾗｰ</mark>)" in html


def test_the_filter_form_is_labelled_in_japanese_with_readable_choices(
    client: Client, tiny: TinyPlan
) -> None:
    html = search_page(client, q="福祉")
    for label in ("検索する語", "年度", "施策", "担当課", "評価"):
        assert f">{label}</label>" in html
    assert '<option value="2023">令和5年度(2023年度)</option>' in html
    assert "令和6年度" not in html  # the unpublished round is not even a choice for visitors
    assert f'<option value="{tiny.policy.pk}">1-1 福祉の心を育む学習機会の充実</option>' in html


def test_staff_see_unpublished_entries_marked_as_such(client: Client, city_staff: User) -> None:
    client.force_login(city_staff)
    html = search_page(client, q="下書き")
    assert "1件見つかりました" in html
    assert "照会中(公表前)" in html


def test_a_department_finds_its_own_draft_but_not_another_departments(client: Client, tiny: TinyPlan) -> None:
    # The draft "令和6年度の下書きの進捗" is 生涯学習課's.
    own = make_user("shogai", tiny.municipality, role=User.Role.EDITOR)
    own.departments.add(tiny.departments["生涯学習課"])
    other = make_user("shakyo", tiny.municipality, role=User.Role.EDITOR)
    other.departments.add(tiny.departments["社協"])

    client.force_login(own)
    assert "1件見つかりました" in search_page(client, q="下書き")
    client.force_login(other)
    assert "見つかりませんでした" in search_page(client, q="下書き")


def test_visitors_do_not_see_unpublished_entries(client: Client, tiny: TinyPlan) -> None:
    assert "見つかりませんでした" in search_page(client, q="下書き")


def test_a_filter_value_that_is_not_a_choice_is_reported_and_ignored(client: Client, tiny: TinyPlan) -> None:
    html = search_page(client, q="福祉", year=2024)
    assert "正しく選択してください" in html
    assert "4件見つかりました" in html


def test_results_are_paged_keeping_the_query(
    client: Client, tiny: TinyPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shinchoku.search.views.PER_PAGE", 3)
    html = search_page(client, q="福祉", page=2)
    assert "4件見つかりました(4〜4件目を表示)" in html
    assert 'href="?q=%E7%A6%8F%E7%A5%89&amp;page=1" rel="prev"' in html
    assert '<span aria-current="page">2 / 2ページ</span>' in html


def test_the_number_of_queries_does_not_grow_with_the_results(client: Client, tiny: TinyPlan) -> None:
    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            search_page(client, q=query)
        return len(captured)

    assert queries("籍") == queries("福祉") == queries("民生委員")


def test_signed_in_staff_get_the_staff_sites_header_and_links(client: Client, city_staff: User) -> None:
    assert "職員ログイン" in search_page(client, q="籍")

    client.force_login(city_staff)
    html = search_page(client, q="籍")
    assert "共生 花子 さん" in html
    assert 'class="site-name__audience">職員用' in html
    assert 'href="/staff/"' in html
    assert "/staff/plans/" in html
    assert 'href="/plans/' not in html


def test_a_stored_search_is_never_shown_to_another_audience(client: Client, city_staff: User) -> None:
    record(actor=None, action="test_change", target=city_staff, summary="変更")
    client.force_login(city_staff)
    assert "1件見つかりました" in search_page(client, q="下書き")
    client.logout()

    html = search_page(client, q="下書き")
    assert "見つかりませんでした" in html
    assert "共生 花子" not in html
