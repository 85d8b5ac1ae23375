"""The years a project is evaluated (開始年度/終了年度): ending a project from a year or adding one
from a year (中間見直し) keeps its id, its entries and its history.

What the new span leaves out must not lose anything written: the entries of a closed or published
year outside the span refuse the change (the published year stays as it was), and so does anything
written in a year still open (an entry with content, a consolidated rating, a committee opinion, a
whole-project target). The blank drafts an open year created for the project are removed, since
the project is no longer asked for in that year; a span that covers an open year again gives the
project's owners a blank entry in it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shinchoku.core.project_years import span_problem
from shinchoku.evaluations.models import CommitteeOpinion, Entry, NodeEvaluation, ProjectTarget, Round
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.models import Plan, PlanNode

OPEN_ROUND_STATES = (Round.State.PREPARING, Round.State.COLLECTING, Round.State.REVIEW)
# What a department types into an entry: an entry with none of it (and still a draft) is blank.
WRITTEN = Q(rating__isnull=False) | ~Q(progress="") | ~Q(reason="") | ~Q(next_year_goal="")


def clean_span(plan: Plan, node: PlanNode, first_year: int | None, last_year: int | None) -> None:
    """Refuse a span that is not within the plan's period in order, or one given to a node that
    is not an evaluated project (the years of a cross-listing (再掲) are its original's)."""
    if first_year is None and last_year is None:
        return
    if node.level != plan.project_level or node.listing_of_id is not None:
        raise PlanEditError(
            f"開始年度・終了年度は{plan.project_label}(再掲でないもの)にだけ書けます。", "first_year"
        )
    problem = span_problem(first_year, last_year, period=(plan.first_fiscal_year, plan.last_fiscal_year))
    if problem is not None:
        raise PlanEditError(problem.message, f"{problem.bound}_year")


def _outside(first_year: int | None, last_year: int | None) -> Q:
    """The fiscal years (of a row's round) outside ``first_year``–``last_year``."""
    outside = Q(pk__in=[])
    if first_year is not None:
        outside |= Q(round__fiscal_year__lt=first_year)
    if last_year is not None:
        outside |= Q(round__fiscal_year__gt=last_year)
    return outside


def outside_refusal(node: PlanNode, first_year: int | None, last_year: int | None) -> PlanEditError | None:
    """Why ``node`` cannot take the span ``first_year``–``last_year`` (something closed,
    published or written lies outside it), or None when it can."""
    outside = _outside(first_year, last_year)
    entries = Entry.objects.filter(outside, project=node).select_related("round", "department")
    kept = entries.exclude(round__state__in=OPEN_ROUND_STATES).order_by("round__fiscal_year").first()
    if kept is not None:
        return PlanEditError(
            f"{kept.round.fiscal_year_label}は「{kept.round.get_state_display()}」で、この項目の評価があります。"
            "締め切った年度・公表した年度の評価は残すため、その年度を含む年度にしてください。",
            _field_of(kept.round.fiscal_year, first_year),
        )
    written = entries.filter(WRITTEN | ~Q(status=Entry.Status.DRAFT)).order_by("round__fiscal_year").first()
    if written is not None:
        return PlanEditError(
            f"{written.round.fiscal_year_label}の評価(担当課 {written.department.name})が"
            "すでに書かれています。書かれた評価を消すことになるため、その年度を含む年度にするか、"
            "評価を空にしてから変えてください。",
            _field_of(written.round.fiscal_year, first_year),
        )
    others: tuple[tuple[str, QuerySet[Any]], ...] = (
        ("まとめた評価", NodeEvaluation.objects.filter(outside, node=node)),
        ("委員意見", CommitteeOpinion.objects.filter(outside, node=node)),
        ("全体の今年度の目標", ProjectTarget.objects.filter(outside, project=node)),
    )
    for what, found in others:
        row = found.select_related("round").order_by("round__fiscal_year").first()
        if row is not None:
            return PlanEditError(
                f"{row.round.fiscal_year_label}に{what}があるため、その年度を外せません。",
                _field_of(row.round.fiscal_year, first_year),
            )
    return None


def settle_years_outside(node: PlanNode, first_year: int | None, last_year: int | None) -> int:
    """Remove the blank drafts of ``node`` in the open years outside the new span and return how
    many; refuse (:class:`PlanEditError`) when anything written lies outside it."""
    refusal = outside_refusal(node, first_year, last_year)
    if refusal is not None:
        raise refusal
    drafts = Entry.objects.filter(_outside(first_year, last_year), project=node)
    removed = drafts.count()
    drafts.delete()  # counted first: the deletion count includes rows cascading from an entry
    return removed


def ask_in_open_years(node: PlanNode) -> int:
    """Give ``node``'s owners (not retired) a blank entry in each open year of its plan that its
    span now covers and that has none (a project ended, then its end moved later again): the year
    asks for it as :func:`~shinchoku.evaluations.services.rounds.open_round` would have. Returns
    how many were created."""
    rounds = Round.objects.filter(plan_id=node.plan_id, state__in=OPEN_ROUND_STATES)
    owners = [o.department for o in node.ownerships.select_related("department").order_by("position")]
    created = 0
    for round_ in rounds:
        if not node.is_active_in(round_.fiscal_year):
            continue
        for department in owners:
            if department.is_active_in(round_.fiscal_year):
                _, made = Entry.objects.get_or_create(round=round_, project=node, department=department)
                created += made
    return created


def _field_of(fiscal_year: int, first_year: int | None) -> str:
    """The form field a year outside the span belongs to: before the start, the 開始年度."""
    return "first_year" if first_year is not None and fiscal_year < first_year else "last_year"


def describe_span(node: PlanNode) -> dict[str, Any]:
    """The node's years as the audit record and the edit form's fingerprint show them."""
    return {"first_year": node.first_year, "last_year": node.last_year}
