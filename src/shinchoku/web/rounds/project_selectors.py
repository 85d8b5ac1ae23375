"""Read queries behind the 事務局's project-level page of a round: each department's rating and
text, the plan's rule with what it suggests, the project's recorded rating and its targets."""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.core.ratings import RULE_LABELS, ConsolidationRule, Suggestion
from shinchoku.evaluations.models import NodeEvaluation, ProjectTarget, Round
from shinchoku.evaluations.services.project_evaluations import (
    COUNTING_NOTE,
    DepartmentEntry,
    department_entries,
    is_shared,
    plan_rule,
    suggest_project_rating,
)
from shinchoku.plans.models import PlanNode, RatingCode
from shinchoku.web.rounds.policy_selectors import ancestors, scale_codes


@dataclass(frozen=True)
class ProjectEvaluationPage:
    round: Round
    project: PlanNode
    ancestors: list[PlanNode]
    departments: list[DepartmentEntry]
    rule: ConsolidationRule
    suggestion: Suggestion | None  # None under the rule manual: nothing is computed
    suggested: RatingCode | None
    evaluation: NodeEvaluation | None
    target: ProjectTarget | None
    codes: list[RatingCode]

    counting_note = COUNTING_NOTE

    @property
    def is_shared(self) -> bool:
        return is_shared(self.departments)

    @property
    def rule_label(self) -> str:
        return RULE_LABELS[self.rule]

    @property
    def is_set_by_hand(self) -> bool:
        return self.evaluation is not None and self.evaluation.rule == ConsolidationRule.MANUAL.value

    @property
    def version(self) -> int:
        """The version a rating form loaded now edits; 0 while there is no evaluation yet."""
        return self.evaluation.version if self.evaluation else 0

    @property
    def target_version(self) -> int:
        return self.target.version if self.target else 0

    @property
    def year_target(self) -> str:
        return self.target.year_target if self.target else ""

    @property
    def rating(self) -> RatingCode | None:
        """The project's rating as every page counts it: the recorded evaluation's for a shared
        project, else the one department's."""
        if self.is_shared:
            return self.evaluation.rating if self.evaluation else None
        entry = self.departments[0].entry if self.departments else None
        return entry.rating if entry is not None else None


def project_evaluation_page(round_: Round, project: PlanNode) -> ProjectEvaluationPage:
    departments = department_entries(round_, project)
    codes = scale_codes(round_)
    suggestion = suggest_project_rating(round_, departments) if is_shared(departments) else None
    by_code = {code.code: code for code in codes}
    return ProjectEvaluationPage(
        round=round_,
        project=project,
        ancestors=ancestors(project),
        departments=departments,
        rule=plan_rule(round_),
        suggestion=suggestion,
        suggested=by_code.get(suggestion.rating) if suggestion and suggestion.rating else None,
        evaluation=NodeEvaluation.objects.filter(round=round_, node=project).select_related("rating").first(),
        target=ProjectTarget.objects.filter(round=round_, project=project).first(),
        codes=codes,
    )
