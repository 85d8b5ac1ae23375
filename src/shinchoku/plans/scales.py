"""The bridge from a plan's stored rating codes to the pure :class:`~shinchoku.core.ratings.Scale`."""

from __future__ import annotations

from collections.abc import Iterable

from shinchoku.core.ratings import Scale, ScaleCode
from shinchoku.plans.models import RatingCode


def core_scale(codes: Iterable[RatingCode]) -> Scale:
    """The scale of ``codes`` (give them ordered by position, best first)."""
    return Scale(tuple(ScaleCode(code.code, code.label, code.definition, code.is_rating) for code in codes))
