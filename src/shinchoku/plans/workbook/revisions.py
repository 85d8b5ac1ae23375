"""The 体系 sheet's 開始年度, 終了年度 (中間見直し) and 前期計画の事業 (次期計画への引き継ぎ):
their checks without the database, against it, and what the import writes.

The rules are the plan editor's (:mod:`shinchoku.plans.editing.project_years` and
:mod:`shinchoku.plans.editing.continuation`), so a span or a reference refused on one is
refused on the other with the same words, here placed at the sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from shinchoku.core.project_years import span_problem
from shinchoku.core.reorganisation import is_active_in
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.continuation import find_previous_project
from shinchoku.plans.editing.project_years import outside_refusal
from shinchoku.plans.models import Municipality, Plan, PlanNode
from shinchoku.plans.workbook import layout
from shinchoku.plans.workbook.document import NodeRow, PlanDocument, Problem
from shinchoku.plans.workbook.layout import Place

At = Callable[[str, int, str], Place]
BOUND_HEADERS = {"first": layout.NODE_FIRST_YEAR, "last": layout.NODE_LAST_YEAR}
FIELD_HEADERS = {"first_year": layout.NODE_FIRST_YEAR, "last_year": layout.NODE_LAST_YEAR}


def _evaluated(row: NodeRow, document: PlanDocument) -> bool:
    return row.level == document.project_level and not row.listing_of


def revision_problems(document: PlanDocument, nodes: Mapping[str, NodeRow], at: At) -> list[Problem]:
    """Spans and references on rows that cannot have them, spans outside the plan's period or
    in the wrong order, and 評価 rows of a year outside their project's span."""
    problems: list[Problem] = []
    settings, sheet = document.settings, layout.NODES_SHEET
    label = settings.level_labels[document.project_level]
    period = (settings.first_fiscal_year, settings.last_fiscal_year)
    for row in document.nodes:
        first, last = row.span or (None, None)
        if (first is not None or last is not None) and not _evaluated(row, document):
            header = layout.NODE_FIRST_YEAR if first is not None else layout.NODE_LAST_YEAR
            problems.append(
                Problem(
                    at(sheet, row.line, header),
                    f"開始年度・終了年度は{label}(再掲でないもの)の行にだけ書けます。",
                )
            )
        elif (problem := span_problem(first, last, period=period)) is not None:
            problems.append(Problem(at(sheet, row.line, BOUND_HEADERS[problem.bound]), problem.message))
        if row.continues and not _evaluated(row, document):
            problems.append(
                Problem(
                    at(sheet, row.line, layout.NODE_CONTINUES),
                    f"前期計画の事業は{label}(再掲でないもの)の行にだけ書けます。",
                )
            )
    for evaluation in document.evaluations or []:
        node = nodes.get(evaluation.project_code)
        if node is None or node.span is None:
            continue
        first, last = node.span
        if evaluation.fiscal_year and not is_active_in(
            evaluation.fiscal_year, first_year=first, last_year=last
        ):
            problems.append(
                Problem(
                    at(layout.EVALUATIONS_SHEET, evaluation.line, "年度"),
                    f"{evaluation.fiscal_year}年度は{label}「{node.code}」の開始年度〜終了年度の外です"
                    f"(「体系」シート {node.line}行目)。"
                    f"年度か、その{label}の開始年度・終了年度を直してください。",
                )
            )
    return problems


def _lookup_plan(municipality: Municipality, document: PlanDocument) -> Plan:
    """The plan as far as finding earlier plans needs it (it may not exist yet)."""
    return Plan(municipality=municipality, first_fiscal_year=document.settings.first_fiscal_year)


def continued_projects(
    municipality: Municipality, document: PlanDocument
) -> tuple[dict[str, PlanNode | None], list[Problem]]:
    """Each row's 前期計画の事業 found among the city's earlier plans (None: continues nothing),
    rows without the column left out; and a problem for each reference not found."""
    plan = _lookup_plan(municipality, document)
    found: dict[str, PlanNode | None] = {}
    problems: list[Problem] = []
    columns = document.columns.get(layout.NODES_SHEET, {})
    for row in document.nodes:
        if row.continues is None:
            continue
        if not row.continues:
            found[row.code] = None
            continue
        try:
            found[row.code] = find_previous_project(plan, row.continues)
        except PlanEditError as error:
            column = columns.get(layout.NODE_CONTINUES)
            problems.append(
                Problem(
                    Place(layout.NODES_SHEET, row.line or None, column, layout.NODE_CONTINUES), str(error)
                )
            )
    return found, problems


def stored_span_problems(plan: Plan | None, document: PlanDocument) -> list[Problem]:
    """New spans of stored projects that would leave out a closed or published year with their
    entries, or anything written in a year still open (the editor's rule)."""
    if plan is None:
        return []
    stored = {node.code: node for node in PlanNode.objects.filter(plan=plan)}
    columns = document.columns.get(layout.NODES_SHEET, {})
    problems = []
    for row in document.nodes:
        node = stored.get(row.code)
        if node is None or row.span is None or row.span == (node.first_year, node.last_year):
            continue
        refusal = outside_refusal(node, *row.span)
        if refusal is not None:
            header = FIELD_HEADERS.get(refusal.field, layout.NODE_LAST_YEAR)
            problems.append(
                Problem(
                    Place(layout.NODES_SHEET, row.line or None, columns.get(header), header),
                    f"「{row.code}」: {refusal}",
                )
            )
    return problems
