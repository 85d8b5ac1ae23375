"""The dry-run view of a parsed report as plain JSON-ready data (str, int, bool, None, lists, dicts).

Projects and policies list the names of their fields that need review in ``needs_review`` (what a
screen marks) and the full items with Japanese messages in ``review_items`` (what a person reads).
Decimal values are given as strings so that no precision is lost in JSON.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shinchoku.core.fiscal_year import format_with_seireki
from shinchoku.ingest.report_text.document import (
    ParsedIndicator,
    ParsedPolicy,
    ParsedProject,
    ParsedReport,
    ReviewItem,
    TextBlock,
)


def _review_item(item: ReviewItem) -> dict[str, Any]:
    return {"field": item.field, "line": item.line, "message": item.message, "raw": item.raw}


def _blocks(blocks: list[TextBlock]) -> list[dict[str, Any]]:
    return [{"department": block.department, "text": block.text} for block in blocks]


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _indicator(indicator: ParsedIndicator) -> dict[str, Any]:
    return {
        "label": indicator.label,
        "unit": indicator.unit,
        "target_value": _decimal(indicator.target_value),
        "target_year": indicator.target_year,
        "baseline_value": _decimal(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "direction": indicator.direction,
        "source": indicator.source,
    }


def _policy(policy: ParsedPolicy) -> dict[str, Any]:
    return {
        "code": policy.code,
        "goal": policy.goal,
        "number": policy.number,
        "title": policy.title,
        "description": policy.description,
        "rating": policy.rating,
        "line": policy.line,
        "needs_review": list(dict.fromkeys(item.field for item in policy.needs_review)),
        "review_items": [_review_item(item) for item in policy.needs_review],
    }


def _project(project: ParsedProject) -> dict[str, Any]:
    return {
        "seq": project.seq,
        "policy": project.policy,
        "initiative": project.initiative,
        "name": project.name,
        "name_raw": project.name_raw,
        "content": project.content,
        "owners": list(project.owners),
        "rating": project.rating,
        "rating_raw": project.rating_raw,
        "ratings_by_owner": dict(project.ratings_by_owner),
        "relisted": project.relisted,
        "relisted_from": project.relisted_from,
        "line": project.line,
        "texts": {
            "final_target": _blocks(project.final_target),
            "progress": _blocks(project.progress),
            "reason": _blocks(project.reason),
            "next_year_goal": _blocks(project.next_year_goal),
        },
        "indicators": [_indicator(indicator) for indicator in project.indicators],
        "needs_review": project.review_fields,
        "review_items": [_review_item(item) for item in project.needs_review],
    }


def to_preview_dict(report: ParsedReport) -> dict[str, Any]:
    """Everything the parser read, in document order, with every review item."""
    review = report.all_review_items()
    return {
        "fiscal_year": report.fiscal_year,
        "fiscal_year_label": format_with_seireki(report.fiscal_year),
        "legend": [{"code": item.code, "definition": item.definition} for item in report.legend],
        "goals": [{"number": goal.number, "title": goal.title, "line": goal.line} for goal in report.goals],
        "policies": [_policy(policy) for policy in report.policies],
        "initiatives": [
            {
                "policy": initiative.policy,
                "number": initiative.number,
                "title": initiative.title,
                "line": initiative.line,
            }
            for initiative in report.initiatives
        ],
        "projects": [_project(project) for project in report.projects],
        "counts": {
            "goals": len(report.goals),
            "policies": len(report.policies),
            "initiatives": len(report.initiatives),
            "projects": len(report.projects),
            "relisted": sum(project.relisted for project in report.projects),
            "indicators": sum(len(project.indicators) for project in report.projects),
            "needs_review": len(review),
        },
        "review_items": [{"where": where, **_review_item(item)} for where, item in review],
    }
