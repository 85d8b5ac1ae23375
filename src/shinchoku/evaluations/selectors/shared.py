"""The entries a plan shows for its shared projects (共通事業), read from the other plan's round.

A node with ``shared_from`` has no entries of its own: its departments enter the project once,
on the other plan's project, in that plan's round of the same fiscal year. The plan showing it
reads those entries (and the project's consolidated rating there) in one query, whatever the
number of shared projects.

Visibility: the reader's ``visible`` filter applies to them as to any entry. Without one, a
published round shows the other plan's entries only when that plan's round of the year is
published too, so a published page never carries another plan's unpublished work; the project
then stays 未評価 there until that round is published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.plans.models import PlanNode, ProjectOwner


def shared_note(node: PlanNode) -> str:
    """「共通事業(計画名 番号)」 for a node showing another plan's project, else ''. Reads the
    source and its plan (two queries per shared node; a plan has few)."""
    source = node.shared_from if node.shared_from_id is not None else None
    return f"共通事業({source.plan.title} {source.code})" if source is not None else ""


def shown_shared_entries(round_: Round, visible: Q | None) -> Q:
    """The filter on the other plan's entries for a page of ``round_`` (see the module's note)."""
    if visible is not None:
        return visible
    return Q(round__state=Round.State.PUBLISHED) if round_.is_published else Q()


def _in_owner_order(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """``entries`` lead department first, then the other owners in order, then any other."""
    owner = ProjectOwner.objects.filter(
        project_id=OuterRef("project_id"), department_id=OuterRef("department_id")
    )
    place = Coalesce(Subquery(owner.values("position")[:1]), Value(999))
    return entries.annotate(owner_place=place).order_by("project_id", "owner_place", "pk")


def shared_entry_rows(
    round_: Round, municipality_id: int, sources: Collection[int], columns: Sequence[str], visible: Q | None
) -> list[tuple[Any, ...]]:
    """The entries of the projects ``sources`` (of other plans of the same city) in their plans'
    rounds of ``round_``'s fiscal year, one query, in entry order.

    Each row holds ``columns`` with, after the first three (project, department, rating), the
    project's consolidated rating and rule in that round (None when it has none); ratings are
    given by their code, which the showing plan's scale has too (see
    :func:`shinchoku.plans.editing.shared.check_shared_source`).
    """
    evaluation = NodeEvaluation.objects.filter(round_id=OuterRef("round_id"), node_id=OuterRef("project_id"))
    rows = (
        Entry.objects.filter(
            shown_shared_entries(round_, visible),
            project_id__in=list(sources),
            round__fiscal_year=round_.fiscal_year,
            round__plan__municipality_id=municipality_id,
        )
        .exclude(round_id=round_.pk)
        .annotate(
            shared_rating=Subquery(evaluation.values("rating__code")[:1]),
            shared_rule=Subquery(evaluation.values("rule")[:1]),
        )
    )
    chosen = (*columns[:2], "rating__code", "shared_rating", "shared_rule", *columns[3:])
    return list(_in_owner_order(rows).values_list(*chosen))


def shared_entries_by_node(
    plan_id: int, round_: Round, visible: Q | None = None
) -> tuple[dict[int, list[Entry]], dict[int, NodeEvaluation]]:
    """The other plans' entries (as models, with department and rating) that the shared nodes of
    plan ``plan_id`` show in ``round_``, by node, and those projects' consolidated evaluations
    (unsaved, rating and rule only) by node: one query, for the open data and its reports."""
    evaluation = NodeEvaluation.objects.filter(round_id=OuterRef("round_id"), node_id=OuterRef("project_id"))
    rows = (
        Entry.objects.filter(
            shown_shared_entries(round_, visible),
            project__shared_in__plan_id=plan_id,
            round__fiscal_year=round_.fiscal_year,
        )
        .exclude(round_id=round_.pk)
        .annotate(
            shown_as=F("project__shared_in__pk"),
            shared_rating=Subquery(evaluation.values("rating_id")[:1]),
            shared_rule=Subquery(evaluation.values("rule")[:1]),
        )
        .select_related("department", "rating")
    )
    entries: dict[int, list[Entry]] = defaultdict(list)
    evaluations: dict[int, NodeEvaluation] = {}
    for entry in _in_owner_order(rows):
        node_id: int = entry.shown_as  # type: ignore[attr-defined]
        entries[node_id].append(entry)
        rating_id: int | None = entry.shared_rating  # type: ignore[attr-defined]
        if rating_id is not None:
            rule: str = entry.shared_rule  # type: ignore[attr-defined]
            evaluations[node_id] = NodeEvaluation(node_id=node_id, rating_id=rating_id, rule=rule)
    return entries, evaluations


def shared_history(
    source_id: int, rounds: Sequence[Round], visible: Q | None
) -> tuple[dict[int, list[Entry]], dict[int, NodeEvaluation]]:
    """For a shared node's page: the entries and evaluations of its source project ``source_id``
    in the other plan's rounds of the fiscal years of ``rounds`` (this plan's rounds the reader
    sees), keyed by the id of this plan's round of the same year; two queries. Without
    ``visible``, only the other plan's published rounds are read for this plan's published ones."""
    by_year = {round_.fiscal_year: round_ for round_ in rounds}
    entries: dict[int, list[Entry]] = defaultdict(list)
    evaluations: dict[int, NodeEvaluation] = {}
    if not by_year:
        return entries, evaluations
    published = [year for year, round_ in by_year.items() if round_.is_published]
    unpublished = [year for year in by_year if year not in published]
    years = Q(round__fiscal_year__in=unpublished) | Q(
        round__fiscal_year__in=published, round__state=Round.State.PUBLISHED
    )
    shown = visible if visible is not None else years
    found = Entry.objects.filter(shown, project_id=source_id, round__fiscal_year__in=list(by_year))
    for entry in _in_owner_order(found.select_related("rating", "department", "round")):
        entries[by_year[entry.round.fiscal_year].pk].append(entry)
    # An evaluation is shown with its year's entries only: it follows their visibility.
    rated = NodeEvaluation.objects.filter(node_id=source_id, round__fiscal_year__in=list(by_year))
    for evaluation in rated.select_related("rating", "round"):
        if entries.get(by_year[evaluation.round.fiscal_year].pk):
            evaluations[by_year[evaluation.round.fiscal_year].pk] = evaluation
    return entries, evaluations
