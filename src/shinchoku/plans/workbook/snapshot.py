"""A plan in the database as a :class:`~.document.PlanDocument`: what export writes and what an
imported file is compared with. A fixed number of queries whatever the plan's size.

The optional sheets hold the past years: the entries of the plan's closed and published rounds,
and every indicator value.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from shinchoku.plans.editing.continuation import reference
from shinchoku.plans.models import Department, Indicator, IndicatorTarget, Plan, PlanNode, ProjectOwner
from shinchoku.plans.workbook.document import (
    CodeRow,
    DepartmentRow,
    EvaluationRow,
    IndicatorRow,
    NodeRow,
    PlanDocument,
    PlanSettings,
    TargetRow,
    ValueRow,
)
from shinchoku.plans.workbook.shared import shared_cells

PAST_ROUND_STATES = (Round.State.CLOSED, Round.State.PUBLISHED)


def ordered_nodes(plan: Plan) -> list[PlanNode]:
    """The plan's nodes depth first, siblings by position (then id), roots first."""
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    # With the project each continues (前期計画の事業) and its plan, named in the 体系 sheet.
    for node in (
        PlanNode.objects.filter(plan=plan).select_related("continues__plan").order_by("position", "pk")
    ):
        children[node.parent_id].append(node)
    ordered: list[PlanNode] = []
    stack = list(reversed(children[None]))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children[node.pk]))
    return ordered


def plan_settings(plan: Plan) -> PlanSettings:
    return PlanSettings(
        municipality_name=plan.municipality.name,
        municipality_code=plan.municipality.code,
        title=plan.title,
        first_fiscal_year=plan.first_fiscal_year,
        last_fiscal_year=plan.last_fiscal_year,
        level_labels=tuple(str(label) for label in plan.level_labels),
        evaluation_level=plan.evaluation_level,
        multi_department_rule=plan.multi_department_rule,
        achievement_formula=plan.achievement_formula,
        requires_department_approval=plan.requires_department_approval,
    )


def plan_document(plan: Plan) -> PlanDocument:
    """Everything of ``plan`` the workbook holds, in the order the workbook lists it."""
    nodes = ordered_nodes(plan)
    by_id = {node.pk: node for node in nodes}
    shared = shared_cells(plan)
    order = {node.pk: index for index, node in enumerate(nodes)}
    owners: dict[int, list[str]] = defaultdict(list)
    for ownership in (
        ProjectOwner.objects.filter(project__plan=plan)
        .select_related("department")
        .order_by("position", "pk")
    ):
        owners[ownership.project_id].append(ownership.department.name)
    indicators = sorted(
        Indicator.objects.filter(node__plan=plan), key=lambda i: (order[i.node_id], i.position, i.pk)
    )
    entries = sorted(
        Entry.objects.filter(round__plan=plan, round__state__in=PAST_ROUND_STATES).select_related(
            "round", "department", "rating"
        ),
        key=lambda e: (
            e.round.fiscal_year,
            order[e.project_id],
            _owner_index(owners[e.project_id], e.department.name),
        ),
    )
    indicator_order = {indicator.pk: index for index, indicator in enumerate(indicators)}
    indicator_by_id = {indicator.pk: indicator for indicator in indicators}
    values = sorted(
        IndicatorValue.objects.filter(indicator__node__plan=plan),
        key=lambda v: (indicator_order[v.indicator_id], v.fiscal_year),
    )
    targets = sorted(
        IndicatorTarget.objects.filter(indicator__node__plan=plan),
        key=lambda t: (indicator_order[t.indicator_id], t.fiscal_year),
    )

    def target_row(target: IndicatorTarget) -> TargetRow:
        indicator = indicator_by_id[target.indicator_id]
        value = _number(target.value) or Decimal(0)
        return TargetRow(by_id[indicator.node_id].code, indicator.label, target.fiscal_year, value)

    return PlanDocument(
        targets=[target_row(target) for target in targets],
        settings=plan_settings(plan),
        codes=[
            CodeRow(code.code, code.label, code.definition, code.is_rating)
            for code in plan.rating_scale.codes.order_by("position", "pk")
        ],
        departments=[
            department_row(department)
            for department in Department.objects.filter(municipality_id=plan.municipality_id)
            .order_by("position", "name")
            .prefetch_related("name_changes")
        ],
        nodes=[
            NodeRow(
                code=node.code,
                parent_code=by_id[node.parent_id].code if node.parent_id else "",
                level=node.level,
                title=node.title,
                description=node.description,
                owners=tuple(owners[node.pk]),
                final_target=node.final_target,
                listing_of=by_id[node.listing_of_id].code if node.listing_of_id else "",
                span=(node.first_year, node.last_year),
                continues=reference(node.continues) if node.continues else "",
                shared_from=shared.get(node.pk, ""),
            )
            for node in nodes
        ],
        indicators=[
            IndicatorRow(
                project_code=by_id[indicator.node_id].code,
                label=indicator.label,
                unit=indicator.unit,
                baseline_value=_number(indicator.baseline_value),
                baseline_year=indicator.baseline_year,
                target_value=_number(indicator.target_value),
                target_year=indicator.target_year,
                direction=indicator.direction,
            )
            for indicator in indicators
        ],
        evaluations=[
            EvaluationRow(
                fiscal_year=entry.round.fiscal_year,
                project_code=by_id[entry.project_id].code,
                department=entry.department.name,
                progress=entry.progress,
                rating=entry.rating.code if entry.rating else "",
                reason=entry.reason,
                next_year_goal=entry.next_year_goal,
            )
            for entry in entries
        ],
        values=[
            ValueRow(
                project_code=by_id[indicator_by_id[value.indicator_id].node_id].code,
                label=indicator_by_id[value.indicator_id].label,
                fiscal_year=value.fiscal_year,
                value=_number(value.value) or Decimal(0),
            )
            for value in values
        ],
    )


def _owner_index(owners: list[str], name: str) -> int:
    return owners.index(name) if name in owners else len(owners)


def _number(value: Decimal | None) -> Decimal | None:
    """A stored decimal as the reader gives it back (40.000 → 40, 12.500 → 12.5)."""
    if value is None:
        return None
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def department_row(department: Department) -> DepartmentRow:
    """The department's row of the 担当課 sheet, with its latest rename (旧名称, 変更年度) if any."""
    changes = sorted(department.name_changes.all(), key=lambda change: change.fiscal_year)
    latest = changes[-1] if changes else None
    return DepartmentRow(
        department.name,
        department.kind,
        email=department.email,
        extension=department.extension,
        previous_name=latest.previous_name if latest else "",
        renamed_from=latest.fiscal_year if latest else None,
    )
