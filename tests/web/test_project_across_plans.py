"""A project of the next plan period (第4期) shows its whole history across plans: the years of the
project it continues, with that plan's name, then its own; the public page only what is published,
the staff page what the reader may see."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.plans.next_period import build_next_period


def _rows(html: str) -> list[str]:
    """The year cells of the table across plans, in order."""
    table = html.split('id="across-plans-title"', 1)[1].split("</table>", 1)[0]
    return [cell.split("</th>", 1)[0] for cell in table.split('<th scope="row">')[1:]]


def test_the_public_page_shows_the_published_years_of_the_earlier_plan_then_its_own(
    tiny: TinyPlan, client: Client
) -> None:
    later = build_next_period(tiny)

    html = client.get(reverse("public:project", args=[later.plan.pk, later.project.pk])).content.decode()

    assert "前期計画からの評価の推移" in html
    assert "「北本市地域福祉計画」の「" in html
    assert reverse("public:project", args=[tiny.plan.pk, tiny.single.pk]) in html
    rows = _rows(html)
    assert [row.split("<", 1)[0].strip() for row in rows] == ["令和5年度(2023年度)", "令和9年度(2027年度)"]
    table = html.split('id="across-plans-title"', 1)[1].split("</table>", 1)[0]
    assert table.index("北本市地域福祉計画") < table.index("第4期北本市地域福祉計画")
    assert "1-1-1-1 福祉教育" in table


def test_the_staff_page_adds_the_unpublished_year_the_reader_may_see(
    tiny: TinyPlan, people: People, client_for: Callable[[User], Client]
) -> None:
    later = build_next_period(tiny)

    html = (
        client_for(people.secretariat)
        .get(reverse("web:project", args=[later.plan.pk, later.project.pk]))
        .content.decode()
    )

    years = [row.split("<", 1)[0].strip() for row in _rows(html)]
    assert years == ["令和5年度(2023年度)", "令和6年度(2024年度)", "令和9年度(2027年度)"]
    assert "公表前" in _rows(html)[1]


def test_a_project_that_continues_nothing_shows_no_table_across_plans(tiny: TinyPlan, client: Client) -> None:
    later = build_next_period(tiny, linked=False)

    html = client.get(reverse("public:project", args=[later.plan.pk, later.project.pk])).content.decode()

    assert "前期計画からの評価の推移" not in html


def test_a_chain_of_three_plans_shows_every_earlier_period_oldest_first(
    tiny: TinyPlan, client: Client
) -> None:
    later = build_next_period(tiny)
    third = build_next_period(tiny, title="第5期北本市地域福祉計画", first_year=2032, continues=later.project)

    html = client.get(reverse("public:project", args=[third.plan.pk, third.project.pk])).content.decode()

    years = [row.split("<", 1)[0].strip() for row in _rows(html)]
    assert years == ["令和5年度(2023年度)", "令和9年度(2027年度)", "令和14年度(2032年度)"]


def test_a_project_ended_mid_plan_says_until_when_it_is_evaluated(tiny: TinyPlan, client: Client) -> None:
    tiny.single.last_year = 2024
    tiny.single.save()

    html = client.get(reverse("public:project", args=[tiny.plan.pk, tiny.single.pk])).content.decode()

    assert "<dt>評価する年度</dt><dd>令和6年度まで</dd>" in html
    other = client.get(reverse("public:project", args=[tiny.plan.pk, tiny.unrated.pk])).content.decode()
    assert "評価する年度" not in other


def test_the_earlier_project_links_to_the_project_of_the_next_plan_that_continues_it(
    tiny: TinyPlan, client: Client
) -> None:
    later = build_next_period(tiny)

    html = client.get(reverse("public:project", args=[tiny.plan.pk, tiny.single.pk])).content.decode()

    link = reverse("public:project", args=[later.plan.pk, later.project.pk])
    assert (
        f'「第4期北本市地域福祉計画」の「<a href="{link}">1-1-1 継続する福祉教育</a>」に引き継がれています'
        in html
    )
