"""Which name a department had and whether a project or department is part of a plan in a given
fiscal year: the pure rules behind reorganisations (組織改編) and mid-plan revisions (中間見直し)."""

from __future__ import annotations

from collections.abc import Iterable


def name_in_year(current_name: str, changes: Iterable[tuple[int, str]], fiscal_year: int) -> str:
    """The name in force in ``fiscal_year``.

    ``changes`` are (fiscal year of the change, name before it) pairs in any order: a department
    renamed from 2025 (旧名称 「福祉課」) was 福祉課 in 2024 and earlier. With several changes the
    earliest one after ``fiscal_year`` names it; with none after it, ``current_name`` does.
    """
    later = sorted((year, name) for year, name in changes if year > fiscal_year)
    return later[0][1] if later else current_name


def is_active_in(fiscal_year: int, *, first_year: int | None, last_year: int | None) -> bool:
    """True when ``fiscal_year`` lies within ``first_year``–``last_year`` (None: unbounded)."""
    after_start = first_year is None or fiscal_year >= first_year
    return after_start and (last_year is None or fiscal_year <= last_year)
