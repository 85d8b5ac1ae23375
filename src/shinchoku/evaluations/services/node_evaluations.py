"""施策評価: the 事務局's rating of an inner node, with a suggestion computed from its projects.

The suggestion is transparent: it names the rule, how many projects were rated and how many were
left out as unrated. When the 事務局 picks the suggested rating, the rule is stored with it;
otherwise the rating is stored as the 事務局's own judgement (manual).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import diff, record
from shinchoku.core.ratings import ConsolidationRule, Scale, Suggestion, consolidate
from shinchoku.core.typed_fields import clean_field
from shinchoku.evaluations.models import NodeEvaluation, Round
from shinchoku.evaluations.selectors.tree import projects_below
from shinchoku.evaluations.services.errors import EntryValidationError
from shinchoku.evaluations.services.locking import claim_version
from shinchoku.plans.models import PlanNode, RatingCode
from shinchoku.plans.scales import core_scale

SUGGESTION_RULES = (ConsolidationRule.MOST_COMMON, ConsolidationRule.LOWEST)


def scale_of(round_: Round) -> Scale:
    return core_scale(RatingCode.objects.filter(scale_id=round_.plan.rating_scale_id).order_by("position"))


def project_ratings(round_: Round, node: PlanNode) -> list[str | None]:
    """The rating of every project under ``node`` in the round (None = unrated), as counted by
    the suggestion: see :func:`rated_projects`."""
    return [rating for _, rating in rated_projects(round_, node)]


def rated_projects(round_: Round, node: PlanNode) -> list[tuple[PlanNode, str | None]]:
    """Every project under ``node`` (tree order) with its rating code in the round (None =
    unrated), counted as every page and tally counts it (see :func:`projects_below`): a project
    rated by several departments with its recorded evaluation (the plan's rule, or the
    事務局's own rating), a cross-listing with its original's rating."""
    return [(project, rating.code if rating else None) for project, rating in projects_below(round_, node)]


def suggest_node_rating(round_: Round, node: PlanNode, rule: ConsolidationRule) -> Suggestion:
    """What ``rule`` makes of the ratings of the projects under ``node``."""
    return consolidate(scale_of(round_), project_ratings(round_, node), rule)


def evaluate_node(
    actor: User,
    round_id: int,
    node_id: int,
    *,
    rating: str,
    comment: str,
    rule: ConsolidationRule,
    version: int | None,
) -> NodeEvaluation:
    """Store the 施策評価 of ``node``: ``rating`` (a code, or '' for none yet) and ``comment``.

    ``rule`` is the suggestion rule shown beside the form; the stored rule is that rule when
    ``rating`` equals its suggestion, else manual. ``version`` is the version the form was loaded
    with (None when there was no evaluation yet); a stale save raises StaleRecordError.
    """
    comment = clean_field("evaluations.nodeevaluation", "comment", comment)
    with transaction.atomic():
        round_ = Round.objects.select_related("plan__municipality").get(pk=round_id)
        if not permissions.can_evaluate_node(actor, round_):
            raise PermissionDenied("項目の評価を書けるのは、公表前の年度の事務局だけです。")
        node = PlanNode.objects.select_related("plan").get(pk=node_id, plan_id=round_.plan_id)
        code = _rating_code(round_, rating.strip())
        suggestion = suggest_node_rating(round_, node, rule)
        stored_rule = (
            rule if code is not None and code.code == suggestion.rating else ConsolidationRule.MANUAL
        )
        evaluation, created = NodeEvaluation.objects.select_for_update().get_or_create(
            round=round_,
            node=node,
            defaults={"rule": stored_rule, "rating": code, "comment": comment},
        )
        before = {} if created else _snapshot(evaluation)
        if not created:
            # A form loaded before any evaluation existed holds version 0: somebody else's is newer.
            evaluation.version = claim_version(evaluation, version or 0)
            evaluation.rating, evaluation.rule, evaluation.comment = code, stored_rule, comment
            evaluation.save(update_fields=["rating", "rule", "comment", "updated_at"])
        changes = diff(before, _snapshot(evaluation))
        if changes:
            record(
                actor=actor,
                action="evaluate_node",
                target=evaluation,
                municipality=round_.plan.municipality,
                affects_public=round_.is_published,
                summary=(
                    f"{node.code} {node.display_title}: "
                    f"{round_.fiscal_year_label}の{node.level_label}の評価を記録"
                ),
                changes=changes | {"version": {"before": version, "after": evaluation.version}},
            )
    return evaluation


def _rating_code(round_: Round, code: str) -> RatingCode | None:
    if not code:
        return None
    found = RatingCode.objects.filter(scale_id=round_.plan.rating_scale_id, code=code).first()
    if found is None:
        raise EntryValidationError({"rating": f"評価「{code}」はこの計画の評価基準にありません。"})
    return found


def _snapshot(evaluation: NodeEvaluation) -> dict[str, str]:
    return {
        "rating": evaluation.rating.code if evaluation.rating else "",
        "rule": evaluation.rule_label,
        "comment": evaluation.comment,
    }
