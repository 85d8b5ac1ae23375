"""The nested JSON document of a round (plan → nodes → projects → entries) and the pieces of it
that the read API serves on their own.

Field names and meanings are listed in ``docs/opendata.md``; a change that removes or renames a
field raises :data:`SCHEMA_VERSION`'s major number, an addition its minor number.
"""

from __future__ import annotations

from typing import Any

from shinchoku.core import fiscal_year as fy
from shinchoku.core.indicators import (
    ACHIEVEMENT_FORMULA_LABELS,
    DIRECTION_LABELS,
    AchievementFormula,
    Direction,
    describe_formula,
)
from shinchoku.editions.corrections import corrected_on
from shinchoku.editions.models import Correction
from shinchoku.evaluations.models import CommitteeOpinion, Round
from shinchoku.plans.models import Department, Plan, PlanNode, RatingCode
from shinchoku.reports.opendata import ids
from shinchoku.reports.opendata.columns import IndicatorRow, achievement, as_json, entry_columns, json_row
from shinchoku.reports.opendata.dataset import Dataset, IndicatorRecord, NodeRecord, ProjectRow

SCHEMA_VERSION = "1.3"


def year_json(fiscal_year: int | None) -> dict[str, Any]:
    """A fiscal year in both forms: ``{"fiscal_year": 2023, "fiscal_year_wareki": "令和5年度"}``."""
    return {
        "fiscal_year": fiscal_year,
        "fiscal_year_wareki": fy.format_wareki(fiscal_year) if fiscal_year is not None else None,
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "municipality": {"code": plan.municipality.code, "name": plan.municipality.name},
        "first_fiscal_year": plan.first_fiscal_year,
        "last_fiscal_year": plan.last_fiscal_year,
        "period_wareki": plan.period_label,
        "level_labels": list(plan.level_labels),
        "evaluation_level": plan.evaluation_level,
        "achievement_formula": formula_json(plan),
    }


def formula_json(plan: Plan) -> dict[str, str]:
    """How the plan computes every ``achievement_rate``: ``code`` (ratio / progress), ``label`` and
    ``description``, the sentence printed beside the rates (「達成率 = 実績値 ÷ 目標値…」)."""
    formula = AchievementFormula(plan.achievement_formula)
    return {
        "code": formula.value,
        "label": ACHIEVEMENT_FORMULA_LABELS[formula],
        "description": describe_formula(formula),
    }


def round_json(round_: Round) -> dict[str, Any]:
    return {
        **year_json(round_.fiscal_year),
        "state": round_.state,
        "state_label": round_.get_state_display(),
        "published_at": round_.published_at.isoformat() if round_.published_at else None,
    }


def opinion_json(plan: Plan, item: CommitteeOpinion) -> dict[str, Any]:
    """A committee opinion (委員意見) on a node and the city's response (市の考え方), without
    who wrote it; ``response`` is null until the city has answered."""
    node = item.node
    return {
        "node_id": ids.node_id(plan.municipality.code, plan.pk, node.code),
        "node_code": node.code,
        "level_label": plan.level_label(node.level),
        "node_title": node.title,
        "position": item.position,
        "opinion": item.opinion,
        "response": item.response or None,
    }


def rating_json(rating: RatingCode | None) -> dict[str, Any] | None:
    if rating is None:
        return None
    return {"code": rating.code, "label": rating.label, "definition": rating.definition}


def scale_json(codes: list[RatingCode]) -> list[dict[str, Any]]:
    return [
        {"code": c.code, "label": c.label, "definition": c.definition, "is_rating": c.is_rating}
        for c in codes
    ]


def _department(department: Department) -> dict[str, Any]:
    return {"name": department.name, "kind": department.kind, "kind_label": department.get_kind_display()}


def _entry(data: Dataset, row: ProjectRow) -> dict[str, Any]:
    assert row.department is not None  # rows without a department are not entries
    entry = row.entry
    texts = ("final_target", "year_target", "progress", "reason", "next_year_goal")
    corrected = data.corrected_on(row)
    return {
        "department": _department(row.department),
        "submitted": entry is not None,
        **{name: getattr(entry, name) if entry is not None else None for name in texts},
        "rating": rating_json(row.rating),
        "corrected_at": corrected.isoformat() if corrected else None,
    }


def corrections_json(data: Dataset) -> list[dict[str, Any]]:
    """The round's 正誤表: every correction of the published year, oldest first."""
    return [
        {
            "corrected_at": corrected_on(correction).isoformat(),
            "place": correction.place,
            "previous_value": correction.previous_value,
            "corrected_value": correction.corrected_value,
            "reason": correction.reason,
        }
        for correction in data.corrections.rows
    ]


def indicator_json(data: Dataset, record: IndicatorRecord) -> dict[str, Any]:
    """One indicator with the actual values the reader may see, oldest first."""
    indicator = record.indicator
    node = data.node_id(record.node)
    return {
        "id": ids.indicator_id(node, record.ordinal),
        "node_id": node,
        "label": indicator.label,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "direction_label": DIRECTION_LABELS[Direction(indicator.direction)],
        "achievement_formula": data.plan.achievement_formula,
        "baseline": {"value": as_json(indicator.baseline_value), "fiscal_year": indicator.baseline_year},
        "target": {"value": as_json(indicator.target_value), "fiscal_year": indicator.target_year},
        "values": [
            {
                **year_json(value.fiscal_year),
                "value": as_json(value.value),
                "achievement_rate": as_json(achievement(data, IndicatorRow(record, value))),
                "note": value.note,
            }
            for value in record.values
        ],
    }


def _evaluated(data: Dataset, record: NodeRecord) -> dict[str, Any]:
    """A node's fields that belong to the round: ratings and entries, or the evaluation."""
    if record.is_project:
        first = record.rows[0]
        return {
            "rating": rating_json(first.project_rating),
            "rating_rule": first.project_rule or None,
            "year_target": first.project_year_target or None,
            "entries": [_entry(data, row) for row in record.rows if row.department is not None],
        }
    evaluation = record.evaluation
    if evaluation is None:
        return {"evaluation": None}
    return {
        "evaluation": {
            "rating": rating_json(evaluation.rating),
            "rule": evaluation.rule,
            "rule_label": evaluation.rule_label,
            "comment": evaluation.comment,
        }
    }


def _shared_from(data: Dataset, node: PlanNode) -> str | None:
    """The 事業ID of the other plan's project a shared project (共通事業) shows, else None."""
    source = node.shared_from if node.shared_from_id is not None else None
    return ids.node_id(data.plan.municipality.code, source.plan_id, source.code) if source else None


def node_json(data: Dataset, record: NodeRecord) -> dict[str, Any]:
    """A node with its children; projects carry their departments' entries (without a round,
    the structure only)."""
    node = record.node
    body: dict[str, Any] = {
        "id": data.node_id(node),
        "code": node.code,
        "level": node.level,
        "level_label": node.level_label,
        "title": node.title,
        "description": node.description,
        "is_project": record.is_project,
    }
    if record.is_project:
        original = node.listing_of
        body |= {
            "cross_listing_of": data.node_id(original) if original else None,
            "shared_from": _shared_from(data, node),
            "departments": [_department(owner) for owner in record.owners],
            "final_target": (node.final_target or None) if original is None else None,
        }
    if data.round is not None:
        body |= _evaluated(data, record)
        corrected = data.corrections.on(Correction.Kind.NODE, node.pk)
        body["corrected_at"] = corrected.isoformat() if corrected else None
    body["indicators"] = [indicator_json(data, item) for item in record.indicators]
    body["children"] = [node_json(data, child) for child in record.children]
    return body


def entry_rows_json(data: Dataset) -> list[dict[str, Any]]:
    """The entries table as JSON objects, keyed as in the data dictionary."""
    columns = entry_columns(data.plan.level_labels)
    return [json_row(columns, data, row) for row in data.rows]


def document(data: Dataset) -> dict[str, Any]:
    """The whole round as one JSON object."""
    assert data.round is not None
    return {
        "schema_version": SCHEMA_VERSION,
        "plan": plan_json(data.plan),
        **year_json(data.round.fiscal_year),
        "round": round_json(data.round),
        "rating_scale": scale_json(data.codes),
        "summary": {
            "projects": data.tally.total,
            "rated": data.tally.rated,
            "unrated": data.tally.unrated,
            "counts": dict(data.tally.counts),
            "non_rating_counts": dict(data.tally.others),
        },
        "nodes": [node_json(data, root) for root in data.roots],
        "corrections": corrections_json(data),
    }
