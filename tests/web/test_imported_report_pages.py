"""The pages of a report imported from the seed read like the published one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.services import import_report
from shinchoku.plans.models import PlanNode

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_seed(seed_report_path: Path) -> None:
    import_report(actor=None, path=seed_report_path, target=ImportTarget("北本市", "112330", "地域福祉計画"))


def row_of(html: str, project_name: str) -> str:
    """The table row whose name cell holds ``project_name``."""
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.DOTALL)
    return next(row for row in rows if f">{project_name}</a>" in row)


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_policy_1_3_page_shows_the_three_department_ratings_of_the_shared_project(
    imported_seed: None, client: Client
) -> None:
    policy = PlanNode.objects.get(code="1-3")
    response = client.get(reverse("public:node", args=[policy.plan_id, policy.pk]), {"year": 2023})
    assert response.status_code == 200
    row = visible_text(row_of(response.content.decode(), "地域資源を活かした情報の発信"))
    assert "共生福祉課 B" in row
    assert "市長公室 B" in row
    assert "社協 A" in row


def test_the_policy_page_shows_the_published_policy_rating_and_the_report_columns(
    imported_seed: None, client: Client
) -> None:
    policy = PlanNode.objects.get(code="1-3")
    text = visible_text(client.get(reverse("public:node", args=[policy.plan_id, policy.pk])).content.decode())
    assert "この施策の評価: B" in text
    for header in ("事業名", "計画最終年度までの目標", "令和5年度の進捗状況", "令和6年度の目標", "事業主体"):
        assert header in text


def test_the_project_page_of_an_imported_project_shows_its_year_and_departments(
    imported_seed: None, client: Client
) -> None:
    project = PlanNode.objects.get(title="街頭活動")
    text = visible_text(
        client.get(reverse("public:project", args=[project.plan_id, project.pk])).content.decode()
    )
    assert "令和5年度(2023年度)" in text
    for department in ("共生福祉課", "人権推進課", "健康づくり課"):
        assert department in text
