"""What each review item of a parsed report concerns once the report is stored: its kind (the
group on the desk), the node or entry and the field a person fixes.

The parser names fields in English (``name``, ``owners``, ``rating``, ``progress`` …, see
:class:`~shinchoku.ingest.report_text.document.ReviewItem`); this is the one table turning them
into what the desk shows and links to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from shinchoku.evaluations.models import Entry
from shinchoku.ingest.models import ImportReviewItem
from shinchoku.ingest.report_text.commit import StoreResult
from shinchoku.ingest.report_text.document import ParsedReport, ReviewItem
from shinchoku.plans.models import PlanNode

Kind = ImportReviewItem.Kind

# Parser field → (kind, stored field a person fixes; "" for a look only).
PROJECT_FIELDS: dict[str, tuple[str, str]] = {
    "name": (Kind.NAME, "title"),
    "content": (Kind.TEXT, "description"),
    "owners": (Kind.OWNERS, "owners"),
    "rating": (Kind.RATING, "rating"),
    "final_target": (Kind.TEXT, "final_target"),
    "progress": (Kind.TEXT, "progress"),
    "reason": (Kind.TEXT, "reason"),
    "next_year_goal": (Kind.TEXT, "next_year_goal"),
    "relisted": (Kind.RELISTED, "listing_of"),
    "indicators": (Kind.INDICATORS, "indicators"),
}
POLICY_FIELDS: dict[str, tuple[str, str]] = {
    "title": (Kind.NAME, "title"),
    "rating": (Kind.RATING, "rating"),
}
ENTRY_TARGETS = ("rating", "final_target", "progress", "reason", "next_year_goal")


@dataclass(frozen=True)
class Attributed:
    """A parsed review item with what it concerns."""

    where: str
    item: ReviewItem
    kind: str
    node: PlanNode | None
    entry: Entry | None
    target: str


def _sole_entry(node: PlanNode, round_id: int) -> Entry | None:
    """The project's one entry of the round (its rating and texts are that entry's), else None:
    several departments' entries are reached through the project's page."""
    entries = list(Entry.objects.filter(round_id=round_id, project=node)[:2])
    return entries[0] if len(entries) == 1 else None


def attribute(report: ParsedReport, stored: StoreResult) -> Iterator[Attributed]:
    """Every review item of ``report`` in :meth:`ParsedReport.all_review_items` order, with the
    stored object it concerns."""
    labelled = iter(report.all_review_items())
    for item in report.needs_review:
        where, _ = next(labelled)
        yield Attributed(where, item, Kind.STRUCTURE, None, None, "")
    for policy in report.policies:
        node = stored.policy_nodes.get(policy.code)
        for item in policy.needs_review:
            where, _ = next(labelled)
            kind, target = POLICY_FIELDS.get(item.field, (Kind.STRUCTURE, ""))
            yield Attributed(where, item, kind, node, None, target if node else "")
    for project in report.projects:
        node = stored.project_nodes.get(project.seq)
        for item in project.needs_review:
            where, _ = next(labelled)
            kind, target = PROJECT_FIELDS.get(item.field, (Kind.STRUCTURE, ""))
            entry = _sole_entry(node, stored.round.pk) if node and target in ENTRY_TARGETS else None
            yield Attributed(where, item, kind, node, entry, target if node else "")
