"""A tiny four-level plan built with the ORM, shared by the selector and page tests.

基本目標 1 → 施策 1-1 → 取組 1-1-1 and 1-1-2 → 事業:
- 1-1-1-1 福祉教育: one owner (生涯学習課), rated A in 2023, C in the unpublished 2024 round.
- 1-1-1-2 地域資源を活かした情報の発信: 共生福祉課 (lead) B and 社協 A, consolidated B (lowest).
- 1-1-2-1 福祉協力校設置: an entry without a rating (未評価).
- 1-1-2-2 地域資源を活かした情報の発信 <再掲>: cross-lists 1-1-1-2.
The 2023 round is published, the 2024 round is still collecting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps

from shinchoku.accounts.models import User
from shinchoku.core.ratings import ABC
from shinchoku.editions.snapshot import take_snapshot
from shinchoku.evaluations.models import Entry, IndicatorValue, NodeEvaluation, Round
from shinchoku.plans.models import (
    Department,
    Indicator,
    Municipality,
    Plan,
    PlanNode,
    ProjectOwner,
    RatingCode,
    RatingScale,
)


@dataclass
class TinyPlan:
    municipality: Municipality
    plan: Plan
    codes: dict[str, RatingCode]
    departments: dict[str, Department]
    goal: PlanNode
    policy: PlanNode
    initiatives: list[PlanNode]
    single: PlanNode
    shared: PlanNode
    unrated: PlanNode
    relisted: PlanNode
    published: Round
    collecting: Round
    indicator: Indicator


@dataclass
class TinyCity:
    """北本市 with a rating scale and its three departments (two divisions and 社協)."""

    municipality: Municipality
    scale: RatingScale
    codes: dict[str, RatingCode]
    departments: dict[str, Department]


def build_tiny_city(scale_name: str, codes: Iterable[tuple[str, str, str]]) -> TinyCity:
    """The city every tiny plan belongs to, with a scale of ``codes`` (code, label, definition),
    best first."""
    city = Municipality.objects.create(name="北本市", code="112330")
    scale = RatingScale.objects.create(municipality=city, name=scale_name)
    stored = {
        code: RatingCode.objects.create(
            scale=scale, code=code, label=label, definition=definition, position=position
        )
        for position, (code, label, definition) in enumerate(codes)
    }
    departments = {
        name: Department.objects.create(municipality=city, name=name, kind=kind, position=position)
        for position, (name, kind) in enumerate(
            [
                ("共生福祉課", Department.Kind.DIVISION),
                ("生涯学習課", Department.Kind.DIVISION),
                ("社協", Department.Kind.EXTERNAL),
            ]
        )
    }
    return TinyCity(city, scale, stored, departments)


def build_tiny_plan() -> TinyPlan:
    built = build_tiny_city("A–C", ((code.code, code.label, code.definition) for code in ABC.codes))
    city, scale, codes, departments = built.municipality, built.scale, built.codes, built.departments
    plan = Plan.objects.create(
        municipality=city,
        title="北本市地域福祉計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=["基本目標", "施策", "取組", "事業"],
        evaluation_level=1,
        rating_scale=scale,
    )

    def node(
        parent: PlanNode | None, code: str, title: str, description: str = "", **extra: object
    ) -> PlanNode:
        level = code.count("-")
        position = int(code.rsplit("-", 1)[-1])
        return PlanNode.objects.create(
            plan=plan,
            parent=parent,
            level=level,
            position=position,
            code=code,
            title=title,
            description=description,
            **extra,
        )

    goal = node(None, "1", "すべての世代に福祉の心を広げる意識づくり")
    policy = node(
        goal,
        "1-1",
        "福祉の心を育む学習機会の充実",
        "地域での支え合い、助け合いの意識を育むため、\n子どもの頃からの福祉学習や体験活動を充実します。",
    )
    first = node(policy, "1-1-1", "学校教育、家庭教育、公民館活動を通じた福祉意識の向上")
    second = node(policy, "1-1-2", "学校や地域の福祉教育への支援")
    single = node(first, "1-1-1-1", "福祉教育", "○ボランティアや福祉に係る体験教育活動")
    shared = node(first, "1-1-1-2", "地域資源を活かした情報の発信", "○民生委員・児童委員からの情報提供")
    unrated = node(second, "1-1-2-1", "福祉協力校設置", "○市内全校を福祉協力校として指定")
    relisted = node(second, "1-1-2-2", "地域資源を活かした情報の発信", listing_of=shared)
    ProjectOwner.objects.create(project=single, department=departments["生涯学習課"], position=0)
    ProjectOwner.objects.create(project=shared, department=departments["共生福祉課"], position=0)
    ProjectOwner.objects.create(project=shared, department=departments["社協"], position=1)
    ProjectOwner.objects.create(project=unrated, department=departments["社協"], position=0)

    published = Round.objects.create(plan=plan, fiscal_year=2023, state=Round.State.PUBLISHED)
    collecting = Round.objects.create(plan=plan, fiscal_year=2024, state=Round.State.COLLECTING)
    Entry.objects.create(
        round=published,
        project=single,
        department=departments["生涯学習課"],
        final_target="目標設定なし",
        progress="○市内の小・中学校において支援籍学習を実施した。\n○福祉体験を行った。",
        rating=codes["A"],
        reason="○支援籍学習を通して、障がいへの正しい理解を深められた。",
        next_year_goal="目標設定なし",
    )
    # 社協 is created first: the page must still list the lead department (共生福祉課) first.
    Entry.objects.create(
        round=published,
        project=shared,
        department=departments["社協"],
        final_target="地域の福祉情報の発信について充実を図る",
        progress="支え合い通信を発行した。",
        rating=codes["A"],
        reason="地域の会合で通信紙を手渡しした。",
        next_year_goal="通信紙の発行を続ける。",
    )
    Entry.objects.create(
        round=published,
        project=shared,
        department=departments["共生福祉課"],
        final_target="地域の福祉情報の発信について充実を図る",
        progress="民生委員に福祉サービスの情報を提供した。",
        rating=codes["B"],
        reason="民生委員を通じての情報提供に留まった。",
        next_year_goal="民生委員以外のルートを検討する。",
    )
    NodeEvaluation.objects.create(round=published, node=shared, rating=codes["B"], rule="lowest")
    Entry.objects.create(
        round=published,
        project=unrated,
        department=departments["社協"],
        progress="市内小中高12校を指定校として補助金を交付した。",
    )
    NodeEvaluation.objects.create(
        round=published, node=policy, rating=codes["B"], rule="manual", comment="おおむね順調に推移している。"
    )
    Entry.objects.create(
        round=collecting,
        project=single,
        department=departments["生涯学習課"],
        progress="令和6年度の下書きの進捗",
        rating=codes["C"],
    )
    indicator = Indicator.objects.create(
        node=single,
        label="福祉教育の実施校数",
        unit="校",
        baseline_value=Decimal("3"),
        baseline_year=2021,
        target_value=Decimal("12"),
        target_year=2026,
    )
    for year, value in [(2022, "5"), (2023, "7.5"), (2024, "9")]:
        IndicatorValue.objects.create(indicator=indicator, fiscal_year=year, value=Decimal(value))
    # Published as publish_round does it: with the structure the round shows frozen.
    take_snapshot(apps, published.pk)
    return TinyPlan(
        city,
        plan,
        codes,
        departments,
        goal,
        policy,
        [first, second],
        single,
        shared,
        unrated,
        relisted,
        published,
        collecting,
        indicator,
    )


def make_user(username: str, municipality: Municipality | None, **extra: object) -> User:
    return User.objects.create_user(
        username=username, password="correct horse battery", municipality=municipality, **extra
    )


def add_projects(tiny: TinyPlan, count: int, *, start: int = 10, with_entries: bool = True) -> None:
    """Add ``count`` projects owned by 社協 under the second 取組 (codes 1-1-2-``start``…), each
    with an unrated entry in the published round unless ``with_entries`` is false: a bigger
    plan for checking that query counts do not grow with its size."""
    department = tiny.departments["社協"]
    for number in range(start, start + count):
        project = PlanNode.objects.create(
            plan=tiny.plan, parent=tiny.initiatives[1], level=3, position=number, code=f"1-1-2-{number}"
        )
        ProjectOwner.objects.create(project=project, department=department, position=0)
        if with_entries:
            Entry.objects.create(round=tiny.published, project=project, department=department)
    # The published round shows them as if they were there when it was published.
    take_snapshot(apps, tiny.published.pk)
