"""The README walkthrough's end: the imported 3-level example, published, is shown by the
dashboard, the report and the open data with its own level names (基本方針/施策/事業) and with
counts that keep the non-rating codes (未着手, 評価困難) apart from 未評価.

Multi-department projects are rated by the plan's rule (最も低い評価) when the import closes
their year, so the fully evaluated example year has no 未評価."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.plans.models import Plan
from shinchoku.plans.workbook.apply import import_plan_workbook
from tests.plans.workbook.helpers import example_bytes, make_city

pytestmark = pytest.mark.django_db
ABSENT_LEVELS = ("基本目標", "取組")


@pytest.fixture
def plan() -> Plan:
    make_city()
    import_plan_workbook(None, example_bytes(), "example.xlsx", publish=True)
    return Plan.objects.get()


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _download(client: Client, plan: Plan, key: str) -> bytes:
    url = reverse("reports:download", kwargs={"plan_id": plan.pk, "fiscal_year": 2024, "key": key})
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def test_the_dashboard_uses_the_plans_levels_and_counts_departments_with_the_non_rating_codes_apart(
    client: Client, plan: Plan
) -> None:
    text = _text(client, reverse("public:dashboard", args=[plan.pk]))
    assert "基本方針別の評価" in text
    assert "施策別の評価" in text
    assert "事業 7件(再掲を除く)" in text
    assert "福祉課 0件 (0%) 2件 (67%) 1件 (33%) 0件 (0%) 1件 0件 1件 5件" in text
    assert "高齢介護課 0件 0件 0件 0件 0件 1件 0件 1件" in text
    assert "社会福祉協議会 1件 (33%) 1件 (33%) 1件 (33%) 0件 (0%) 0件 0件 0件 3件" in text
    assert not any(level in text for level in ABSENT_LEVELS)


def test_the_report_has_a_chapter_per_policy_named_by_the_plans_levels(client: Client, plan: Plan) -> None:
    html = _download(client, plan, "html").decode()
    for title in (
        "地域の見守り活動の推進",
        "福祉の担い手づくり",
        "相談支援体制の充実",
        "災害時の支援体制づくり",
    ):
        assert title in html
    assert "施策" in html
    assert not any(level in html for level in ABSENT_LEVELS)


def test_the_open_data_counts_every_project_once_with_the_non_rating_codes_apart(
    client: Client, plan: Plan
) -> None:
    data = json.loads(_download(client, plan, "json"))
    assert data["plan"]["level_labels"] == ["基本方針", "施策", "事業"]
    summary = data["summary"]
    assert summary["projects"] == 7
    counted = (
        sum(summary["counts"].values()) + sum(summary["non_rating_counts"].values()) + summary["unrated"]
    )
    assert counted == 7
    assert set(summary["non_rating_counts"]) == {"未着手", "評価困難"}
    # 1-1-1 (A, B), 1-2-1 (B, A), 1-2-2 (C, A), 2-2-1 (B) by the lowest; 2-1-2 (未着手, 評価困難) by its lead.
    assert summary["counts"] == {"S": 1, "A": 1, "B": 3, "C": 1}
    assert summary["non_rating_counts"] == {"未着手": 1, "評価困難": 0}
    assert summary["unrated"] == 0
    csv = _download(client, plan, "csv").decode("utf-8-sig")
    assert "未着手" in csv
    assert "評価困難" in csv
    assert not any(level in csv for level in ABSENT_LEVELS)
