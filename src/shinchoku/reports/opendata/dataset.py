"""The data behind the open-data files and the API: one round of a plan, loaded once.

:func:`load_dataset` returns the plan tree with, for each project, one :class:`ProjectRow` per
department (owners in order, then any other department that wrote an entry, by name), the
evaluations of the inner nodes and the indicators with the actual values the reader may see.
Ratings come from :func:`shinchoku.evaluations.selectors.plan_tree`, so a project's rating here
is the one the pages show. Which rounds a reader may see is decided by the caller (see
:func:`rounds_for_audience` and :func:`shinchoku.accounts.permissions.visible_rounds`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from shinchoku.accounts.permissions import visible_rounds
from shinchoku.core.ratings import RULE_LABELS, ConsolidationRule, Tally
from shinchoku.editions.corrections import RoundCorrections, corrections_of
from shinchoku.editions.structure import indicators_of
from shinchoku.evaluations.models import Entry, IndicatorValue, NodeEvaluation, ProjectTarget, Round
from shinchoku.evaluations.selectors import TreeNode, plan_tree
from shinchoku.evaluations.selectors.shared import shared_entries_by_node
from shinchoku.plans.models import Department, Indicator, Plan, PlanNode, RatingCode
from shinchoku.reports.opendata import ids
from shinchoku.reports.registry import Audience, ReportRequest


@dataclass(frozen=True)
class ProjectRow:
    """One project × department. A cross-listing (再掲) has a single row without department,
    entry or rating: it is evaluated once, under its original."""

    project: PlanNode
    ancestors: tuple[PlanNode, ...]
    department: Department | None
    entry: Entry | None
    project_rating: RatingCode | None
    project_rule: str
    project_year_target: str = ""  # the round's 今年度の目標 of the whole project ('' when none)

    @property
    def rating(self) -> RatingCode | None:
        return self.entry.rating if self.entry is not None else None


@dataclass(frozen=True)
class IndicatorRecord:
    indicator: Indicator
    node: PlanNode
    ordinal: int  # 1-based among the node's indicators
    values: list[IndicatorValue]


@dataclass
class NodeRecord:
    node: PlanNode
    ancestors: tuple[PlanNode, ...]
    is_project: bool
    owners: list[Department]
    evaluation: NodeEvaluation | None
    rows: list[ProjectRow]
    indicators: list[IndicatorRecord]
    children: list[NodeRecord] = field(default_factory=list)


@dataclass(frozen=True)
class Dataset:
    """One plan and (unless ``round`` is None) one round's evaluations, as a tree."""

    plan: Plan
    round: Round | None
    codes: list[RatingCode]
    roots: list[NodeRecord]
    tally: Tally
    # The corrections (正誤) of a published round: rows and nodes carry their date.
    corrections: RoundCorrections = field(default_factory=RoundCorrections)

    def corrected_on(self, row: ProjectRow) -> date | None:
        """The date of the latest correction of what ``row`` shows (None: never corrected)."""
        entry_id = row.entry.pk if row.entry is not None else None
        department_id = row.department.pk if row.department is not None else None
        return self.corrections.of_row(entry_id, row.project.pk, department_id)

    def walk(self) -> Iterator[NodeRecord]:
        """Every node, depth first in display order."""
        stack = list(reversed(self.roots))
        while stack:
            record = stack.pop()
            yield record
            stack.extend(reversed(record.children))

    @property
    def rows(self) -> list[ProjectRow]:
        return [row for record in self.walk() for row in record.rows]

    @property
    def indicators(self) -> list[IndicatorRecord]:
        return [item for record in self.walk() for item in record.indicators]

    def node_id(self, node: PlanNode) -> str:
        return ids.node_id(self.plan.municipality.code, self.plan.pk, node.code)


def rounds_for_audience(plan: Plan, audience: Audience) -> QuerySet[Round]:
    """The rounds a report for ``audience`` may draw on: for "public", what a visitor who is not
    signed in sees; for "staff", every round of the plan."""
    if audience == "public":
        return visible_rounds(AnonymousUser(), plan)
    return plan.rounds.order_by("-fiscal_year")


def load_for_report(request: ReportRequest) -> Dataset:
    """The data set of a report request: its round, with what its audience may see.

    Raises PermissionDenied when a report for the public is asked of an unpublished round.
    """
    round_ = request.round
    shown = list(rounds_for_audience(round_.plan, request.audience))
    if round_ not in shown:
        raise PermissionDenied("公表されていない年度のデータは公開用に出力できません。")
    return load_dataset(round_.plan, round_, shown)


def load_dataset(
    plan: Plan, round_: Round | None, shown: Collection[Round], *, with_indicators: bool = True
) -> Dataset:
    """``plan`` with the evaluations of ``round_`` and the indicator values of the rounds in
    ``shown`` (the rounds the reader may see; ``round_`` must be among them).

    Values of a year whose round exists but is not shown are withheld, and with a round, values
    after its year are left out (a report of 2023 does not carry 2024's results). Without
    ``with_indicators``, no node has indicators: for a reader of the entries table only.
    """
    tree = plan_tree(plan, round_)
    plan = tree.plan  # as the round shows it (see shinchoku.editions.structure)
    nodes = {record.node.pk: record.node for record in _walk(tree.roots)}
    # The departments and rating codes as the round shows them (named as in its year).
    departments = {owner.pk: owner for record in _walk(tree.roots) for owner in record.owners}
    codes = {code.pk: code for code in tree.codes}
    entries: dict[int, list[Entry]] = defaultdict(list)
    evaluations: dict[int, NodeEvaluation] = {}
    targets: dict[int, str] = {}
    if round_ is not None:
        for entry in Entry.objects.filter(round=round_).select_related("department", "rating"):
            entry.department = departments.get(entry.department_id, entry.department)
            entry.rating = codes.get(entry.rating_id or 0, entry.rating)
            entries[entry.project_id].append(entry)
        for evaluation in NodeEvaluation.objects.filter(round=round_).select_related("rating"):
            evaluation.rating = codes.get(evaluation.rating_id or 0, evaluation.rating)
            evaluations[evaluation.node_id] = evaluation
        targets = dict(ProjectTarget.objects.filter(round=round_).values_list("project_id", "year_target"))
        shared_entries, shared_evaluations = shared_entries_by_node(plan.pk, round_)  # 共通事業
        entries.update(shared_entries)
        evaluations = shared_evaluations | evaluations
    indicators: dict[int, list[IndicatorRecord]] = {}
    if with_indicators:
        withheld = set(plan.rounds.values_list("fiscal_year", flat=True)) - {r.fiscal_year for r in shown}
        indicators = _indicators(plan, round_, nodes, withheld)
    loader = _Builder(entries, evaluations, indicators, targets)
    roots = [loader.record(root, ()) for root in tree.roots]
    return Dataset(plan, round_, tree.codes, roots, tree.tally, corrections_of(round_))


def _indicators(
    plan: Plan, round_: Round | None, nodes: dict[int, PlanNode], withheld: set[int]
) -> dict[int, list[IndicatorRecord]]:
    """The indicators of the nodes the round shows, as it shows them (a published round's from
    its snapshot), with the actual values of the years shown up to the round's."""
    up_to = round_.fiscal_year if round_ is not None else None
    by_node: dict[int, list[IndicatorRecord]] = defaultdict(list)
    found = [i for i in indicators_of(plan, round_, nodes, with_targets=False) if i.node_id in nodes]
    actuals: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in IndicatorValue.objects.filter(indicator_id__in=[i.pk for i in found]).order_by(
        "fiscal_year"
    ):
        if value.fiscal_year not in withheld and (up_to is None or value.fiscal_year <= up_to):
            actuals[value.indicator_id].append(value)
    for indicator in found:
        ordinal = len(by_node[indicator.node_id]) + 1
        node = nodes[indicator.node_id]
        by_node[indicator.node_id].append(IndicatorRecord(indicator, node, ordinal, actuals[indicator.pk]))
    return by_node


def _walk(roots: list[TreeNode]) -> Iterator[TreeNode]:
    stack = list(roots)
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


@dataclass(frozen=True)
class _Builder:
    entries: dict[int, list[Entry]]
    evaluations: dict[int, NodeEvaluation]
    indicators: dict[int, list[IndicatorRecord]]
    targets: dict[int, str]  # project id → the round's year target of the whole project

    def record(self, tree: TreeNode, ancestors: tuple[PlanNode, ...]) -> NodeRecord:
        node = tree.node
        record = NodeRecord(
            node,
            ancestors,
            tree.is_project,
            tree.owners,
            self.evaluations.get(node.pk),
            self._rows(tree, ancestors) if tree.is_project else [],
            self.indicators.get(node.pk, []),
        )
        record.children = [self.record(child, (*ancestors, node)) for child in tree.children]
        return record

    def _rows(self, tree: TreeNode, ancestors: tuple[PlanNode, ...]) -> list[ProjectRow]:
        project = tree.node
        if project.listing_of_id:
            return [ProjectRow(project, ancestors, None, None, None, "")]
        rule = self._rule(project, tree.rating)
        written = {entry.department_id: entry for entry in self.entries.get(project.pk, [])}
        others = sorted(
            (e.department for e in written.values() if e.department not in tree.owners), key=lambda d: d.name
        )
        departments = [*tree.owners, *others]
        target = self.targets.get(project.pk, "")
        if not departments:
            return [ProjectRow(project, ancestors, None, None, tree.rating, rule, target)]
        return [
            ProjectRow(project, ancestors, department, written.get(department.pk), tree.rating, rule, target)
            for department in departments
        ]

    def _rule(self, project: PlanNode, rating: RatingCode | None) -> str:
        """How the project's rating was reached, in words; empty when it is unrated."""
        if rating is None:
            return ""
        evaluation = self.evaluations.get(project.pk)
        if evaluation is not None and evaluation.rating_id is not None:
            return evaluation.rule_label
        return RULE_LABELS[ConsolidationRule.SINGLE_DEPARTMENT]
