from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from shinchoku.ingest.report_text.commit import ImportTarget

# Tables whose rows make up the imported data (the import log and audit trail grow by design).
DOMAIN_MODELS = (
    "plans.Municipality",
    "plans.Department",
    "plans.RatingScale",
    "plans.RatingCode",
    "plans.Plan",
    "plans.PlanNode",
    "plans.ProjectOwner",
    "plans.Indicator",
    "evaluations.Round",
    "evaluations.Entry",
    "evaluations.NodeEvaluation",
    "evaluations.IndicatorValue",
)


@pytest.fixture
def kitamoto() -> ImportTarget:
    return ImportTarget("北本市", "112330", "地域福祉計画", 2022, 2026)


def snapshot_domain_tables() -> dict[str, list[dict[str, Any]]]:
    """Every row of every domain table, ordered by primary key."""
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in DOMAIN_MODELS}


@pytest.fixture
def unreadable_report(tmp_path: Path) -> Path:
    path = tmp_path / "broken.txt"
    path.write_text("これは報告書ではありません\n単なるメモです\n", encoding="utf-8")
    return path
