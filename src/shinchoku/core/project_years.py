"""The years a project is evaluated (開始年度/終了年度, 中間見直し): what a valid span is, and
what changes between two consecutive years (a project begun or ended).

Pure rules shared by the plan editor and the plan workbook, so both refuse the same spans with
the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shinchoku.core import fiscal_year as fy
from shinchoku.core.reorganisation import is_active_in

FIRST_YEAR_LABEL = "開始年度"
LAST_YEAR_LABEL = "終了年度"


@dataclass(frozen=True)
class SpanProblem:
    """Why a span is refused; ``bound`` is the year at fault: "first" (開始年度) or "last" (終了年度)."""

    bound: Literal["first", "last"]
    message: str


def span_problem(
    first_year: int | None, last_year: int | None, *, period: tuple[int, int]
) -> SpanProblem | None:
    """Why ``first_year``–``last_year`` is not a valid span in a plan of ``period`` (first and
    last fiscal year), or None when it is. None leaves a bound at the plan's own."""
    plan_first, plan_last = period
    within = f"計画期間({fy.format_wareki(plan_first)}〜{fy.format_wareki(plan_last)})"
    bounds: tuple[tuple[Literal["first", "last"], str, int | None], ...] = (
        ("first", FIRST_YEAR_LABEL, first_year),
        ("last", LAST_YEAR_LABEL, last_year),
    )
    for bound, label, year in bounds:
        if year is not None and not plan_first <= year <= plan_last:
            advice = f"{plan_first}〜{plan_last} の西暦で書いてください。"
            return SpanProblem(bound, f"{label}({year}年度)が{within}の外です。{advice}")
    if first_year is not None and last_year is not None and last_year < first_year:
        return SpanProblem(
            "last", f"{LAST_YEAR_LABEL}({last_year}年度)が{FIRST_YEAR_LABEL}({first_year}年度)より前です。"
        )
    return None


def began_in(fiscal_year: int, *, first_year: int | None, last_year: int | None) -> bool:
    """True when the span starts in ``fiscal_year``: active in it, not in the year before."""
    active = is_active_in(fiscal_year, first_year=first_year, last_year=last_year)
    return active and not is_active_in(fiscal_year - 1, first_year=first_year, last_year=last_year)


def ended_before(fiscal_year: int, *, first_year: int | None, last_year: int | None) -> bool:
    """True when the span ended with the year before ``fiscal_year`` (終了): active then, not now."""
    active = is_active_in(fiscal_year, first_year=first_year, last_year=last_year)
    return not active and is_active_in(fiscal_year - 1, first_year=first_year, last_year=last_year)


def change_reason(
    kind: Literal["new", "ended"], fiscal_year: int, *, first_year: int | None, last_year: int | None
) -> str:
    """Why a project is new in or gone from ``fiscal_year`` against the year before, when its
    years say so: 「令和7年度から開始」 or 「終了(令和6年度まで)」; "" when they do not (the
    project was reported in one year only, or its rating appeared or disappeared)."""
    if kind == "new" and began_in(fiscal_year, first_year=first_year, last_year=last_year):
        return f"{fy.format_wareki(fiscal_year)}から開始"
    if (
        kind == "ended"
        and last_year is not None
        and ended_before(fiscal_year, first_year=first_year, last_year=last_year)
    ):
        return f"終了({fy.format_wareki(last_year)}まで)"
    return ""


def span_label(first_year: int | None, last_year: int | None) -> str:
    """「令和7年度から」「令和8年度まで」「令和7年度〜令和8年度」 or "" for an unbounded span."""
    if first_year is not None and last_year is not None:
        return f"{fy.format_wareki(first_year)}〜{fy.format_wareki(last_year)}"
    if first_year is not None:
        return f"{fy.format_wareki(first_year)}から"
    if last_year is not None:
        return f"{fy.format_wareki(last_year)}まで"
    return ""
