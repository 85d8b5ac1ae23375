"""Generating a complete, realistic demo municipality: みどり市 and its 地域福祉計画 with several
years of evaluations.

The data are invented (see :mod:`.plan_vocabulary` and :mod:`.entry_vocabulary`); the same seed
always produces the same data. Everything is written in one transaction, so a failure leaves
nothing behind.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

from django.apps import apps as django_apps
from django.db import transaction

from shinchoku.audit.services import record
from shinchoku.demo.changes import rename_department_from
from shinchoku.demo.history import build_history
from shinchoku.demo.lapses import add_quality_lapses
from shinchoku.demo.structure import (
    DEMO_MUNICIPALITY_CODE,
    DEMO_MUNICIPALITY_NAME,
    PLAN_FIRST_YEAR,
    PLAN_LAST_YEAR,
    build_structure,
)
from shinchoku.editions.snapshot import freeze_published_rounds
from shinchoku.plans.models import Municipality, Plan
from shinchoku.search.services import rebuild_search_index

GENERATE_ACTION = "generate_demo"


class DemoAlreadyExistsError(Exception):
    """The demo municipality is already in the database; the message is Japanese."""


@dataclass(frozen=True)
class DemoCounts:
    """How many rows of each kind the generator wrote."""

    departments: int
    nodes: int
    projects: int  # project nodes that are evaluated (cross-listings not included)
    multi_owner_projects: int
    cross_listings: int
    owners: int
    indicators: int
    indicator_values: int
    rounds: int
    entries: int
    node_evaluations: int
    committee_opinions: int


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`generate_demo` created."""

    municipality: Municipality
    plan: Plan
    counts: DemoCounts

    def describe(self) -> str:
        """One Japanese line for people: what was created, with the main counts."""
        counts = self.counts
        return (
            f"{self.municipality.name}「{self.plan.title}」を作成しました"
            f"({self.plan.project_label} {counts.projects:,}件・再掲 {counts.cross_listings:,}件・"
            f"指標 {counts.indicators:,}件・"
            f"年度 {counts.rounds}件・担当課別の評価 {counts.entries:,}件)"
        )


def generate_demo(*, scale: int = 1, seed: int = 2024, current_fiscal_year: int = 2024) -> DemoSummary:
    """Create the demo municipality with its plan, rounds and evaluations, in one transaction.

    ``scale`` multiplies the number of 基本目標 (scale 1 has about 110 projects). Rounds before
    ``current_fiscal_year`` are published; that year's round is collecting and partly filled.
    The same ``seed`` gives the same data. Raises :class:`DemoAlreadyExistsError` if the demo
    municipality exists and ``ValueError`` for a scale below 1 or a year outside the plan period;
    in both cases nothing is written.
    """
    if scale < 1:
        raise ValueError(f"scale は1以上で指定してください(指定値: {scale})。")
    if not PLAN_FIRST_YEAR <= current_fiscal_year <= PLAN_LAST_YEAR:
        raise ValueError(
            f"現在の年度 {current_fiscal_year} はデモ計画の期間"
            f"({PLAN_FIRST_YEAR}〜{PLAN_LAST_YEAR}年度)の外です。"
        )
    rng = random.Random(seed)
    with transaction.atomic():
        if Municipality.objects.filter(code=DEMO_MUNICIPALITY_CODE).exists():
            raise DemoAlreadyExistsError(
                f"デモ用の自治体「{DEMO_MUNICIPALITY_NAME}」(コード {DEMO_MUNICIPALITY_CODE})は"
                "既に登録されています。デモデータは空のデータベースにだけ作成できます。"
            )
        structure = build_structure(rng, scale=scale)
        history = build_history(rng, structure, current_fiscal_year=current_fiscal_year)
        add_quality_lapses(structure.plan, seed=seed)
        rename_department_from(structure.plan, current_fiscal_year)
        freeze_published_rounds(django_apps, [structure.plan.pk])
        rebuild_search_index(structure.plan)
        counts = DemoCounts(
            departments=len(structure.departments),
            nodes=structure.node_count,
            projects=len(structure.projects),
            multi_owner_projects=sum(1 for project in structure.projects if len(project.owners) > 1),
            cross_listings=len(structure.cross_listings),
            owners=structure.owner_count,
            indicators=len(structure.indicators),
            indicator_values=history.indicator_values,
            rounds=len(history.rounds),
            entries=history.entries,
            node_evaluations=history.node_evaluations,
            committee_opinions=history.committee_opinions,
        )
        summary = DemoSummary(municipality=structure.municipality, plan=structure.plan, counts=counts)
        record(
            actor=None,
            action=GENERATE_ACTION,
            target=structure.municipality,
            municipality=structure.municipality,
            summary=f"デモデータ: {summary.describe()}",
            changes={
                "seed": {"before": None, "after": seed},
                "scale": {"before": None, "after": scale},
                **{name: {"before": 0, "after": value} for name, value in asdict(counts).items()},
            },
        )
    return summary
