"""The staff site under /staff/: signed-in users only, every round of their municipality, with
rounds that are not published yet clearly marked 「公表前」."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import NodeEvaluation
from tests.evaluations.tiny_plan import TinyPlan, make_user


def staff_urls(tiny: TinyPlan) -> list[str]:
    plan = tiny.plan.pk
    return [
        reverse("web:home"),
        reverse("web:plan", args=[plan]),
        reverse("web:dashboard", args=[plan]),
        reverse("web:node", args=[plan, tiny.goal.pk]),
        reverse("web:node", args=[plan, tiny.policy.pk]),
        reverse("web:project", args=[plan, tiny.single.pk]),
        reverse("web:department", args=[plan, tiny.departments["社協"].pk]),
    ]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_staff_page_lives_under_staff(tiny: TinyPlan) -> None:
    assert all(url.startswith("/staff/") for url in staff_urls(tiny))


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, tiny: TinyPlan) -> None:
    login = reverse(settings.LOGIN_URL)
    for url in staff_urls(tiny):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{login}?next={url}", url


def test_login_and_logout_stay_at_the_top(db: None) -> None:
    assert reverse("web:login") == "/login/"
    assert reverse("web:logout") == "/logout/"


def test_staff_of_the_municipality_see_every_round_with_a_draft_notice(
    staff_client: Client, tiny: TinyPlan
) -> None:
    for url in staff_urls(tiny)[1:3]:
        text = _text(staff_client.get(url).content.decode())
        assert "令和6年度(2024年度)" in text, url
        assert "公表前 この年度は「照会中」です。" in text, url


def test_a_published_year_has_no_draft_notice(staff_client: Client, tiny: TinyPlan) -> None:
    html = staff_client.get(reverse("web:plan", args=[tiny.plan.pk]), {"year": 2023}).content.decode()

    assert "notice--draft" not in html


def test_staff_read_the_internal_comment_of_the_round_being_collected(
    staff_client: Client, tiny: TinyPlan
) -> None:
    NodeEvaluation.objects.create(
        round=tiny.collecting, node=tiny.policy, rule="manual", comment="内部メモ: 確認中"
    )
    url = reverse("web:node", args=[tiny.plan.pk, tiny.policy.pk])

    assert "内部メモ: 確認中" in staff_client.get(url, {"year": 2024}).content.decode()


def test_staff_pages_link_within_the_staff_site_and_name_the_user(
    staff_client: Client, tiny: TinyPlan
) -> None:
    html = staff_client.get(reverse("web:plan", args=[tiny.plan.pk])).content.decode()

    assert f'href="{reverse("web:node", args=[tiny.plan.pk, tiny.policy.pk])}' in html
    assert f'href="{reverse("public:node", args=[tiny.plan.pk, tiny.policy.pk])}' not in html
    assert "共生 花子 さん" in _text(html)
    assert "職員用" in _text(html)


def test_staff_of_another_municipality_see_published_rounds_only(
    client: Client, tiny: TinyPlan, other_staff: User
) -> None:
    client.force_login(other_staff)

    for url in staff_urls(tiny):
        assert "2024年度" not in client.get(url).content.decode(), url


@pytest.mark.usefixtures("city_staff")
def test_signing_in_leads_to_the_staff_site_and_signing_out_to_the_public_one(
    client: Client, tiny: TinyPlan
) -> None:
    response = client.post(reverse("web:login"), {"username": "kyosei", "password": "correct horse battery"})
    assert response["Location"] == reverse("web:home")

    response = client.post(reverse("web:logout"))
    assert response["Location"] == reverse("public:home")


@pytest.mark.parametrize(
    ("department", "sees_the_draft"), [("生涯学習課", True), ("社協", False), (None, False)]
)
def test_a_draft_is_shown_only_to_its_department_and_the_secretariat(
    client: Client, tiny: TinyPlan, department: str | None, sees_the_draft: bool
) -> None:
    # "令和6年度の下書きの進捗" is 生涯学習課's unsubmitted 2024 entry of 1-1-1-1.
    reader = make_user("reader", tiny.municipality, role=User.Role.EDITOR if department else User.Role.VIEWER)
    if department:
        reader.departments.add(tiny.departments[department])
    client.force_login(reader)
    plan = tiny.plan.pk
    pages = [
        reverse("web:node", args=[plan, tiny.policy.pk]) + "?year=2024",
        reverse("web:project", args=[plan, tiny.single.pk]),
    ]
    for url in pages:
        assert ("令和6年度の下書きの進捗" in client.get(url).content.decode()) is sees_the_draft, url
