"""The report's summary: rating counts, the comparison with the previous year, indicators.

Counts come from :func:`shinchoku.core.ratings.tally` (every code of the scale, the non-rating
codes and the unrated kept apart, never zero);
achievement from :func:`shinchoku.core.indicators.achievement_rate` by the plan's formula, stated
once beside the indicators (``Summary.achievement_formula``). Cross-listings (再掲) are
left out of every count: a project is evaluated once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from shinchoku.core import fiscal_year as fy
from shinchoku.core.indicators import DIRECTION_LABELS, Direction, achievement_rate, describe_formula
from shinchoku.core.project_years import began_in, change_reason, ended_before
from shinchoku.core.ratings import Scale, tally, tally_note
from shinchoku.editions.structure import indicators_of
from shinchoku.evaluations.models import IndicatorValue, Round
from shinchoku.evaluations.selectors import PlanTree, TreeNode, is_policy
from shinchoku.evaluations.selectors.spans import current_spans
from shinchoku.plans.scales import core_scale
from shinchoku.reports.content.model import (
    ChangeKind,
    Comparison,
    IndicatorLine,
    NodeHeading,
    RatingChange,
    Summary,
    TallyRow,
    TallyTable,
)

NO_DEPARTMENT = "(担当課なし)"


def _walk(nodes: Iterable[TreeNode]) -> Iterator[TreeNode]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _projects(nodes: Iterable[TreeNode]) -> list[TreeNode]:
    return [n for n in _walk(nodes) if n.is_project and not n.node.listing_of_id]


def _code(node: TreeNode) -> str | None:
    return node.rating.code if node.rating else None


def _heading(node: TreeNode) -> NodeHeading:
    return NodeHeading(node.node.level_label, node.node.code, node.node.display_title)


def build_summary(round_: Round, tree: PlanTree, previous: PlanTree | None) -> Summary:
    scale = core_scale(tree.codes)
    return Summary(
        tallies=_tallies(scale, tree),
        comparison=_comparison(scale, round_.fiscal_year, tree, previous)
        if previous and previous.round
        else None,
        indicators=_indicators(round_, tree),
        tally_note=tally_note(scale.non_ratings),
        achievement_formula=describe_formula(tree.plan.achievement_formula),
    )


def _row(scale: Scale, label: str, ratings: Iterable[str | None]) -> TallyRow:
    counted = tally(scale, ratings)
    return TallyRow(label, tuple(count for _, count in counted.columns), counted.unrated)


def _table(scale: Scale, title: str, group: str, groups: dict[str, list[str | None]]) -> TallyTable:
    rows = tuple(_row(scale, label, ratings) for label, ratings in groups.items())
    everything = [rating for ratings in groups.values() for rating in ratings]
    total = _row(scale, "合計", everything)
    return TallyTable(title, group, (*scale.ratings, *scale.non_ratings), rows, total)


def _tallies(scale: Scale, tree: PlanTree) -> tuple[TallyTable, ...]:
    labels = tree.plan.level_labels
    by_goal = {_heading(root).label: [_code(p) for p in _projects([root])] for root in tree.roots}
    by_policy = {
        _heading(node).label: [_code(p) for p in _projects([node])]
        for node in _walk(tree.roots)
        if is_policy(node.node, tree.plan)
    }
    by_department: dict[str, list[str | None]] = defaultdict(list)
    for project in _projects(tree.roots):
        if project.department_ratings:
            for item in project.department_ratings:
                by_department[item.department.name].append(item.rating.code if item.rating else None)
        elif project.owners:
            # One rating stands for the project: each responsible department is counted with it.
            for owner in project.owners:
                by_department[owner.name].append(_code(project))
        else:
            by_department[NO_DEPARTMENT].append(_code(project))
    project_label = tree.plan.project_label
    tables = [_table(scale, f"{labels[0]}別の{project_label}評価", str(labels[0]), by_goal)]
    if by_policy and tree.plan.evaluation_level > 0:
        # At level 0 the evaluated nodes are the roots: their table is the one above.
        policy_label = tree.plan.evaluation_level_label
        tables.append(_table(scale, f"{policy_label}別の{project_label}評価", policy_label, by_policy))
    tables.append(_table(scale, f"担当課別の{project_label}評価", "担当課・事業主体", dict(by_department)))
    return tuple(tables)


def _kind(scale: Scale, previous: str | None, current: str | None) -> ChangeKind:
    before = scale.rank(previous) if previous else None
    now = scale.rank(current) if current else None
    if before is None and now is None:
        return "same"
    if before is None:
        return "new"
    if now is None:
        return "ended"
    return "rose" if now < before else "fell" if now > before else "same"


def _year_kind(scale: Scale, year: int, project: TreeNode, previous: str | None) -> ChangeKind:
    """A project begun this year (開始年度) is new and one ended before it (終了年度) is ended,
    rated or not; any other compares its ratings (see :func:`_kind`)."""
    span = {"first_year": project.node.first_year, "last_year": project.node.last_year}
    if ended_before(year, **span):
        return "ended"
    if began_in(year, **span):
        return "new"
    return _kind(scale, previous, _code(project))


def _reason(
    kind: ChangeKind, year: int, project: TreeNode, spans: dict[int, tuple[int | None, int | None]]
) -> str:
    """Why a new or ended project is so, when its years (開始年度・終了年度) say it; ``spans``
    holds the years of the projects missing from this year's tree (see
    :mod:`shinchoku.evaluations.selectors.spans`)."""
    node = project.node
    if kind == "new" or kind == "ended":
        first_year, last_year = spans.get(node.pk, (node.first_year, node.last_year))
        return change_reason(kind, year, first_year=first_year, last_year=last_year)
    return ""


def _comparison(scale: Scale, year: int, tree: PlanTree, previous: PlanTree) -> Comparison:
    """Each project's rating in ``year`` against the previous year's. A project of the previous
    year missing from this year's tree (ended by its 終了年度) is counted as ended too."""
    assert previous.round is not None
    earlier = _projects(previous.roots)
    before = {p.node.pk: _code(p) for p in earlier}
    counts: dict[ChangeKind, int] = dict.fromkeys(("rose", "fell", "same", "new", "ended"), 0)
    changes = []
    current = _projects(tree.roots)
    shown = {project.node.pk for project in current}
    compared = [(p, _year_kind(scale, year, p, before.get(p.node.pk))) for p in current]
    gone = [p for p in earlier if p.node.pk not in shown]
    compared += [(p, "ended") for p in gone]
    spans = current_spans([p.node.pk for p in gone])
    for project, kind in compared:
        counts[kind] += 1
        if kind != "same":
            now = _code(project) if project.node.pk in shown else None
            reason = _reason(kind, year, project, spans)
            changes.append(RatingChange(_heading(project), before.get(project.node.pk), now, kind, reason))
    return Comparison(fy.format_wareki(previous.round.fiscal_year), tuple(counts.items()), tuple(changes))


def _indicators(round_: Round, tree: PlanTree) -> tuple[IndicatorLine, ...]:
    order = {node.node.pk: position for position, node in enumerate(_walk(tree.roots))}
    headings = {node.node.pk: _heading(node) for node in _walk(tree.roots)}
    # The indicators as the round shows them (a published round's as they were published).
    indicators = [
        i for i in indicators_of(tree.plan, round_, order, with_targets=False) if i.node_id in order
    ]
    actuals = {
        value.indicator_id: value.value
        for value in IndicatorValue.objects.filter(
            indicator__node__plan=tree.plan, fiscal_year=round_.fiscal_year
        )
    }
    lines = []
    for indicator in sorted(indicators, key=lambda i: (order.get(i.node_id, len(order)), i.position)):
        actual = actuals.get(indicator.pk)
        direction = Direction(indicator.direction)
        rate = None
        if actual is not None and indicator.target_value is not None:
            rate = achievement_rate(
                actual=actual,
                target=indicator.target_value,
                direction=direction,
                formula=tree.plan.achievement_formula,
                baseline=indicator.baseline_value,
            )
        lines.append(
            IndicatorLine(
                node=headings[indicator.node_id],
                label=indicator.label,
                unit=indicator.unit,
                direction_label=DIRECTION_LABELS[direction],
                baseline=indicator.baseline_value,
                baseline_year_label=fy.format_wareki(indicator.baseline_year)
                if indicator.baseline_year
                else "",
                target=indicator.target_value,
                target_year_label=fy.format_wareki(indicator.target_year) if indicator.target_year else "",
                actual=actual,
                achievement=rate,
            )
        )
    return tuple(lines)
