"""Template filters of the quality checks' counts (see :mod:`shinchoku.evaluations.selectors.quality`)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def count_for(counts: dict[int, int] | None, key: int | None) -> int:
    """``counts[key]``, 0 when absent: ``{{ quality.by_department|count_for:row.department.pk }}``."""
    if counts is None or key is None:
        return 0
    return counts.get(key, 0)
