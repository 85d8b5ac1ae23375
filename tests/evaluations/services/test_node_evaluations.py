from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.core.ratings import ConsolidationRule
from shinchoku.evaluations.models import Entry, NodeEvaluation
from shinchoku.evaluations.services import StaleRecordError, evaluate_node, suggest_node_rating
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def test_the_suggestion_counts_each_project_once_and_keeps_unrated_ones_apart(tiny: TinyPlan) -> None:
    # 2023: 1-1-1-1 A, 1-1-1-2 B (consolidated), 1-1-2-1 unrated, 1-1-2-2 cross-lists 1-1-1-2 (B).
    lowest = suggest_node_rating(tiny.published, tiny.policy, ConsolidationRule.LOWEST)
    common = suggest_node_rating(tiny.published, tiny.policy, ConsolidationRule.MOST_COMMON)

    assert (lowest.rating, lowest.rated, lowest.unrated) == ("B", 3, 1)
    assert common.rating == "B"
    assert "未評価 1 件は計算に含めていません" in common.explanation


def test_the_suggested_rating_is_stored_with_its_rule_and_another_as_manual(
    tiny: TinyPlan, people: People
) -> None:
    Entry.objects.filter(round=tiny.collecting).update(rating=tiny.codes["A"])
    suggested = evaluate_node(
        people.secretariat,
        tiny.collecting.pk,
        tiny.policy.pk,
        rating="A",
        comment="順調",
        rule=ConsolidationRule.MOST_COMMON,
        version=None,
    )
    assert suggested.rule == ConsolidationRule.MOST_COMMON

    manual = evaluate_node(
        people.secretariat,
        tiny.collecting.pk,
        tiny.policy.pk,
        rating="B",
        comment="全体としては課題が残る",
        rule=ConsolidationRule.MOST_COMMON,
        version=suggested.version,
    )
    assert (manual.rule, manual.rating.code if manual.rating else None) == (ConsolidationRule.MANUAL, "B")


def test_an_evaluation_loaded_before_someone_elses_is_refused(tiny: TinyPlan, people: People) -> None:
    common = {"rule": ConsolidationRule.LOWEST, "comment": ""}
    evaluate_node(people.secretariat, tiny.collecting.pk, tiny.policy.pk, rating="A", version=None, **common)
    with pytest.raises(StaleRecordError):
        evaluate_node(
            people.secretariat, tiny.collecting.pk, tiny.policy.pk, rating="C", version=None, **common
        )
    assert NodeEvaluation.objects.get(round=tiny.collecting, node=tiny.policy).rating == tiny.codes["A"]


def test_only_the_secretariat_evaluates_and_never_a_published_year(tiny: TinyPlan, people: People) -> None:
    common = {"rating": "A", "comment": "", "rule": ConsolidationRule.LOWEST}
    with pytest.raises(PermissionDenied):
        evaluate_node(people.editor, tiny.collecting.pk, tiny.policy.pk, version=None, **common)
    with pytest.raises(PermissionDenied):
        evaluate_node(people.secretariat, tiny.published.pk, tiny.policy.pk, version=1, **common)
