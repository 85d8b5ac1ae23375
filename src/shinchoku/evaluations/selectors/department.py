"""One department's projects in a plan with its ratings over the years, and what it still owes.

Seven queries whatever the size of the plan or the number of years: the tree's shape, ownerships,
departments, the department's projects with their 施策, its entries, the evaluations of its
projects in the given rounds and the plan's rating codes (for the counts of each year).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Q

from shinchoku.core.ratings import Tally, tally
from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.evaluations.selectors.index import _departments, _depth_first, _nodes
from shinchoku.plans.models import Department, Plan, PlanNode, ProjectOwner, RatingCode
from shinchoku.plans.scales import core_scale


@dataclass(frozen=True)
class YearRating:
    round: Round
    reported: bool  # the department wrote an entry (or the project was evaluated) that year
    rating: RatingCode | None


@dataclass(frozen=True)
class DepartmentProject:
    project: PlanNode
    policy: PlanNode | None  # the ancestor at the plan's evaluation level (施策 …), if any
    is_lead: bool
    co_owners: list[Department]  # the other owners, lead first
    ratings: list[YearRating]  # one per round, in the order of the rounds given


@dataclass(frozen=True)
class MissingEntry:
    """An entry the department still owes in a round that is not published yet."""

    round: Round
    project: PlanNode
    reason: str  # 未提出 (no entry) or 評価未記入 (an entry without a rating)


@dataclass(frozen=True)
class YearTally:
    """The counts of the department's ratings of its projects in one round: every code of the
    plan's scale, the non-rating codes and the unrated (no code, or no entry) apart."""

    round: Round
    tally: Tally


@dataclass(frozen=True)
class DepartmentPage:
    plan: Plan
    department: Department
    rounds: list[Round]
    projects: list[DepartmentProject]
    missing: list[MissingEntry]
    tallies: list[YearTally]
    codes: list[RatingCode]  # the plan's scale, in order: the columns of ``tallies``

    @property
    def policy_label(self) -> str:
        """The name of the plan's evaluation level (施策 …), the projects' grouping."""
        return self.plan.evaluation_level_label


def department_page(
    plan: Plan,
    department: Department,
    rounds: Sequence[Round],
    *,
    with_missing: bool,
    visible: Q | None = None,
) -> DepartmentPage:
    """The projects of ``plan`` that ``department`` owns (lead or co-owner), in tree order, with
    its rating of each in ``rounds`` (newest first, as given).

    A department's rating of a project is the project's own when it is the only owner (a
    consolidated evaluation then stands for its entry), else its own entry's. With
    ``with_missing``, the entries it has not written, or written without a rating, in the rounds
    among ``rounds`` that are not published yet are listed: this is for staff only.
    """
    # The tree's shape from ids alone; only the department's projects and the nodes at the
    # evaluation level above them become models.
    shape = list(plan.nodes.order_by("level", "position", "pk").values_list("pk", "parent_id", "level"))
    parents = {pk: parent_id for pk, parent_id, _ in shape}
    levels = {pk: level for pk, _, level in shape}
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id, _ in shape:
        children[parent_id].append(pk)
    departments = _departments(plan)
    owners: dict[int, list[Department]] = defaultdict(list)
    for project_id, department_id in (
        ProjectOwner.objects.filter(project__plan=plan)
        .order_by("project_id", "position")
        .values_list("project_id", "department_id")
    ):
        owners[project_id].append(departments[department_id])
    mine_ids = [pk for pk in _depth_first(children, int) if department in owners.get(pk, [])]
    policy_of = {pk: _ancestor_at(parents, levels, pk, plan.evaluation_level) for pk in mine_ids}
    nodes = _nodes(plan, {*mine_ids, *(pk for pk in policy_of.values() if pk is not None)})
    mine = [nodes[pk] for pk in mine_ids if not nodes[pk].listing_of_id]
    round_ids = [round_.pk for round_ in rounds]
    entries = {
        (entry.round_id, entry.project_id): entry
        for entry in Entry.objects.filter(
            visible or Q(), department=department, round_id__in=round_ids, project__in=mine
        )
        .select_related("rating")
        .only("round_id", "project_id", "rating")
    }
    evaluations = {
        (evaluation.round_id, evaluation.node_id): evaluation
        for evaluation in NodeEvaluation.objects.filter(round_id__in=round_ids, node__in=mine).select_related(
            "rating"
        )
    }
    projects = []
    missing = []
    for project in mine:
        alone = len(owners[project.pk]) == 1
        years = []
        for round_ in rounds:
            entry = entries.get((round_.pk, project.pk))
            evaluation = evaluations.get((round_.pk, project.pk)) if alone else None
            rating = evaluation.rating if evaluation is not None and evaluation.rating_id else None
            if rating is None and entry is not None:
                rating = entry.rating
            years.append(YearRating(round_, entry is not None or evaluation is not None, rating))
            if with_missing and not round_.is_published and (entry is None or entry.rating_id is None):
                missing.append(MissingEntry(round_, project, "未提出" if entry is None else "評価未記入"))
        policy_id = policy_of[project.pk]
        policy = nodes[policy_id] if policy_id is not None else None
        lead = owners[project.pk][0].pk == department.pk
        others = [owner for owner in owners[project.pk] if owner.pk != department.pk]
        projects.append(DepartmentProject(project, policy, lead, others, years))
    codes = list(RatingCode.objects.filter(scale_id=plan.rating_scale_id).order_by("position"))
    scale = core_scale(codes)
    tallies = [
        YearTally(
            round_,
            tally(scale, (_code(item.ratings[column].rating) for item in projects)),
        )
        for column, round_ in enumerate(rounds)
    ]
    return DepartmentPage(plan, department, list(rounds), projects, missing, tallies, codes)


def _code(rating: RatingCode | None) -> str | None:
    return rating.code if rating is not None else None


def _ancestor_at(
    parents: Mapping[int, int | None], levels: Mapping[int, int], pk: int, level: int
) -> int | None:
    """The id of ``pk``'s ancestor at ``level`` (the evaluated node above a project), if any."""
    current: int | None = parents.get(pk)
    while current is not None and levels[current] > level:
        current = parents.get(current)
    return current if current is not None and levels[current] == level else None
