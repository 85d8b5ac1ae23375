"""Helpers of the ``shinchoku report`` command: finding the round and a terminal progress bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from shinchoku.core.fiscal_year import FiscalYearError, parse_fiscal_year
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Plan


class ReportCommandError(ValueError):
    """The plan or year given cannot be used; the message is Japanese and says what to do."""


def _plan_list(plans: list[Plan]) -> str:
    return "\n".join(f"  {plan.pk}: {plan.municipality.name} {plan.title}" for plan in plans)


def find_plan(plan: str | None) -> Plan:
    """The plan named by id or title, or the only plan when ``plan`` is None."""
    plans = list(Plan.objects.select_related("municipality").order_by("pk"))
    if not plans:
        raise ReportCommandError(
            "計画が登録されていません。先に import-report などで計画を登録してください。"
        )
    if plan is None:
        if len(plans) == 1:
            return plans[0]
        raise ReportCommandError(
            f"計画が複数あります。--plan で番号または名称を指定してください。\n{_plan_list(plans)}"
        )
    matches = [p for p in plans if str(p.pk) == plan.strip() or p.title == plan.strip()]
    if len(matches) != 1:
        raise ReportCommandError(
            f"計画「{plan}」が見つかりません。次の番号または名称で指定してください。\n{_plan_list(plans)}"
        )
    return matches[0]


def find_round(plan: str | None, year: str) -> Round:
    """The round of ``year`` (2023, 令和5年度, R5) of the plan :func:`find_plan` finds."""
    found = find_plan(plan)
    try:
        fiscal_year = parse_fiscal_year(year)
    except FiscalYearError as error:
        raise ReportCommandError(str(error)) from None
    round_ = (
        Round.objects.filter(plan=found, fiscal_year=fiscal_year).select_related("plan__municipality").first()
    )
    if round_ is None:
        years = "、".join(
            str(y) for y in found.rounds.order_by("fiscal_year").values_list("fiscal_year", flat=True)
        )
        raise ReportCommandError(
            f"「{found.title}」には {fiscal_year}年度の評価がありません(ある年度: {years or 'なし'})。"
        )
    return round_


def progress_bar(stream: TextIO, width: int = 30) -> Callable[[int, int], None]:
    """A progress callback drawing ``[#####     ] 3/10`` on one terminal line."""

    def show(done: int, total: int) -> None:
        filled = width * done // total if total else width
        stream.write(f"\r作成中 [{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
