"""The years projects are evaluated (開始年度/終了年度) as the plan has them now.

A project ended after the previous year was published is missing from this year's structure,
and the previous year's structure shows it as it was then (with no 終了年度): its years as the
plan has them now say why it is no longer evaluated.
"""

from __future__ import annotations

from collections.abc import Collection

from shinchoku.plans.models import PlanNode


def current_spans(project_ids: Collection[int]) -> dict[int, tuple[int | None, int | None]]:
    """(開始年度, 終了年度) of each project in ``project_ids``: one query, none for no ids."""
    if not project_ids:
        return {}
    found = PlanNode.objects.filter(pk__in=list(project_ids)).values_list("pk", "first_year", "last_year")
    return {pk: (first_year, last_year) for pk, first_year, last_year in found}
