"""A target printed once for a project of several departments is the whole project's: stored on
the project, not credited to the first department, and printed without a 【課名】 label."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.evaluations.models import Entry, Round
from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.report_text.document import ParsedProject
from shinchoku.ingest.report_text.parse import parse_report, read_report_file
from shinchoku.ingest.services import import_report
from shinchoku.plans.models import PlanNode
from shinchoku.reports.content import build_report_content


@pytest.fixture
def seed_round(db: None, seed_report_path: Path) -> Round:
    import_report(actor=None, path=seed_report_path, target=ImportTarget("北本市", "112330", "地域福祉計画"))
    return Round.objects.get(fiscal_year=2023)


def _printed_once(seed_report_path: Path) -> list[ParsedProject]:
    """The seed's projects of several departments whose final target names no department."""
    report = parse_report(read_report_file(seed_report_path), file_name=seed_report_path.name)
    return [
        project
        for project in report.projects
        if len(project.owners) > 1
        and not project.relisted
        and project.final_target
        and all(block.department is None for block in project.final_target)
    ]


def test_the_seeds_targets_printed_once_are_stored_on_their_projects(
    seed_round: Round, seed_report_path: Path
) -> None:
    printed_once = _printed_once(seed_report_path)
    assert len(printed_once) == 14
    stored = PlanNode.objects.filter(plan=seed_round.plan).exclude(final_target="")
    assert stored.count() == 14
    for node in stored:
        assert node.ownerships.count() > 1
        assert not Entry.objects.filter(round=seed_round, project=node).exclude(final_target="").exists()


def test_the_report_prints_them_without_a_department_label(seed_round: Round) -> None:
    content = build_report_content(seed_round)
    stored = {
        node.code: node.final_target
        for node in PlanNode.objects.filter(plan=seed_round.plan).exclude(final_target="")
    }
    rows = [row for policy in content.policies for section in policy.sections for row in section.rows]
    targets = {row.code: row.final_target for row in rows if row.code in stored}
    assert len(targets) == 14
    for code, cell in targets.items():
        assert [(part.department, part.text) for part in cell] == [(None, stored[code])]
