"""Re-importing a report after people corrected what the first import read (issue 13, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.accounts.models import User
from shinchoku.cli import main
from shinchoku.evaluations.models import Entry
from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.services import import_report
from shinchoku.plans.editing.tree import node_version, update_node
from shinchoku.plans.models import Department, DepartmentNameChange, Municipality, PlanNode, RatingCode
from tests.evaluations.tiny_plan import make_user
from tests.ingest.conftest import snapshot_domain_tables

pytestmark = pytest.mark.django_db
GARBLED = "1 TATO TAVE / 1 PULL 7-2011"
FIXED = "アクティブシニア地域デビュー講座"
KITAMOTO = ["--municipality", "北本市", "--code", "112330", "--plan", "地域福祉計画"]


def _rename(node: PlanNode, title: str) -> None:
    jimu = User.objects.filter(username="kitamoto-jimu").first() or make_user(
        "kitamoto-jimu", Municipality.objects.get(code="112330"), role=User.Role.SECRETARIAT
    )
    update_node(
        jimu,
        node.plan_id,
        node.pk,
        code=node.code,
        title=title,
        description=node.description,
        final_target=node.final_target,
        seen=node_version(node),
    )


def _newer_file(seed_report_path: Path, tmp_path: Path, name: str) -> Path:
    newer = tmp_path / "report-newer.txt"
    text = seed_report_path.read_text(encoding="utf-8")
    assert text.count(GARBLED) == 1
    newer.write_text(text.replace(GARBLED, name), encoding="utf-8")
    return newer


def test_a_re_import_keeps_a_corrected_name_and_rating_and_changes_nothing(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    node = PlanNode.objects.get(title=GARBLED)
    _rename(node, FIXED)
    entry = (
        Entry.objects.filter(rating__isnull=False, project__plan=node.plan).select_related("rating").first()
    )
    assert entry is not None
    other = RatingCode.objects.filter(scale=node.plan.rating_scale).exclude(pk=entry.rating_id).first()
    Entry.objects.filter(pk=entry.pk).update(rating=other)  # as a 訂正 of the published entry does
    before = snapshot_domain_tables()

    outcome = import_report(actor=None, path=seed_report_path, target=kitamoto)

    assert snapshot_domain_tables() == before
    assert not outcome.stored.changed
    kept = {(found.place.line, found.field, found.stored) for found in outcome.stored.kept}
    assert (node_line := next(line for line, field, _ in kept if field == "title"))
    assert kept >= {(node_line, "title", FIXED), (kept_rating_line(outcome), "rating", other.code)}
    assert outcome.stored.conflicts == []
    assert {found.field for found in outcome.stored.kept} == {"title", "rating"}


def kept_rating_line(outcome: object) -> int:
    return next(found.place.line for found in outcome.stored.kept if found.field == "rating")  # type: ignore[attr-defined]


def test_the_command_line_lists_the_corrections_it_kept(
    seed_report_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-report", str(seed_report_path), *KITAMOTO]) == 0
    _rename(PlanNode.objects.get(title=GARBLED), FIXED)
    capsys.readouterr()
    assert main(["import-report", str(seed_report_path), *KITAMOTO]) == 0
    out = capsys.readouterr().out
    assert "データベースの内容は変わりませんでした" in out
    assert "訂正を保持: 112行目 事業" in out
    assert f"名称: 「{FIXED}」のままにしました(ファイルは「{GARBLED}」)" in out


def test_a_newer_file_that_differs_from_both_shows_the_conflict_and_keeps_the_correction(
    seed_report_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-report", str(seed_report_path), *KITAMOTO]) == 0
    node = PlanNode.objects.get(title=GARBLED)
    _rename(node, FIXED)
    newer = _newer_file(seed_report_path, tmp_path, "地域デビュー講座")
    capsys.readouterr()

    assert main(["import-report", str(newer), *KITAMOTO]) == 0
    out = capsys.readouterr().out
    node.refresh_from_db()
    assert node.title == FIXED
    assert "競合: 112行目" in out
    assert "--overwrite-corrections" in out
    assert "ファイル「地域デビュー講座」" in out

    assert main(["import-report", str(newer), *KITAMOTO, "--overwrite-corrections"]) == 0
    node.refresh_from_db()
    assert node.title == "地域デビュー講座"
    assert "ファイルの値で上書きしました" in capsys.readouterr().out


def test_a_newer_file_updates_what_nobody_corrected(
    seed_report_path: Path, tmp_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    node = PlanNode.objects.get(title=GARBLED)
    outcome = import_report(
        actor=None, path=_newer_file(seed_report_path, tmp_path, "地域デビュー講座"), target=kitamoto
    )
    node.refresh_from_db()
    assert node.title == "地域デビュー講座"
    assert (outcome.stored.kept, outcome.stored.conflicts) == ([], [])
    assert outcome.stored.updated["node"] == 1


def test_a_department_renamed_from_a_later_year_is_found_by_its_old_name_on_re_import(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    department = Department.objects.get(name="共生福祉課")
    department.name = "地域共生課"
    department.save()
    DepartmentNameChange.objects.create(department=department, fiscal_year=2024, previous_name="共生福祉課")
    before = snapshot_domain_tables()

    outcome = import_report(actor=None, path=seed_report_path, target=kitamoto)

    assert snapshot_domain_tables() == before
    assert not Department.objects.filter(name="共生福祉課").exists()
    assert (outcome.stored.kept, outcome.stored.conflicts) == ([], [])
