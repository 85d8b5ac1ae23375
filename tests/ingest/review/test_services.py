from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.cli import main
from shinchoku.editions.services import correct_entry, correct_name
from shinchoku.evaluations.models import Entry, Round
from shinchoku.ingest.models import ImportReviewItem, ImportRun
from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.review.services import (
    ReviewError,
    confirm_review_item,
    detect_fixed_items,
)
from shinchoku.ingest.services import import_report, read_report
from shinchoku.plans.editing.tree import node_version, update_node
from shinchoku.plans.models import Municipality
from tests.evaluations.tiny_plan import make_user

pytestmark = pytest.mark.django_db
Status = ImportReviewItem.Status


def _secretariat() -> User:
    return make_user("kitamoto-jimu", Municipality.objects.get(code="112330"), role=User.Role.SECRETARIAT)


def test_the_import_creates_one_item_per_item_the_dry_run_lists_in_the_same_order(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    dry_run = read_report(seed_report_path).all_review_items()
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    items = _items()
    assert [(item.line, item.field, item.message) for item in items] == [
        (found.line, found.field, found.message) for _, found in dry_run
    ]
    assert {item.status for item in items} == {Status.OPEN}


def _items() -> list[ImportReviewItem]:
    return list(ImportReviewItem.objects.order_by("run_id", "position"))


def test_the_command_line_dry_run_counts_what_the_import_stores(
    seed_report_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-report", str(seed_report_path), "--dry-run", "--format", "json"]) == 0
    counted = json.loads(capsys.readouterr().out)["counts"]["needs_review"]
    target = ["--municipality", "北本市", "--code", "112330", "--plan", "地域福祉計画"]
    assert main(["import-report", str(seed_report_path), *target]) == 0
    out = capsys.readouterr().out
    assert f"要確認 {counted} 件" in out
    assert ImportReviewItem.objects.count() == counted == len(ImportRun.objects.get().needs_review)
    desk = f"(/staff/imports/{ImportRun.objects.get().pk}/)"
    assert f"未対応の要確認 {counted} 件は、職員サイトの「取込の要確認」{desk}" in out


def test_a_cross_listing_linked_by_its_name_is_flagged_in_the_dry_run_too(seed_report_path: Path) -> None:
    fields = [item.field for _, item in read_report(seed_report_path).all_review_items()]
    assert "relisted" in fields


def test_each_item_names_what_it_concerns(seed_report_path: Path, kitamoto: ImportTarget) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    empty_name = ImportReviewItem.objects.filter(field="name", raw="").first()
    assert empty_name is not None
    assert empty_name.node is not None
    assert (empty_name.kind, empty_name.target, empty_name.imported) == (
        "name",
        "title",
        empty_name.node.title,
    )
    owners = ImportReviewItem.objects.filter(field="owners").first()
    assert owners is not None
    assert owners.kind == "owners"
    assert isinstance(owners.imported, list)
    assert set(ImportReviewItem.objects.values_list("kind", flat=True)) >= {
        "name",
        "owners",
        "rating",
        "text",
        "relisted",
        "indicators",
        "structure",
    }


def _rename_in_editor(jimu: User, item: ImportReviewItem, title: str) -> None:
    node = item.node
    assert node is not None
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


def _empty_name_item() -> ImportReviewItem:
    item = ImportReviewItem.objects.filter(field="name", raw="").select_related("node", "run").first()
    assert item is not None
    assert item.node is not None
    return item


def test_a_published_years_name_is_fixed_by_its_correction_with_an_audit_entry_not_by_the_editor(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    jimu = _secretariat()
    item = _empty_name_item()
    _rename_in_editor(jimu, item, "地域の見守り活動")  # changes later years only
    assert detect_fixed_items(jimu, item.run_id) == []
    assert not AuditEntry.objects.filter(action="detect_fixed_review_items").exists()
    assert item.node is not None
    correct_name(
        jimu,
        item.run.round_id,
        kind="node",
        target_id=item.node.pk,
        values={"title": "地域の見守り活動"},
        expected={"title": item.imported},
        reason="報告書の事業名が空欄だったため、原本で確認して訂正",
    )

    found = detect_fixed_items(jimu, item.run_id)

    assert [fixed.pk for fixed in found] == [item.pk]
    item.refresh_from_db()
    assert item.status == Status.FIXED
    assert AuditEntry.objects.filter(action="detect_fixed_review_items").count() == 1
    assert detect_fixed_items(jimu, item.run_id) == []  # nothing new: nothing recorded
    assert AuditEntry.objects.filter(action="detect_fixed_review_items").count() == 1


def test_a_name_of_a_year_not_yet_published_is_fixed_in_the_plan_editor(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    Round.objects.update(state=Round.State.CLOSED)
    jimu = _secretariat()
    item = _empty_name_item()
    _rename_in_editor(jimu, item, "地域の見守り活動")

    found = detect_fixed_items(jimu, item.run_id)

    assert [fixed.pk for fixed in found] == [item.pk]


def test_confirming_an_item_needs_a_note_and_is_audited(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    jimu = _secretariat()
    item = ImportReviewItem.objects.filter(kind="rating").first()
    assert item is not None
    with pytest.raises(ReviewError, match="確認メモ"):
        confirm_review_item(jimu, item.pk, " \u202e ")
    confirmed = confirm_review_item(jimu, item.pk, "原本のPDFで B と確認した")
    assert (confirmed.status, confirmed.note, confirmed.resolved_by) == (
        Status.CONFIRMED,
        "原本のPDFで B と確認した",
        jimu,
    )
    assert AuditEntry.objects.get(action="confirm_review_item").actor == jimu
    with pytest.raises(ReviewError, match="確認済み"):
        confirm_review_item(jimu, item.pk, "もう一度")


def test_only_the_plans_secretariat_may_confirm_or_detect(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    city = Municipality.objects.get(code="112330")
    editor = make_user("kitamoto-editor", city, role=User.Role.EDITOR)
    other = make_user(
        "ageo-jimu", Municipality.objects.create(name="上尾市", code="112194"), role=User.Role.SECRETARIAT
    )
    item = ImportReviewItem.objects.first()
    assert item is not None
    for user in (editor, other):
        with pytest.raises(PermissionDenied):
            confirm_review_item(user, item.pk, "確認")
        with pytest.raises(PermissionDenied):
            detect_fixed_items(user, item.run_id)
    item.refresh_from_db()
    assert item.status == Status.OPEN


def test_a_re_import_carries_worked_off_items_and_keeps_the_open_ones_open(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    jimu = _secretariat()
    first = ImportRun.objects.get()
    confirmed = first.items.filter(kind="rating").first()
    assert confirmed is not None
    confirm_review_item(jimu, confirmed.pk, "原本で確認")
    second = import_report(actor=None, path=seed_report_path, target=kitamoto).run
    assert second.items.count() == first.items.count()
    carried = second.items.get(position=confirmed.position)
    assert carried.status == Status.CONFIRMED
    assert carried.note.startswith("前回の取込")
    assert carried.note.endswith("原本で確認")
    assert second.items.filter(status=Status.OPEN).count() == first.items.count() - 1


def test_a_published_text_of_several_departments_is_fixed_by_correcting_one_of_their_entries(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    jimu = _secretariat()
    item = ImportReviewItem.objects.filter(
        entry__isnull=True, node__isnull=False, target="next_year_goal"
    ).first()
    assert item is not None
    entries = list(Entry.objects.filter(round=item.run.round, project_id=item.node_id).order_by("pk"))
    assert len(entries) > 1
    other = ImportReviewItem.objects.filter(entry__isnull=True, node__isnull=False, target="reason").first()
    assert other is not None

    correct_entry(
        jimu,
        entries[-1].pk,
        {"next_year_goal": "原本のPDFで確認した次年度の目標"},
        "取込のときに本文の一部を読み取れなかったため訂正",
        version=entries[-1].version,
    )

    assert [fixed.pk for fixed in detect_fixed_items(jimu, item.run_id)] == [item.pk]
    other.refresh_from_db()
    assert other.status == Status.OPEN  # another field of another project: still open
