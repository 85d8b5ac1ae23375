"""Plans of other shapes than the tiny plan's, built with the ORM, for tests that must hold for
any plan: 2, 3 and 5 levels with level names no other shape uses (but 事業, the projects' name in
two of them; the third calls them 事務事業), and the evaluation level where each plan puts it.

``build_shaped_plan`` returns a :class:`~tests.evaluations.tiny_plan.TinyPlan`, so every helper
written for the tiny plan (page discovery in tests/web/page_types.py, the personas) works on it:
``goal`` is the root, ``policy`` the node at the evaluation level (the root itself when that level
is 0), ``initiatives`` the nodes between it and the projects (none in a plan whose projects hang
directly under the evaluated nodes). Under the deepest of them:
- ``single``: one owner (生涯学習課), rated ◎ in the published round, ○ in the collecting one;
- ``shared``: 共生福祉課 (lead) ○ and 社協 ◎, consolidated ○ (lowest);
- ``unrated``: an entry without a rating;
- ``relisted``: cross-lists ``shared`` (再掲).
The published round has a consolidated evaluation of ``policy``, a committee opinion on it with
the city's response, and an indicator with actual values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps

from shinchoku.editions.snapshot import take_snapshot
from shinchoku.evaluations.models import CommitteeOpinion, Entry, IndicatorValue, NodeEvaluation, Round
from shinchoku.plans.models import (
    Indicator,
    Plan,
    PlanNode,
    ProjectOwner,
)
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_city


@dataclass(frozen=True)
class Shape:
    """A plan shape: its level names, root first, and the level that gets the evaluation."""

    name: str
    level_labels: tuple[str, ...]
    evaluation_level: int


TWO_LEVELS = Shape("2階層", ("分野", "事業"), 0)
THREE_LEVELS = Shape("3階層", ("基本方針", "施策", "事業"), 1)
# The evaluation level is not the one above the projects' parents: two levels lie between.
FIVE_LEVELS = Shape("5階層", ("将来像", "政策", "基本方向", "具体策", "事務事業"), 1)
SHAPES = (TWO_LEVELS, THREE_LEVELS, FIVE_LEVELS)
# The tiny plan's (and the seed's) levels: the names code used to assume.
CANONICAL_LABELS = ("基本目標", "施策", "取組", "事業")

# Node titles by level, free of any level name of any shape.
_TITLES = ("誰もが安心して暮らせるまち", "支え合う地域づくりの推進", "身近な相談の場の充実", "相談窓口の周知")
_SCALE = (
    ("◎", "順調", "計画どおりに進んでいる"),
    ("○", "おおむね順調", "一部に遅れがあるが、おおむね計画どおり"),
    ("△", "遅れ", "計画より遅れている"),
)


def forbidden_labels(shape: Shape) -> set[str]:
    """The level names of the canonical plan and of the other shapes that ``shape`` lacks.

    A name inside one of the plan's own (事業 in 事務事業) is left out: as a word, 事業 is also the
    domain's (事業主体, the open data's 事業ID column), and a text cannot tell them apart.
    """
    every = {*CANONICAL_LABELS, *(label for other in SHAPES for label in other.level_labels)}
    return {label for label in every if not any(label in own for own in shape.level_labels)}


def build_shaped_plan(shape: Shape) -> TinyPlan:
    built = build_tiny_city("三段階", _SCALE)
    city, scale, codes, departments = built.municipality, built.scale, built.codes, built.departments
    plan = Plan.objects.create(
        municipality=city,
        title="北本市地域づくり計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=list(shape.level_labels),
        evaluation_level=shape.evaluation_level,
        rating_scale=scale,
    )
    plan.full_clean()

    def node(parent: PlanNode | None, number: int, title: str, **extra: object) -> PlanNode:
        code = f"{parent.code}-{number}" if parent else str(number)
        return PlanNode.objects.create(
            plan=plan,
            parent=parent,
            level=parent.level + 1 if parent else 0,
            position=number,
            code=code,
            title=title,
            description=f"{title}に向けて進めます。",
            **extra,
        )

    chain = [node(None, 1, _TITLES[0])]
    while chain[-1].level < plan.project_level - 1:
        chain.append(node(chain[-1], 1, _TITLES[min(len(chain), 2)] + f"({len(chain)})"))
    parent = chain[-1]
    single = node(parent, 1, "地域の見守り活動")
    shared = node(parent, 2, "情報紙の発行")
    unrated = node(parent, 3, _TITLES[3])
    relisted = node(parent, 4, "情報紙の発行", listing_of=shared)
    ProjectOwner.objects.create(project=single, department=departments["生涯学習課"], position=0)
    ProjectOwner.objects.create(project=shared, department=departments["共生福祉課"], position=0)
    ProjectOwner.objects.create(project=shared, department=departments["社協"], position=1)
    ProjectOwner.objects.create(project=unrated, department=departments["社協"], position=0)

    published = Round.objects.create(plan=plan, fiscal_year=2023, state=Round.State.PUBLISHED)
    collecting = Round.objects.create(plan=plan, fiscal_year=2024, state=Round.State.COLLECTING)

    def entry(round_: Round, project: PlanNode, department: str, rating: str | None) -> None:
        Entry.objects.create(
            round=round_,
            project=project,
            department=departments[department],
            final_target="見守りの担い手を増やす",
            progress="○見守り活動を行った。",
            rating=codes[rating] if rating else None,
            reason="○担い手の確保が課題である。",
            next_year_goal="担い手の研修を行う。",
        )

    entry(published, single, "生涯学習課", "◎")
    entry(published, shared, "社協", "◎")
    entry(published, shared, "共生福祉課", "○")
    entry(published, unrated, "社協", None)
    entry(collecting, single, "生涯学習課", "○")
    NodeEvaluation.objects.create(round=published, node=shared, rating=codes["○"], rule="lowest")
    policy = chain[shape.evaluation_level]
    NodeEvaluation.objects.create(
        round=published, node=policy, rating=codes["○"], rule="manual", comment="おおむね順調に推移している。"
    )
    CommitteeOpinion.objects.create(
        round=published,
        node=policy,
        position=1,
        opinion="成果を数字で示してほしい。",
        response="次年度から指標を示します。",
    )
    indicator = Indicator.objects.create(
        node=single,
        label="見守り活動の参加者数",
        unit="人",
        baseline_value=Decimal("40"),
        baseline_year=2021,
        target_value=Decimal("60"),
        target_year=2026,
    )
    for year, value in [(2022, "44"), (2023, "46")]:
        IndicatorValue.objects.create(indicator=indicator, fiscal_year=year, value=Decimal(value))
    # Published as publish_round does it: with the structure the round shows frozen.
    take_snapshot(apps, published.pk)
    return TinyPlan(
        city,
        plan,
        codes,
        departments,
        chain[0],
        policy,
        chain[shape.evaluation_level + 1 :],
        single,
        shared,
        unrated,
        relisted,
        published,
        collecting,
        indicator,
    )
