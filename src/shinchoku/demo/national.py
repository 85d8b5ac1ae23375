"""The national dataset: N invented municipalities (up to 1,741, the number of 市区町村) spread over
the 47 prefectures, each with 1–3 plans of different shapes and three years in every round state,
for measuring one deployment that serves many cities.

:func:`generate_national` writes everything in one transaction on an empty database (it refuses
one that holds a municipality): rows are generated as plain values (:mod:`.national_plans`,
:mod:`.national_history`) and loaded table by table (:mod:`.national_loader`: ``COPY`` on
PostgreSQL), a batch at a time, so memory stays flat. Then the published years are frozen
(:func:`~shinchoku.editions.snapshot.freeze_published_rounds`, the same snapshot publishing
takes) and each municipality gets an audit entry (``generate_demo``), which the page cache reads
as its data version. The same seed gives the same data.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.db import transaction

from shinchoku.audit.services import record
from shinchoku.demo import plan_vocabulary as vocab
from shinchoku.demo.generator import GENERATE_ACTION
from shinchoku.demo.national_cities import MAX_MUNICIPALITIES, invent_cities
from shinchoku.demo.national_history import STATE_PATTERNS, write_years
from shinchoku.demo.national_loader import RowLoader
from shinchoku.demo.national_plans import build_plan
from shinchoku.demo.national_shapes import SHAPES
from shinchoku.editions.snapshot import freeze_published_rounds
from shinchoku.plans.models import Department, Municipality

CURRENT_FISCAL_YEAR = 2024
PLAN_YEARS = 6
PLANS_PER_CITY_WEIGHTS = (4, 4, 2)  # 1, 2 or 3 plans
# Projects per plan: most plans are small, a few large (mean about 90 for the default range).
DEFAULT_PROJECTS = (20, 300)
SIZE_SKEW = 3.0


class NationalDatasetError(Exception):
    """The national dataset cannot be generated here; the message is Japanese and says why."""


@dataclass
class NationalSummary:
    """What :func:`generate_national` wrote: municipalities, plans, rows per table, seconds."""

    municipalities: list[Municipality]
    plans: int
    entries: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def describe(self) -> str:
        """One Japanese line: what was created, with the rate."""
        rate = self.total_rows / self.seconds if self.seconds else 0.0
        return (
            f"全国データ: 自治体 {len(self.municipalities):,}件・計画 {self.plans:,}件・"
            f"担当課別の評価 {self.entries:,}件(全 {self.total_rows:,}行、{self.seconds:.1f}秒、"
            f"毎秒 {rate:,.0f}行)を作成しました"
        )


def generate_national(
    *,
    municipalities: int,
    seed: int = 2024,
    projects: tuple[int, int] = DEFAULT_PROJECTS,
    batch_rows: int | None = None,
) -> NationalSummary:
    """Generate ``municipalities`` invented municipalities with their plans and years.

    ``projects`` is the (smallest, largest) number of projects of a plan. Raises
    :class:`NationalDatasetError` when the database already holds a municipality and
    ``ValueError`` for a count outside 1–1,741 or a bad size range; nothing is written then.
    """
    if not 1 <= municipalities <= MAX_MUNICIPALITIES:
        raise ValueError(
            f"自治体の数は1〜{MAX_MUNICIPALITIES:,}で指定してください(指定値: {municipalities:,})。"
        )
    if not 1 <= projects[0] <= projects[1]:
        raise ValueError(f"事業の数の範囲 {projects} が正しくありません。")
    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        existing = Municipality.objects.count()
        if existing:
            raise NationalDatasetError(
                f"データベースには既に自治体が {existing:,}件登録されています。"
                "全国データは自治体のない空のデータベースにだけ作成できます。"
                "新しいデータベースを --database-url で指定してください。"
            )
        loader = RowLoader() if batch_rows is None else RowLoader(batch_rows=batch_rows)
        created: list[Municipality] = []
        plan_ids: list[int] = []
        entries = 0
        for city in invent_cities(municipalities, rng):
            municipality_id = loader.add(Municipality, name=city.name, code=city.code)
            created.append(Municipality(pk=municipality_id, name=city.name, code=city.code))
            entries += _write_city(loader, rng, municipality_id, city.name, projects, plan_ids)
        rows = loader.finish()
        rows["editions_publishedstructure"] = freeze_published_rounds(django_apps, plan_ids)
        summary = NationalSummary(created, len(plan_ids), entries, rows)
        for municipality in created:
            record(
                actor=None,
                action=GENERATE_ACTION,
                target=municipality,
                municipality=municipality,
                summary=f"全国データ: {municipality.name}(コード {municipality.code})を生成しました",
                changes={"seed": {"before": None, "after": seed}},
            )
    summary.seconds = time.perf_counter() - started
    return summary


def _write_city(
    loader: RowLoader,
    rng: random.Random,
    municipality_id: int,
    city: str,
    projects: tuple[int, int],
    plan_ids: list[int],
) -> int:
    """Write one municipality's departments and its 1–3 plans with their years (their ids are
    appended to ``plan_ids``, whose length picks each plan's round states); return its entries."""
    departments = {
        name: loader.add(Department, municipality_id=municipality_id, name=name, kind=kind, position=position)
        for position, (name, kind) in enumerate(vocab.DEPARTMENTS)
    }
    names = {department_id: name for name, department_id in departments.items()}
    entries = 0
    count = rng.choices((1, 2, 3), weights=PLANS_PER_CITY_WEIGHTS)[0]
    for shape in rng.sample(SHAPES, k=count):
        first_year = CURRENT_FISCAL_YEAR - rng.randint(2, 4)
        size = projects[0] + round((projects[1] - projects[0]) * rng.random() ** SIZE_SKEW)
        plan = build_plan(
            loader,
            rng,
            municipality_id=municipality_id,
            city=city,
            shape=shape,
            departments=departments,
            projects=size,
            first_year=first_year,
            last_year=first_year + PLAN_YEARS - 1,
        )
        years = write_years(
            loader,
            rng,
            plan,
            pattern=STATE_PATTERNS[len(plan_ids) % len(STATE_PATTERNS)],
            current_fiscal_year=CURRENT_FISCAL_YEAR,
            department_names=names,
        )
        plan_ids.append(plan.id)
        entries += years.entries
    return entries
