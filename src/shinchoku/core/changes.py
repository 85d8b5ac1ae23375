"""What changed between two years' ratings: which projects rose or fell, began or ended.

A year is given as a mapping from each project reported that year (it has an entry or an
evaluation) to its rating code, None when it was reported without a rating. Rising and falling
are ranked by the plan's scale (best first), so the rules hold for A–C, S–C, ◎○△× or 1–5 alike;
unrated projects and non-rating codes (未着手, 対象外 …) are never ranked, they are counted as
not comparable instead.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from shinchoku.core.ratings import Scale

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class RatingChange(Generic[K]):
    key: K
    before: str
    after: str


@dataclass(frozen=True)
class YearChanges(Generic[K]):
    """The projects of both years sorted into what happened to them, in the order given."""

    rose: list[RatingChange[K]]
    fell: list[RatingChange[K]]
    unchanged: int
    not_comparable: list[K]  # reported both years, but unrated or with a non-rating code in one
    new: list[K]  # reported this year, not the year before
    ended: list[K]  # reported the year before, not this year


def compare_years(
    scale: Scale, before: Mapping[K, str | None], after: Mapping[K, str | None]
) -> YearChanges[K]:
    """Compare the ratings of ``before`` (the previous year) with those of ``after``.

    A project rose when its rank on ``scale`` improved (a smaller rank is better) and fell when
    it worsened. Keys are kept in the order of ``after`` (``ended`` in the order of ``before``).
    """
    rose: list[RatingChange[K]] = []
    fell: list[RatingChange[K]] = []
    unchanged = 0
    not_comparable: list[K] = []
    new: list[K] = []
    for key, code in after.items():
        if key not in before:
            new.append(key)
            continue
        previous = before[key]
        old_rank = scale.rank(previous) if previous is not None else None
        new_rank = scale.rank(code) if code is not None else None
        if old_rank is None or new_rank is None or previous is None or code is None:
            not_comparable.append(key)
        elif new_rank < old_rank:
            rose.append(RatingChange(key, previous, code))
        elif new_rank > old_rank:
            fell.append(RatingChange(key, previous, code))
        else:
            unchanged += 1
    ended = [key for key in before if key not in after]
    return YearChanges(rose, fell, unchanged, not_comparable, new, ended)
