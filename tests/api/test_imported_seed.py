"""The API serves the imported seed report as the open-data CSV does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shinchoku.evaluations.models import Entry, Round
from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.services import import_report
from shinchoku.reports.formats.csv import read_csv
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan


@pytest.fixture
def seed_round(db: None, seed_report_path: Path) -> Round:
    import_report(actor=None, path=seed_report_path, target=ImportTarget("北本市", "112330", "地域福祉計画"))
    return Round.objects.get(fiscal_year=2023)


def test_every_entry_of_the_seed_is_served_with_its_rating(client: Client, seed_round: Round) -> None:
    path = f"/api/v1/plans/{seed_round.plan_id}/rounds/2023/entries/?per_page=500"
    rows = json.loads(client.get(path).content)["results"]
    csv_rows = read_csv(get("csv").render(ReportRequest(seed_round)))
    assert [row["project_id"] for row in rows] == [row["事業ID"] for row in csv_rows]
    served = {(row["project_code"], row["department"]): row["rating"] for row in rows}
    for entry in Entry.objects.filter(round=seed_round).select_related("project", "department", "rating"):
        assert served[entry.project.code, entry.department.name] == (
            entry.rating.code if entry.rating else None
        )


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("tail", ["rounds/2023/", "rounds/2023/entries/", "indicators/", "nodes/"])
def test_the_query_count_does_not_grow_with_the_plan(
    client: Client, tiny: TinyPlan, seed_report_path: Path, tail: str
) -> None:
    stored = import_report(
        actor=None, path=seed_report_path, target=ImportTarget("北本市", "112330", "地域福祉計画")
    )
    small = queries(client, f"/api/v1/plans/{tiny.plan.pk}/{tail}")
    assert queries(client, f"/api/v1/plans/{stored.stored.round.plan_id}/{tail}") == small
