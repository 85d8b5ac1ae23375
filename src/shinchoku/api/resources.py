"""What each API endpoint returns, as JSON-ready data, for a given reader.

Visibility is :func:`shinchoku.accounts.permissions.whole_round_rounds`: a round the reader may not
see is reported as not found, and indicator values of such a round's year are withheld. The
bodies are built by :mod:`shinchoku.reports.opendata`, the same code as the open-data files.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import can_read_whole_round, whole_round_rounds
from shinchoku.api.responses import not_found
from shinchoku.editions.structure import plan_as_shown, shown_row
from shinchoku.evaluations.models import CommitteeOpinion, Round
from shinchoku.plans.models import Municipality, Plan, RatingCode
from shinchoku.reports.opendata.columns import evaluation_columns, json_row
from shinchoku.reports.opendata.dataset import Dataset, load_dataset
from shinchoku.reports.opendata.document import (
    document,
    entry_rows_json,
    indicator_json,
    node_json,
    opinion_json,
    plan_json,
    round_json,
    scale_json,
)

Reader = User | AnonymousUser


# IDs and years past a 64-bit integer cannot be in the database (and SQLite refuses to compare them).
_LARGEST_ID = 2**63 - 1


def plan_or_404(plan_id: int) -> Plan:
    plan = None
    if plan_id <= _LARGEST_ID:
        plan = Plan.objects.select_related("municipality").filter(pk=plan_id).first()
    if plan is None:
        raise not_found(f"計画(ID {plan_id})は見つかりません。")
    return plan


def round_or_404(reader: Reader, plan: Plan, year: int) -> Round:
    round_ = (
        whole_round_rounds(reader, plan).filter(fiscal_year=year).first() if year <= _LARGEST_ID else None
    )
    if round_ is None:
        raise not_found(f"この計画の{year}年度の評価は見つからないか、まだ公表されていません。")
    return round_


def municipalities(place: Q) -> QuerySet[Municipality]:
    """The municipalities in ``place`` (see :mod:`.places`), in code order: counted and sliced by
    :func:`~shinchoku.api.responses.paginate`, turned into rows by :func:`municipality_rows`."""
    return Municipality.objects.filter(place).order_by("code")


def municipality_rows(found: list[Municipality]) -> list[dict[str, Any]]:
    """One page of municipalities with their plans: one query."""
    plans: dict[int, list[dict[str, Any]]] = defaultdict(list)
    in_order = Plan.objects.filter(municipality__in=found).order_by("-first_fiscal_year", "title", "pk")
    for pk, municipality_id, title in in_order.values_list("pk", "municipality_id", "title"):
        plans[municipality_id].append({"id": pk, "title": title})
    return [{"code": m.code, "name": m.name, "plans": plans[m.pk]} for m in found]


def plans(place: Q) -> QuerySet[Plan]:
    """The plans of the municipalities in ``place``, by municipality code, newest first: counted
    and sliced by :func:`~shinchoku.api.responses.paginate`, turned into rows by :func:`plan_rows`."""
    return (
        Plan.objects.filter(place)
        .select_related("municipality")
        .order_by("municipality__code", "-first_fiscal_year", "title", "pk")
    )


def plan_rows(reader: Reader, found: list[Plan]) -> list[dict[str, Any]]:
    """One page of plans with the fiscal years of the rounds the reader may read whole (see
    :func:`whole_round_rounds`), newest first: one query."""
    years: dict[int, list[int]] = defaultdict(list)
    municipality_of = {plan.pk: plan.municipality_id for plan in found}
    for round_ in Round.objects.filter(plan__in=found).order_by("plan_id", "-fiscal_year"):
        if can_read_whole_round(reader, round_, municipality_of[round_.plan_id]):
            years[round_.plan_id].append(round_.fiscal_year)
    return [plan_json(plan) | {"fiscal_years": years[plan.pk]} for plan in found]


def plan_detail(reader: Reader, plan: Plan) -> dict[str, Any]:
    codes = list(RatingCode.objects.filter(scale_id=plan.rating_scale_id).order_by("position"))
    return plan_json(plan) | {"rating_scale": scale_json(codes), "rounds": rounds(reader, plan)}


def rounds(reader: Reader, plan: Plan) -> list[dict[str, Any]]:
    return [round_json(round_) for round_ in whole_round_rounds(reader, plan)]


def _dataset(reader: Reader, plan: Plan, round_: Round | None) -> Dataset:
    return load_dataset(plan, round_, list(whole_round_rounds(reader, plan)))


def nodes(reader: Reader, plan: Plan) -> list[dict[str, Any]]:
    """The plan tree without any round's data."""
    data = _dataset(reader, plan, None)
    return [node_json(data, root) for root in data.roots]


def round_document(reader: Reader, plan: Plan, round_: Round) -> dict[str, Any]:
    """The whole round, exactly as the open-data JSON file."""
    return document(_dataset(reader, plan, round_))


def entries(reader: Reader, plan: Plan, round_: Round) -> list[dict[str, Any]]:
    return entry_rows_json(_dataset(reader, plan, round_))


def evaluations(reader: Reader, plan: Plan, round_: Round) -> list[dict[str, Any]]:
    data = _dataset(reader, plan, round_)
    columns = evaluation_columns()
    return [json_row(columns, data, record) for record in data.walk() if not record.is_project]


def indicators(reader: Reader, plan: Plan) -> list[dict[str, Any]]:
    """Every indicator with the actual values of the years the reader may see."""
    data = _dataset(reader, plan, None)
    return [indicator_json(data, record) for record in data.indicators]


def opinions(plan: Plan, round_: Round) -> list[dict[str, Any]]:
    """The committee's opinions and the city's responses of a round the reader may see, in the
    order of the plan's tree; who wrote an opinion is never given."""
    found = list(
        CommitteeOpinion.objects.filter(round=round_).select_related("node").order_by("position", "pk")
    )
    shown = plan_as_shown(plan, round_)  # a published year's level names and node names as published
    for item in found:
        row = shown_row(round_, "node", item.node_id)
        if row is not None:
            item.node.code, item.node.title, item.node.level = row["code"], row["title"], row["level"]
    return [opinion_json(shown, item) for item in sorted(found, key=lambda item: _tree_order(item.node.code))]


def _tree_order(code: str) -> list[tuple[int, str]]:
    """Node numbers in the order of the tree (1, 1-1, 1-1-1, 1-2 … 1-10): each part of a
    number compared as a number where it is one."""
    return [(int(part), "") if part.isdigit() else (1 << 30, part) for part in code.split("-")]
