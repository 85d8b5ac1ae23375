"""The demo generator: what it builds, that a seed fixes it, and that it never writes twice or half."""

from __future__ import annotations

from typing import Any

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.core.local_government_code import normalise_code
from shinchoku.core.ratings import ABC
from shinchoku.demo import generator
from shinchoku.demo.generator import DemoAlreadyExistsError, DemoSummary, generate_demo
from shinchoku.evaluations.models import (
    CommitteeOpinion,
    Entry,
    IndicatorValue,
    NodeEvaluation,
    Round,
)
from shinchoku.plans.models import (
    Department,
    Indicator,
    Municipality,
    PlanNode,
    ProjectOwner,
    RatingCode,
)
from tests.demo.helpers import generate_then_roll_back


def snapshot(_: DemoSummary | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Everything generated, keyed by codes and names rather than database ids."""
    return {
        "nodes": list(
            PlanNode.objects.order_by("code").values_list(
                "code", "level", "position", "title", "description", "parent__code", "listing_of__code"
            )
        ),
        "owners": list(
            ProjectOwner.objects.order_by("project__code", "position").values_list(
                "project__code", "department__name", "position"
            )
        ),
        "entries": list(
            Entry.objects.order_by("round__fiscal_year", "project__code", "department__name").values_list(
                "round__fiscal_year",
                "project__code",
                "department__name",
                "final_target",
                "year_target",
                "progress",
                "rating__code",
                "reason",
                "next_year_goal",
            )
        ),
        "indicators": list(
            Indicator.objects.order_by("node__code").values_list(
                "node__code", "label", "unit", "baseline_value", "target_value", "direction"
            )
        ),
        "values": list(
            IndicatorValue.objects.order_by("indicator__node__code", "fiscal_year").values_list(
                "indicator__node__code", "fiscal_year", "value"
            )
        ),
        "evaluations": list(
            NodeEvaluation.objects.order_by("round__fiscal_year", "node__code").values_list(
                "round__fiscal_year", "node__code", "rating__code", "rule", "comment"
            )
        ),
        "opinions": list(
            CommitteeOpinion.objects.order_by("round__fiscal_year", "node__code", "position").values_list(
                "round__fiscal_year", "node__code", "opinion", "response"
            )
        ),
    }


def projects() -> Any:
    """Project nodes that are evaluated (cross-listings left out)."""
    return PlanNode.objects.filter(level=3, listing_of__isnull=True)


@pytest.mark.django_db
def test_it_is_deterministic_for_a_seed() -> None:
    first = generate_then_roll_back(snapshot, seed=7)
    second = generate_then_roll_back(snapshot, seed=7)

    assert first == second
    assert len(first["entries"]) > 400


@pytest.mark.django_db
def test_another_seed_gives_other_data() -> None:
    assert generate_then_roll_back(snapshot, seed=7) != generate_then_roll_back(snapshot, seed=8)


def test_it_creates_a_fictional_municipality_with_a_valid_code(demo: DemoSummary) -> None:
    municipality = Municipality.objects.get()

    assert municipality == demo.municipality
    assert municipality.name == "みどり市"
    assert normalise_code(municipality.code) == municipality.code
    assert municipality.code.startswith("99")  # no prefecture has the number 99


def test_it_creates_departments_and_one_outside_body(demo: DemoSummary) -> None:
    departments = Department.objects.filter(municipality=demo.municipality)

    assert 12 <= departments.count() <= 18
    assert list(departments.filter(kind=Department.Kind.EXTERNAL).values_list("name", flat=True)) == [
        "社会福祉協議会"
    ]
    assert set(ProjectOwner.objects.values_list("department__name", flat=True)) == set(
        departments.values_list("name", flat=True)
    )


def test_the_rating_scale_is_a_b_c_and_one_code_that_is_not_a_rating(demo: DemoSummary) -> None:
    codes = RatingCode.objects.filter(scale=demo.plan.rating_scale).order_by("position")

    assert [(code.code, code.is_rating) for code in codes] == [
        ("A", True),
        ("B", True),
        ("C", True),
        ("−", False),
    ]
    assert [code.definition for code in codes[:3]] == [code.definition for code in ABC.codes]
    assert codes[3].label == "評価対象外"


def test_it_builds_a_four_level_tree_with_about_110_projects(demo: DemoSummary) -> None:
    plan = demo.plan
    nodes = PlanNode.objects.filter(plan=plan)

    assert plan.title == "第4期みどり市地域福祉計画"
    assert (plan.first_fiscal_year, plan.last_fiscal_year) == (2021, 2026)
    assert plan.level_labels == ["基本目標", "施策", "取組", "事業"]
    assert plan.evaluation_level == 1  # its 施策 get the evaluations and the committee's opinions
    assert nodes.filter(level=0).count() == 5
    assert 10 <= nodes.filter(level=1).count() <= 15
    assert 80 <= projects().count() <= 140
    assert not nodes.filter(level=0, parent__isnull=False).exists()
    for node in nodes.filter(level__gt=0).select_related("parent"):
        assert node.parent is not None
        assert node.parent.level == node.level - 1
    assert not nodes.filter(level__lt=3, children__isnull=True).exists(), "every branch ends in projects"


def test_node_codes_number_the_tree(demo: DemoSummary) -> None:
    for node in PlanNode.objects.filter(plan=demo.plan).select_related("parent"):
        expected = str(node.position) if node.parent is None else f"{node.parent.code}-{node.position}"
        assert node.code == expected
    assert PlanNode.objects.filter(code="1-2-1-1", level=3).exists()


def test_policies_and_projects_are_described(demo: DemoSummary) -> None:
    assert not PlanNode.objects.filter(level=1, description="").exists()
    assert not PlanNode.objects.filter(level=3, description="").exists()
    assert all(project.description.startswith("○") for project in projects())


def test_project_titles_include_words_to_search_for(demo: DemoSummary) -> None:
    assert projects().filter(title__contains="成年後見制度").count() >= 2
    assert projects().filter(title__contains="ヤングケアラー").exists()
    assert projects().filter(title__contains="ケアラー").count() >= 2


def test_some_projects_have_several_owners_with_the_lead_first(demo: DemoSummary) -> None:
    owner_counts = [project.ownerships.count() for project in projects()]
    shared = sum(1 for count in owner_counts if count > 1)

    assert min(owner_counts) >= 1
    assert max(owner_counts) <= 3
    assert 0.1 <= shared / len(owner_counts) <= 0.2
    for project in projects():
        positions = list(project.ownerships.values_list("position", flat=True))
        assert positions == list(range(len(positions)))


def test_cross_listings_have_no_entries(demo: DemoSummary) -> None:
    cross_listings = PlanNode.objects.filter(listing_of__isnull=False).select_related(
        "parent__parent", "listing_of__parent__parent"
    )

    assert cross_listings.count() == 3
    for node in cross_listings:
        original = node.listing_of
        assert original is not None
        assert original.level == node.level == 3
        assert original.listing_of_id is None
        assert node.parent is not None
        assert original.parent is not None
        assert node.parent.parent != original.parent.parent, "shown again under another 施策"
        assert node.title == original.title
    assert not Entry.objects.filter(project__listing_of__isnull=False).exists()
    assert not ProjectOwner.objects.filter(project__listing_of__isnull=False).exists()
    assert not NodeEvaluation.objects.filter(node__listing_of__isnull=False).exists()
    assert not Indicator.objects.filter(node__listing_of__isnull=False).exists()


def test_scale_ten_has_ten_times_the_projects(db: None) -> None:
    def sizes(_: DemoSummary) -> tuple[int, int, int]:
        return (
            PlanNode.objects.filter(level=0).count(),
            projects().count(),
            PlanNode.objects.filter(listing_of__isnull=False).count(),
        )

    goals, projects_at_one, cross_listings = generate_then_roll_back(sizes, scale=1)
    summary = generate_demo(scale=10)
    goals_at_ten, projects_at_ten, cross_listings_at_ten = sizes(summary)

    assert goals_at_ten == 10 * goals
    assert 9 * projects_at_one <= projects_at_ten <= 11 * projects_at_one
    assert cross_listings_at_ten == 10 * cross_listings
    assert summary.counts.projects == projects_at_ten
    assert Entry.objects.count() == summary.counts.entries > 4000


def test_the_summary_counts_what_is_in_the_database(demo: DemoSummary) -> None:
    counts = demo.counts

    assert counts.departments == Department.objects.count()
    assert counts.nodes == PlanNode.objects.count()
    assert counts.projects == projects().count()
    assert counts.cross_listings == PlanNode.objects.filter(listing_of__isnull=False).count()
    assert counts.owners == ProjectOwner.objects.count()
    assert counts.indicators == Indicator.objects.count()
    assert counts.indicator_values == IndicatorValue.objects.count()
    assert counts.rounds == Round.objects.count() == 4
    assert counts.entries == Entry.objects.count()
    assert counts.node_evaluations == NodeEvaluation.objects.count()
    assert counts.committee_opinions == CommitteeOpinion.objects.count()
    assert "みどり市" in demo.describe()
    assert f"{counts.projects:,}件" in demo.describe()


def test_it_records_one_audit_entry_with_the_counts(demo: DemoSummary) -> None:
    entry = AuditEntry.objects.get()

    assert entry.action == "generate_demo"
    assert entry.actor is None
    assert entry.municipality == demo.municipality
    assert entry.object_type == "plans.Municipality"
    assert entry.changes["entries"] == {"before": 0, "after": demo.counts.entries}
    assert entry.changes["seed"]["after"] == 2024
    assert "みどり市" in entry.summary


def test_it_refuses_to_run_twice(demo: DemoSummary) -> None:
    before = snapshot()

    with pytest.raises(DemoAlreadyExistsError, match="既に登録されています"):
        generate_demo(seed=99)

    assert snapshot() == before
    assert Municipality.objects.count() == 1
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db
def test_it_writes_nothing_when_it_fails_halfway(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(generator, "build_history", broken)

    with pytest.raises(RuntimeError):
        generate_demo()

    assert not Municipality.objects.exists()
    assert not PlanNode.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"scale": 0}, "scale"),
        ({"current_fiscal_year": 2030}, "期間"),
        ({"current_fiscal_year": 2020}, "期間"),
    ],
)
def test_it_rejects_options_outside_the_plan(options: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_demo(**options)

    assert not Municipality.objects.exists()
