from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.ingest.models import ImportRun
from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.report_text.document import ReportFormatError
from shinchoku.ingest.services import import_report, read_report
from shinchoku.plans.models import Department, Indicator, Plan, PlanNode
from tests.ingest.conftest import snapshot_domain_tables

pytestmark = pytest.mark.django_db


def test_importing_the_seed_stores_a_published_round_with_every_project(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    outcome = import_report(actor=None, path=seed_report_path, target=kitamoto)
    report = outcome.report
    round_ = Round.objects.get()
    assert (round_.fiscal_year, round_.state) == (2023, Round.State.PUBLISHED)
    assert round_.published_at is not None
    assert PlanNode.objects.filter(level=3).count() == len(report.projects)
    assert PlanNode.objects.filter(level=1).count() == len(report.policies) == 13
    assert PlanNode.objects.filter(level=0).count() == 5


def test_importing_the_same_file_twice_leaves_the_database_as_it_was(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    before = snapshot_domain_tables()
    second = import_report(actor=None, path=seed_report_path, target=kitamoto)
    assert snapshot_domain_tables() == before
    assert not second.stored.changed


def test_an_unreadable_file_is_refused_naming_the_line_and_nothing_is_stored(
    unreadable_report: Path, kitamoto: ImportTarget
) -> None:
    with pytest.raises(ReportFormatError, match=r"broken\.txt.*行目"):
        import_report(actor=None, path=unreadable_report, target=kitamoto)
    assert all(rows == [] for rows in snapshot_domain_tables().values())


def test_a_failing_import_leaves_earlier_data_untouched(
    seed_report_path: Path, unreadable_report: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    before = snapshot_domain_tables()
    with pytest.raises(ReportFormatError):
        import_report(actor=None, path=unreadable_report, target=kitamoto)
    assert snapshot_domain_tables() == before


def test_a_user_who_is_not_staff_of_the_municipality_may_not_import(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    viewer = User.objects.create_user("viewer", password="x")
    with pytest.raises(PermissionDenied):
        import_report(actor=viewer, path=seed_report_path, target=kitamoto)
    assert not Round.objects.exists()


def test_the_import_is_audited_and_keeps_its_review_list(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    outcome = import_report(actor=None, path=seed_report_path, target=kitamoto)
    run = ImportRun.objects.get()
    assert run.needs_review == [
        item for item in run.needs_review if {"where", "field", "line", "message"} <= item.keys()
    ]
    assert len(run.needs_review) == len(outcome.report.all_review_items())
    entry = AuditEntry.objects.get(action="import_report")
    assert entry.summary.startswith(f"{seed_report_path.name} を取り込みました")


def test_per_department_ratings_are_stored_on_each_departments_entry(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    project = PlanNode.objects.get(title="地域資源を活かした情報の発信")
    ratings = {
        entry.department.name: entry.rating.code if entry.rating else None
        for entry in Entry.objects.filter(project=project).select_related("department", "rating")
    }
    assert ratings == {"共生福祉課": "B", "市長公室": "B", "社協": "A"}
    assert [owner.department.name for owner in project.ownerships.order_by("position")] == [
        "共生福祉課",
        "市長公室",
        "社協",
    ]


def test_department_texts_under_their_heading_go_to_that_departments_entry(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    project = PlanNode.objects.get(title="街頭活動")
    entries = {entry.department.name: entry for entry in Entry.objects.filter(project=project)}
    assert set(entries) == {"共生福祉課", "人権推進課", "健康づくり課"}
    assert all("【" not in entry.progress for entry in entries.values())


def test_a_single_department_project_keeps_its_rating_on_the_entry(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    entry = Entry.objects.get(project__title="福祉の心を育む交流事業")
    assert entry.rating is not None
    assert entry.rating.code == "C"
    assert entry.department.kind == Department.Kind.EXTERNAL


def test_a_multi_department_project_with_one_printed_rating_is_evaluated_as_published(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    evaluation = NodeEvaluation.objects.get(node__title="各種サポーターの養成")
    assert evaluation.rating is not None
    assert (evaluation.rating.code, evaluation.rule) == ("A", "as_published")


def test_policy_ratings_are_stored_as_published_evaluations(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    evaluation = NodeEvaluation.objects.get(node__code="1-3")
    assert evaluation.rating is not None
    assert evaluation.rating.code == "B"


def test_the_imported_plan_evaluates_its_policies_the_level_the_report_rates(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    plan = Plan.objects.get()
    assert (plan.level_labels, plan.evaluation_level) == (["基本目標", "施策", "取組", "事業"], 1)
    plan.full_clean()
    rated_levels = set(
        NodeEvaluation.objects.filter(node__children__isnull=False).values_list("node__level", flat=True)
    )
    assert rated_levels == {plan.evaluation_level}


def test_a_cross_listing_points_at_the_project_it_repeats(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    listing = PlanNode.objects.get(listing_of__isnull=False, title="高齢者等見守りネットワーク事業")
    assert listing.listing_of is not None
    assert listing.listing_of.title == listing.title == "高齢者等見守りネットワーク事業"
    assert not listing.entries.exists()


def test_indicators_stated_in_target_text_are_stored(seed_report_path: Path, kitamoto: ImportTarget) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    indicator = Indicator.objects.get(node__title="高齢者の通いの場")
    assert (indicator.target_value, indicator.unit) == (68, "箇所")
    assert (indicator.baseline_value, indicator.baseline_year) == (62, 2021)


def test_the_dry_run_reads_without_a_database(
    seed_report_path: Path, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        report = read_report(seed_report_path)
    assert report.fiscal_year == 2023


def test_a_cross_listing_with_a_differently_printed_name_is_linked_within_the_cited_initiative_and_flagged(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    outcome = import_report(actor=None, path=seed_report_path, target=kitamoto)
    listing = PlanNode.objects.get(listing_of__isnull=False, title__contains="障がい者相談支援体制")
    assert listing.listing_of is not None
    assert listing.listing_of.code.startswith("3-2-1-")
    assert listing.listing_of.title.startswith("各分野の中核組織の体制強化")
    assert any(item.field == "relisted" for _, item in outcome.report.all_review_items())
