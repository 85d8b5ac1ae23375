"""The department page: its projects, its ratings per year and (staff only) what it still owes."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from shinchoku.plans.models import Department, Municipality
from tests.evaluations.tiny_plan import TinyPlan


def department_url(tiny: TinyPlan, name: str, site: str = "public") -> str:
    return reverse(f"{site}:department", args=[tiny.plan.pk, tiny.departments[name].pk])


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_lists_the_departments_projects_with_their_ratings_per_year(
    client: Client, tiny: TinyPlan
) -> None:
    text = _text(client.get(department_url(tiny, "社協")).content.decode())

    assert "社協" in text
    assert "担当する事業 2件" in text
    assert re.search(r"1-1-1-2 地域資源を活かした情報の発信 .*共同 \(ほかに 共生福祉課 \) A", text)
    assert re.search(r"1-1-2-1 福祉協力校設置 .*主担当 未評価", text)
    assert "令和5年度(2023年度)" in text


def test_staff_see_the_entries_still_missing_in_the_round_being_collected(
    staff_client: Client, tiny: TinyPlan
) -> None:
    text = _text(staff_client.get(department_url(tiny, "社協", "web")).content.decode())

    assert "公表前の年度で未記入の事業" in text
    assert "令和6年度(2024年度) 照会中 1-1-1-2 地域資源を活かした情報の発信 未提出" in text


def test_project_and_policy_pages_link_to_the_departments(client: Client, tiny: TinyPlan) -> None:
    url = department_url(tiny, "共生福祉課")
    project = client.get(reverse("public:project", args=[tiny.plan.pk, tiny.shared.pk])).content.decode()
    policy = client.get(reverse("public:node", args=[tiny.plan.pk, tiny.policy.pk])).content.decode()

    assert f'href="{url}"' in project
    assert f'href="{url}"' in policy


def test_a_department_of_another_municipality_is_not_found(client: Client, tiny: TinyPlan) -> None:
    other = Municipality.objects.create(name="鴻巣市", code="112178")
    stranger = Department.objects.create(municipality=other, name="福祉課")

    assert client.get(reverse("public:department", args=[tiny.plan.pk, stranger.pk])).status_code == 404
