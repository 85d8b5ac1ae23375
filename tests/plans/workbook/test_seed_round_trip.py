"""The seed report's plan (北本市, 4 levels, 109 projects, cross-listings, several departments),
imported from the published report, round-trips through its plan workbook unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.services import import_report
from shinchoku.plans.workbook.apply import import_plan_workbook
from shinchoku.plans.workbook.export import export_plan_workbook
from shinchoku.plans.workbook.read import read_plan_workbook


@pytest.mark.django_db
def test_the_seed_plan_round_trips_through_its_workbook_without_a_change(seed_report_path: Path) -> None:
    target = ImportTarget("北本市", "112330", "地域福祉計画", 2022, 2026)
    plan = import_report(actor=None, path=seed_report_path, target=target).stored.round.plan
    data = export_plan_workbook(None, plan)
    document = read_plan_workbook(data, "seed.xlsx")
    assert len([node for node in document.nodes if node.level == plan.project_level]) >= 109
    assert any(node.listing_of for node in document.nodes)
    audits = AuditEntry.objects.count()
    outcome = import_plan_workbook(None, data, "seed.xlsx")
    assert outcome.changes == []
    assert AuditEntry.objects.count() == audits
