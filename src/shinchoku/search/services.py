"""Keeping the search index in step with the entries.

:func:`rebuild_search_index` rewrites a plan's documents after bulk changes (an import, the demo
generator, a department renamed from a year); :func:`update_entry_document` refreshes one entry
after an edit. Both run inside the
caller's transaction when there is one, so the index never disagrees with committed entries.
"""

from __future__ import annotations

from django.db import transaction

from shinchoku.core.text import search_key
from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import Plan, PlanNode
from shinchoku.search.models import SearchDocument

# The entry texts searched, with their labels, in the order a snippet is looked for.
ENTRY_TEXT_FIELDS = {
    "progress": "進捗状況",
    "reason": "評価の理由・課題",
    "next_year_goal": "次年度の目標",
    "year_target": "今年度の目標",
    "final_target": "計画最終年度までの目標",
}


def document_texts(entry: Entry) -> list[str]:
    """The searchable texts of ``entry``, as displayed: project title and description, the
    department's name in the entry's year (prefetch ``department__name_changes``), then the
    entry's texts in :data:`ENTRY_TEXT_FIELDS` order."""
    project = entry.project
    return [
        project.title,
        project.description,
        entry.department.name_in(entry.round.fiscal_year),
        *(getattr(entry, name) for name in ENTRY_TEXT_FIELDS),
    ]


def document_key(texts: list[str]) -> str:
    """One search key per text, one per line: queries have no whitespace, so a match stays inside one text."""
    return "\n".join(search_key(text) for text in texts)


def _policy_of(project: PlanNode, nodes: dict[int, PlanNode], policy_level: int) -> PlanNode | None:
    """The node at the plan's evaluation level above ``project`` (its 施策 …), if any."""
    node: PlanNode | None = project
    while node is not None and node.level > policy_level:
        node = nodes.get(node.parent_id) if node.parent_id is not None else None
    return node if node is not None and node.level == policy_level else None


def _document(entry: Entry, policy: PlanNode | None) -> SearchDocument:
    return SearchDocument(
        entry=entry,
        plan_id=entry.round.plan_id,
        round_id=entry.round_id,
        fiscal_year=entry.round.fiscal_year,
        project_id=entry.project_id,
        policy=policy,
        department_id=entry.department_id,
        rating_id=entry.rating_id,
        key=document_key(document_texts(entry)),
    )


def rebuild_search_index(plan: Plan) -> int:
    """Replace every search document of ``plan`` with fresh ones from its entries; return how many.

    A fixed number of queries whatever the plan's size (nodes, entries, one delete, bulk inserts).
    """
    nodes = {node.pk: node for node in plan.nodes.all()}
    policy_level = plan.evaluation_level
    entries = (
        Entry.objects.filter(round__plan=plan)
        .select_related("round", "department")
        .prefetch_related("department__name_changes")
    )
    documents = []
    for entry in entries:
        entry.project = nodes[entry.project_id]
        documents.append(_document(entry, _policy_of(entry.project, nodes, policy_level)))
    with transaction.atomic():
        SearchDocument.objects.filter(plan=plan).delete()
        SearchDocument.objects.bulk_create(documents, batch_size=500)
    return len(documents)


def update_entry_document(entry: Entry) -> SearchDocument:
    """Create or refresh the search document of one entry (call after saving an edit)."""
    entry = (
        Entry.objects.select_related("round__plan", "project", "department")
        .prefetch_related("department__name_changes")
        .get(pk=entry.pk)
    )
    plan = entry.round.plan
    ancestors = {node.pk: node for node in plan.nodes.filter(level__lt=entry.project.level)}
    ancestors[entry.project.pk] = entry.project
    document = _document(entry, _policy_of(entry.project, ancestors, plan.evaluation_level))
    with transaction.atomic():
        SearchDocument.objects.filter(entry=entry).delete()
        document.save()
    return document
