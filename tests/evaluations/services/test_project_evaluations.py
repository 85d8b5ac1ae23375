"""A multi-department project is rated by the plan's rule, recorded with the rule, kept up to date
by the entry services, and set or reset by the 事務局."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.core.ratings import ConsolidationRule
from shinchoku.evaluations.models import NodeEvaluation
from shinchoku.evaluations.selectors import dashboard
from shinchoku.evaluations.services import (
    StaleRecordError,
    WorkflowError,
    approve_entry,
    reopen_entry,
    suggest_node_rating,
)
from shinchoku.evaluations.services.project_evaluations import (
    refresh_round_evaluations,
    reset_project_rating,
    set_project_rating,
)
from shinchoku.plans.models import PlanNode
from tests.evaluations.multi_department import MultiDepartmentPlan, build_multi_department_plan

# pair: 共生福祉課 (lead) A, 社協 C · trio: 生涯学習課 (lead) S, 共生福祉課 B, 社協 B ·
# pair_again: 社協 (lead) B, 生涯学習課 A · alone: 生涯学習課 A.
RATINGS = {
    "pair": {"共生福祉課": "A", "社協": "C"},
    "trio": {"生涯学習課": "S", "共生福祉課": "B", "社協": "B"},
    "pair_again": {"社協": "B", "生涯学習課": "A"},
    "alone": {"生涯学習課": "A"},
}
EXPECTED = {
    "lowest": {"pair": "C", "trio": "B", "pair_again": "B"},
    "lead_department": {"pair": "A", "trio": "S", "pair_again": "B"},
    "most_common": {"pair": "C", "trio": "B", "pair_again": "B"},  # a tie goes to the lower
}


def _evaluate_all(built: MultiDepartmentPlan) -> None:
    for name, ratings in RATINGS.items():
        for department, code in ratings.items():
            built.rate(getattr(built, name), department, code)


def _recorded(built: MultiDepartmentPlan, project: PlanNode) -> tuple[str | None, str]:
    evaluation = NodeEvaluation.objects.get(round=built.round, node=project)
    return (evaluation.rating.code if evaluation.rating else None), evaluation.rule


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_a_fully_evaluated_year_rates_every_shared_project_by_the_plans_rule(db: None, rule: str) -> None:
    built = build_multi_department_plan(rule)
    _evaluate_all(built)

    assert {name: _recorded(built, getattr(built, name)) for name in EXPECTED[rule]} == {
        name: (code, rule) for name, code in EXPECTED[rule].items()
    }
    board = dashboard(built.plan, built.round, None)
    assert board.overall.unrated == 0
    assert board.overall.total == 4
    assert all(row.tally.unrated == 0 for breakdown in board.breakdowns for row in breakdown.rows)


def test_under_the_rule_manual_nothing_is_computed_until_the_secretariat_decides(db: None) -> None:
    built = build_multi_department_plan("manual")
    _evaluate_all(built)

    assert not NodeEvaluation.objects.filter(round=built.round, node__in=built.shared).exists()
    assert dashboard(built.plan, built.round, None).overall.unrated == 3
    for project, code in zip(built.shared, ("B", "A", "C"), strict=True):
        set_project_rating(
            built.secretariat, built.round.pk, project.pk, rating=code, comment="協議で決定", version=0
        )

    assert dashboard(built.plan, built.round, None).overall.unrated == 0
    assert _recorded(built, built.trio) == ("A", "manual")


def test_only_approved_ratings_count_and_a_reopened_entry_leaves_the_rule(db: None) -> None:
    built = build_multi_department_plan("lowest")
    built.rate(built.pair, "共生福祉課", "A")
    built.rate(built.pair, "社協", "C", approve=False)  # submitted, not approved: not counted yet
    assert _recorded(built, built.pair) == ("A", "lowest")

    entry = built.entry(built.pair, "社協")
    approve_entry(built.secretariat, entry.pk, version=entry.version)
    assert _recorded(built, built.pair) == ("C", "lowest")

    entry = built.entry(built.pair, "共生福祉課")
    reopen_entry(built.secretariat, entry.pk, version=entry.version, reason="数値を確認してください。")
    assert _recorded(built, built.pair) == ("C", "lowest")
    entry = built.entry(built.pair, "社協")
    reopen_entry(built.secretariat, entry.pk, version=entry.version, reason="根拠を書いてください。")
    assert _recorded(built, built.pair) == (None, "lowest")
    actions = AuditEntry.objects.filter(action="refresh_project_evaluation").count()
    assert actions == 3  # created A, changed to C, changed to none


def test_the_secretariats_rating_is_kept_when_entries_change_and_undone_back_to_the_rule(db: None) -> None:
    built = build_multi_department_plan("lowest")
    _evaluate_all(built)
    evaluation = NodeEvaluation.objects.get(round=built.round, node=built.pair)
    overridden = set_project_rating(
        built.secretariat,
        built.round.pk,
        built.pair.pk,
        rating="B",
        comment="全体では一部に遅れ",
        version=evaluation.version,
    )
    assert (overridden.rule, overridden.comment) == ("manual", "全体では一部に遅れ")

    entry = built.entry(built.pair, "社協")
    reopen_entry(built.secretariat, entry.pk, version=entry.version, reason="確認してください。")
    assert _recorded(built, built.pair) == ("B", "manual")

    reset = reset_project_rating(built.secretariat, built.round.pk, built.pair.pk, version=overridden.version)
    assert (reset.rating.code if reset.rating else None, reset.rule) == (
        "A",
        "lowest",
    )  # 社協's C is returned
    assert reset.comment == "全体では一部に遅れ"
    with pytest.raises(WorkflowError):
        reset_project_rating(built.secretariat, built.round.pk, built.pair.pk, version=reset.version)
    assert AuditEntry.objects.filter(action__in=["set_project_rating", "reset_project_rating"]).count() == 2


def test_a_stale_override_is_refused_and_only_the_secretariat_may_set_one(db: None) -> None:
    built = build_multi_department_plan("lowest")
    _evaluate_all(built)
    with pytest.raises(StaleRecordError):
        set_project_rating(
            built.secretariat, built.round.pk, built.pair.pk, rating="S", comment="", version=0
        )
    evaluation = NodeEvaluation.objects.get(round=built.round, node=built.pair)
    with pytest.raises(PermissionDenied):
        set_project_rating(
            built.editors["社協"],
            built.round.pk,
            built.pair.pk,
            rating="S",
            comment="",
            version=evaluation.version,
        )
    assert _recorded(built, built.pair) == ("C", "lowest")


def test_the_policy_suggestion_counts_the_recorded_rating_as_the_dashboard_does(db: None) -> None:
    built = build_multi_department_plan("lead_department")
    _evaluate_all(built)
    # pair A, trio S, pair_again B, alone A: the lowest is B, all four rated.
    suggestion = suggest_node_rating(built.round, built.policy, ConsolidationRule.LOWEST)
    assert (suggestion.rating, suggestion.rated, suggestion.unrated) == ("B", 4, 0)


def test_a_change_of_the_plans_rule_is_applied_to_an_unpublished_round(db: None) -> None:
    built = build_multi_department_plan("lowest")
    _evaluate_all(built)
    built.plan.multi_department_rule = "lead_department"
    built.plan.save()
    built.round.refresh_from_db()

    # pair C → A, trio B → S; pair_again stays B but is now recorded with the new rule.
    assert refresh_round_evaluations(None, built.round) == 3
    assert {name: _recorded(built, getattr(built, name)) for name in EXPECTED["lead_department"]} == {
        name: (code, "lead_department") for name, code in EXPECTED["lead_department"].items()
    }
