"""The value of the field a review item concerns, as stored now, in plain JSON form.

An item is fixed once this value differs from the one it had right after the import
(``ImportReviewItem.imported``): a person changed the name, the owners, the rating … it points at.
"""

from __future__ import annotations

from typing import Any

from shinchoku.evaluations.models import Entry, NodeEvaluation
from shinchoku.plans.models import PlanNode

NODE_FIELDS = ("title", "description")
ENTRY_TEXTS = ("final_target", "progress", "reason", "next_year_goal")


def _indicators(node: PlanNode) -> list[list[Any]]:
    return [
        [i.label, i.unit, str(i.target_value), i.target_year, str(i.baseline_value), i.baseline_year]
        for i in node.indicators.order_by("position", "pk")
    ]


def _node_ratings(node: PlanNode, round_id: int) -> dict[str, Any]:
    evaluation = NodeEvaluation.objects.filter(round_id=round_id, node=node).first()
    entries = Entry.objects.filter(round_id=round_id, project=node).order_by("department_id")
    return {
        "evaluation": evaluation.rating_id if evaluation else None,
        "entries": [[entry.department_id, entry.rating_id] for entry in entries],
    }


def _node_texts(node: PlanNode, round_id: int, field: str) -> dict[str, Any]:
    entries = Entry.objects.filter(round_id=round_id, project=node).order_by("department_id")
    whole = node.final_target if field == "final_target" else ""
    return {"project": whole, "entries": [[e.department_id, getattr(e, field)] for e in entries]}


def observe(node: PlanNode | None, entry: Entry | None, target: str, round_id: int) -> Any:
    """The stored value of ``target`` on ``entry`` (when given) or ``node``; None when the item
    concerns no stored field (then only a person's 確認 settles it)."""
    if entry is not None:
        return entry.rating_id if target == "rating" else getattr(entry, target)
    if node is None or not target:
        return None
    if target in NODE_FIELDS:
        return getattr(node, target)
    if target == "owners":
        return list(node.ownerships.order_by("position").values_list("department_id", flat=True))
    if target == "listing_of":
        return node.listing_of_id
    if target == "indicators":
        return _indicators(node)
    if target == "rating":
        return _node_ratings(node, round_id)
    if target in ENTRY_TEXTS:
        return _node_texts(node, round_id, target)
    raise ValueError(f"unknown review target {target!r}")
