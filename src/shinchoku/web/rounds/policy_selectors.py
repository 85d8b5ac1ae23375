"""Read queries behind the 施策 pages of a round: the 施策評価 with its suggestion, and the
committee's opinions with the city's responses (委員意見と市の考え方)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.core.ratings import RULE_LABELS, ConsolidationRule, Suggestion
from shinchoku.evaluations.models import CommitteeOpinion, Entry, NodeEvaluation, Round
from shinchoku.evaluations.selectors import DepartmentRating
from shinchoku.evaluations.services import suggest_node_rating
from shinchoku.evaluations.services.node_evaluations import rated_projects
from shinchoku.plans.models import Plan, PlanNode, RatingCode
from shinchoku.web.rounds.selectors import evaluable_nodes, tree_order


def ancestors(node: PlanNode) -> list[PlanNode]:
    """The nodes above ``node``, root first."""
    chain: list[PlanNode] = []
    current = node.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain[::-1]


# --- 施策評価 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectRating:
    """A project under the evaluated node with the rating the suggestion counts (None =
    未評価) and, when several departments rate it, each department's rating."""

    project: PlanNode
    rating: RatingCode | None
    departments: list[DepartmentRating]


@dataclass(frozen=True)
class NodeEvaluationPage:
    round: Round
    node: PlanNode
    ancestors: list[PlanNode]
    projects: list[ProjectRating]
    rule: ConsolidationRule
    suggestion: Suggestion
    suggested: RatingCode | None
    evaluation: NodeEvaluation | None
    codes: list[RatingCode]

    @property
    def rule_label(self) -> str:
        return RULE_LABELS[self.rule]

    @property
    def version(self) -> int:
        """The version a form loaded now edits; 0 while there is no evaluation yet."""
        return self.evaluation.version if self.evaluation else 0


def scale_codes(round_: Round) -> list[RatingCode]:
    """The codes of the round's rating scale, best first."""
    return list(RatingCode.objects.filter(scale_id=round_.plan.rating_scale_id).order_by("position"))


def node_evaluation_page(round_: Round, node: PlanNode, rule: ConsolidationRule) -> NodeEvaluationPage:
    """``node``'s evaluation in ``round_`` with its projects and what ``rule`` suggests."""
    codes = scale_codes(round_)
    by_code = {code.code: code for code in codes}
    rated = rated_projects(round_, node)
    sources = {project.listing_of_id or project.pk for project, _ in rated}
    per_project: dict[int, list[DepartmentRating]] = {}
    entries = Entry.objects.filter(round=round_, project_id__in=sources).select_related(
        "department", "rating"
    )
    for entry in entries.order_by("department__position", "department__name"):
        per_project.setdefault(entry.project_id, []).append(DepartmentRating(entry.department, entry.rating))
    order = tree_order(round_.plan)
    projects = [
        ProjectRating(
            project,
            by_code.get(code) if code else None,
            departments
            if len(departments := per_project.get(project.listing_of_id or project.pk, [])) > 1
            else [],
        )
        for project, code in sorted(rated, key=lambda item: order.get(item[0].pk, 0))
    ]
    suggestion = suggest_node_rating(round_, node, rule)
    evaluation = NodeEvaluation.objects.filter(round=round_, node=node).select_related("rating").first()
    return NodeEvaluationPage(
        round=round_,
        node=node,
        ancestors=ancestors(node),
        projects=projects,
        rule=rule,
        suggestion=suggestion,
        suggested=by_code.get(suggestion.rating) if suggestion.rating else None,
        evaluation=evaluation,
        codes=codes,
    )


# --- 委員意見と市の考え方 --------------------------------------------------------------------------


@dataclass(frozen=True)
class OpinionGroup:
    """A node of the evaluation level with the opinions on it and on the nodes below it, in plan order."""

    policy: PlanNode
    opinions: list[CommitteeOpinion]


def opinion_groups(round_: Round) -> list[OpinionGroup]:
    """Every node at the evaluation level of the round's plan with its committee opinions (possibly none)."""
    plan = round_.plan
    policies = evaluable_nodes(plan)
    policy_ids = {policy.pk for policy in policies}
    parents = dict(plan.nodes.values_list("pk", "parent_id"))

    def policy_of(node_id: int) -> int | None:
        current: int | None = node_id
        while current is not None and current not in policy_ids:
            current = parents.get(current)
        return current

    order = tree_order(plan)
    found = CommitteeOpinion.objects.filter(round=round_).select_related("node__plan", "author")
    grouped: dict[int, list[CommitteeOpinion]] = {}
    for opinion in sorted(found, key=lambda item: (order.get(item.node_id, 0), item.position, item.pk)):
        policy = policy_of(opinion.node_id)
        if policy is not None:
            grouped.setdefault(policy, []).append(opinion)
    return [OpinionGroup(policy, grouped.get(policy.pk, [])) for policy in policies]


@dataclass(frozen=True)
class PlanOpinions:
    plan: Plan
    rounds: list[tuple[Round, int]]  # each round the reader sees, with its number of opinions


def opinion_rounds(user: User) -> list[PlanOpinions]:
    """The plans of ``user``'s municipality (every plan for a superuser) with their rounds."""
    plans: QuerySet[Plan] = Plan.objects.select_related("municipality")
    if not user.is_superuser:
        if user.municipality_id is None:
            return []
        plans = plans.filter(municipality_id=user.municipality_id)
    result = []
    for plan in plans:
        rounds = permissions.visible_rounds(user, plan).annotate(opinion_count=Count("committee_opinions"))
        result.append(PlanOpinions(plan, [(r, r.opinion_count) for r in rounds]))
    return result
