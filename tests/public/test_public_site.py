"""The public site shows published rounds only: no drafts, no internal comments, no personal data."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry, NodeEvaluation
from tests.evaluations.tiny_plan import TinyPlan

DRAFT_COMMENT = "内部メモ: 公表前の施策評価コメント"
DRAFT_PROGRESS = "令和6年度の下書きの進捗"


@pytest.fixture
def draft_comment(tiny: TinyPlan) -> NodeEvaluation:
    """An internal comment on the policy in the round still being collected."""
    return NodeEvaluation.objects.create(
        round=tiny.collecting, node=tiny.policy, rating=tiny.codes["C"], rule="manual", comment=DRAFT_COMMENT
    )


def public_urls(tiny: TinyPlan) -> list[str]:
    plan = tiny.plan.pk
    return [
        reverse("public:home"),
        reverse("public:plan", args=[plan]),
        reverse("public:dashboard", args=[plan]),
        reverse("public:node", args=[plan, tiny.goal.pk]),
        reverse("public:node", args=[plan, tiny.policy.pk]),
        reverse("public:node", args=[plan, tiny.initiatives[0].pk]),
        reverse("public:project", args=[plan, tiny.single.pk]),
        reverse("public:project", args=[plan, tiny.shared.pk]),
        *(reverse("public:department", args=[plan, d.pk]) for d in tiny.departments.values()),
    ]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.usefixtures("draft_comment")
def test_no_public_page_shows_the_round_being_collected_or_its_comment(
    client: Client, tiny: TinyPlan
) -> None:
    for url in public_urls(tiny):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "2024年度" not in html, url
        assert "照会中" not in html, url
        assert "公表前" not in html, url
        assert DRAFT_COMMENT not in html, url
        assert DRAFT_PROGRESS not in html, url


@pytest.mark.usefixtures("draft_comment")
def test_the_unpublished_year_is_not_found_on_any_public_page(client: Client, tiny: TinyPlan) -> None:
    plan = tiny.plan.pk
    for name, args in [
        ("public:plan", [plan]),
        ("public:dashboard", [plan]),
        ("public:node", [plan, tiny.policy.pk]),
    ]:
        assert client.get(reverse(name, args=args), {"year": 2024}).status_code == 404, name


@pytest.mark.usefixtures("draft_comment")
def test_signed_in_staff_still_see_only_published_rounds_and_no_names_on_the_public_site(
    client: Client, tiny: TinyPlan, city_staff: User
) -> None:
    client.force_login(city_staff)

    for url in public_urls(tiny):
        html = client.get(url).content.decode()
        assert "2024年度" not in html, url
        assert DRAFT_COMMENT not in html, url
        assert "共生 花子" not in html, url
        assert city_staff.username not in _text(html), url
    assert "職員用の画面へ" in client.get(reverse("public:home")).content.decode()


def test_the_published_comment_of_the_published_round_is_shown(client: Client, tiny: TinyPlan) -> None:
    html = client.get(reverse("public:node", args=[tiny.plan.pk, tiny.policy.pk])).content.decode()

    assert "おおむね順調に推移している。" in html


def test_a_department_page_lists_no_missing_entries_to_the_public(client: Client, tiny: TinyPlan) -> None:
    Entry.objects.filter(round=tiny.collecting).delete()
    url = reverse("public:department", args=[tiny.plan.pk, tiny.departments["社協"].pk])

    text = _text(client.get(url).content.decode())

    assert "未記入" not in text
    assert "未提出" not in text


def test_public_pages_link_within_the_public_site(client: Client, tiny: TinyPlan) -> None:
    for url in public_urls(tiny):
        html = client.get(url).content.decode()
        assert 'href="/staff/' not in html, url
