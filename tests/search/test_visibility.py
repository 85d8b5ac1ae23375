"""The public search shows published years only: no unpublished round, in any state, reaches a
visitor's hits, year choices or counts, and a year taken back from publication leaves the search
at once, even where the page was stored in the page cache."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.services.rounds import reopen_round
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.search.many_plans import ManyPlans

pytestmark = pytest.mark.django_db


def search_page(client: Client, **params: object) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def year_options(html: str) -> list[str]:
    select = re.search(r'<select name="year".*?</select>', html, re.S)
    assert select
    return re.findall(r"<option [^>]*>(.*?)</option>", select.group())


@pytest.mark.parametrize(
    "state", [Round.State.PREPARING, Round.State.COLLECTING, Round.State.REVIEW, Round.State.CLOSED]
)
def test_no_unpublished_round_reaches_a_visitor_whatever_its_state(
    client: Client, tiny: TinyPlan, state: Round.State
) -> None:
    Round.objects.filter(pk=tiny.collecting.pk).update(state=state)
    for params in ({}, {"year": 2024}, {"city": tiny.municipality.pk}, {"plan": tiny.plan.pk}):
        html = search_page(client, q="下書き", **params)
        assert "見つかりませんでした" in html
        assert "令和6年度の下書き" not in html
        assert "自治体・計画ごとの件数" not in html
    assert year_options(search_page(client, q="福祉")) == ["すべて", "令和5年度(2023年度)"]


def test_a_year_taken_back_from_publication_leaves_the_public_search_at_once(
    client: Client, tiny: TinyPlan
) -> None:
    assert "1件見つかりました" in search_page(client, q="籍")  # now stored in the page cache
    secretariat = make_user("kyosei", tiny.municipality, role=User.Role.SECRETARIAT)
    reopen_round(secretariat, tiny.published.pk, reason="評価の記号を確認するため")

    html = search_page(client, q="籍")
    assert "見つかりませんでした" in html
    assert year_options(html) == ["すべて"]
    assert "支援<mark>籍</mark>学習" not in search_page(client, q="籍", year=2023)


def test_a_shared_project_loses_the_plan_whose_year_is_taken_back(client: Client, many: ManyPlans) -> None:
    assert "高齢者福祉計画 1-1-2" in search_page(client, q="民生委員")
    secretariat = make_user("kyosei", many.tiny.municipality, role=User.Role.SECRETARIAT)
    reopen_round(secretariat, many.elderly_round.pk, reason="見直しのため")

    html = search_page(client, q="民生委員")
    assert "2件見つかりました" in html
    assert "高齢者福祉計画" not in html
    assert "高齢者福祉計画" not in search_page(client, q="民生委員", plan=many.elderly.pk)
