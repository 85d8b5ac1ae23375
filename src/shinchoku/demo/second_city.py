"""Generating the demo's second municipality, あおば市, whose plan has another shape than
みどり市's: three levels (基本方針 → 施策 → 事業, evaluated at 施策), an S/A/B/C scale with the
non-rating codes 未着手 and 評価困難, outside bodies, multi-department projects rated by the lead
department (主担当課の評価), a cross-listing, indicators to raise, lower and keep, rates by
実績値 ÷ 目標値, and rounds in every state a city passes through: two published years, one closed
(締切済, not yet published) and one collecting. A second plan shows two of its projects as its
own (共通事業, :mod:`.second_city_shared`).

The plan is written out in :mod:`.health_plan`; ratings and texts are drawn from a seeded RNG,
so the same seed gives the same data; the years of evaluations are written by
:mod:`.second_city_history`. Everything is written in one transaction with a few bulk inserts
(about 25 queries), beside みどり市 and any imported municipality.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import asdict
from decimal import Decimal

from django.apps import apps as django_apps
from django.db import transaction

from shinchoku.audit.services import record
from shinchoku.core.indicators import AchievementFormula
from shinchoku.core.local_government_code import normalise_code
from shinchoku.core.ratings import ConsolidationRule
from shinchoku.demo import health_plan as words
from shinchoku.demo.generator import GENERATE_ACTION, DemoAlreadyExistsError, DemoCounts, DemoSummary
from shinchoku.demo.lapses import add_quality_lapses
from shinchoku.demo.second_city_history import (
    BASELINE_YEAR,
    PLAN_FIRST_YEAR,
    PLAN_LAST_YEAR,
    City,
    CityProject,
    quantise,
    write_history,
)
from shinchoku.demo.second_city_shared import add_shared_plan
from shinchoku.editions.snapshot import freeze_published_rounds
from shinchoku.plans.models import (
    Department,
    Indicator,
    IndicatorTarget,
    Municipality,
    Plan,
    PlanNode,
    ProjectOwner,
    RatingCode,
    RatingScale,
)
from shinchoku.search.services import rebuild_search_index

CITY_NAME = "あおば市"
# Fictional like みどり市's: prefecture 99 does not exist; the check digit makes the code valid.
CITY_CODE = normalise_code("99992")
PLAN_TITLE = f"第3次{CITY_NAME}健康増進計画"
INTERIM_TARGET_YEAR = 2024
LEVEL_LABELS = ["基本方針", "施策", "事業"]
EVALUATION_LEVEL = 1


def generate_second_demo(*, seed: int = 2024) -> DemoSummary:
    """Create あおば市 with its plan, rounds and evaluations, in one transaction.

    Raises :class:`~shinchoku.demo.generator.DemoAlreadyExistsError` when it exists (nothing is
    written then).
    """
    rng = random.Random(seed)
    with transaction.atomic():
        if Municipality.objects.filter(code=CITY_CODE).exists():
            raise DemoAlreadyExistsError(
                f"デモ用の自治体「{CITY_NAME}」(コード {CITY_CODE})は既に登録されています。"
                "デモデータは空のデータベースにだけ作成できます。"
            )
        city = _build_plan()
        _build_tree(city)
        _add_indicators(city)
        history = write_history(rng, city)
        shown_in = add_shared_plan(city)  # a second plan showing two of its projects (共通事業)
        freeze_published_rounds(django_apps, [city.plan.pk, shown_in.pk])
        add_quality_lapses(city.plan, seed=seed)
        rebuild_search_index(city.plan)
        counts = DemoCounts(
            departments=len(city.departments),
            nodes=len(city.policies) + len(city.measures) + len(city.projects) + len(city.cross_listings),
            projects=len(city.projects),
            multi_owner_projects=sum(1 for project in city.projects if len(project.owners) > 1),
            cross_listings=len(city.cross_listings),
            owners=sum(len(project.owners) for project in city.projects),
            indicators=sum(1 for project in city.projects if project.indicator is not None),
            indicator_values=history.indicator_values,
            rounds=len(city.rounds),
            entries=history.entries,
            node_evaluations=history.node_evaluations,
            committee_opinions=history.committee_opinions,
        )
        summary = DemoSummary(municipality=city.municipality, plan=city.plan, counts=counts)
        record(
            actor=None,
            action=GENERATE_ACTION,
            target=city.municipality,
            municipality=city.municipality,
            summary=f"デモデータ: {summary.describe()}",
            changes={
                "seed": {"before": None, "after": seed},
                **{name: {"before": 0, "after": value} for name, value in asdict(counts).items()},
            },
        )
    return summary


def _build_plan() -> City:
    municipality = Municipality.objects.create(name=CITY_NAME, code=CITY_CODE)
    departments = Department.objects.bulk_create(
        Department(municipality=municipality, name=name, kind=kind, position=position)
        for position, (name, kind) in enumerate(words.DEPARTMENTS)
    )
    scale = RatingScale.objects.create(municipality=municipality, name=words.SCALE_NAME)
    codes = RatingCode.objects.bulk_create(
        RatingCode(
            scale=scale,
            code=code.code,
            label=code.label,
            definition=code.definition,
            position=position,
            is_rating=code.is_rating,
        )
        for position, code in enumerate(words.SCALE.codes)
    )
    plan = Plan.objects.create(
        municipality=municipality,
        title=PLAN_TITLE,
        first_fiscal_year=PLAN_FIRST_YEAR,
        last_fiscal_year=PLAN_LAST_YEAR,
        level_labels=LEVEL_LABELS,
        evaluation_level=EVALUATION_LEVEL,
        rating_scale=scale,
        multi_department_rule=ConsolidationRule.LEAD_DEPARTMENT,
        achievement_formula=AchievementFormula.RATIO,
    )
    return City(municipality, plan, departments, {code.code: code for code in codes})


def _build_tree(city: City) -> None:
    """Store the three levels (a bulk insert each), the cross-listings and the owners."""
    plan = city.plan
    by_name = {department.name: department for department in city.departments}
    for policy_position, policy_words in enumerate(words.POLICIES, start=1):
        policy = PlanNode(
            plan=plan, level=0, position=policy_position, code=str(policy_position), title=policy_words.title
        )
        city.policies.append(policy)
        for measure_position, measure_words in enumerate(policy_words.measures, start=1):
            measure = PlanNode(
                plan=plan,
                parent=policy,
                level=1,
                position=measure_position,
                code=f"{policy.code}-{measure_position}",
                title=measure_words.title,
                description=measure_words.description,
            )
            city.measures.append(measure)
            for position, project_words in enumerate(measure_words.projects, start=1):
                owners = [by_name[name] for name in project_words.owners]
                node = PlanNode(
                    plan=plan,
                    parent=measure,
                    level=2,
                    position=position,
                    code=f"{measure.code}-{position}",
                    title=project_words.title,
                    description=project_words.content,
                    # A target that covers the whole project belongs to the project, not to one
                    # of its departments; a single department's target is its entry's.
                    final_target=project_words.final_target if len(owners) > 1 else "",
                )
                city.projects.append(CityProject(node, project_words, measure, owners))
    PlanNode.objects.bulk_create(city.policies)
    PlanNode.objects.bulk_create(city.measures)
    PlanNode.objects.bulk_create([project.node for project in city.projects])
    _add_cross_listings(city)
    ProjectOwner.objects.bulk_create(
        ProjectOwner(project=project.node, department=department, position=position)
        for project in city.projects
        for position, department in enumerate(project.owners)
    )


def _add_cross_listings(city: City) -> None:
    measures = {measure.title: measure for measure in city.measures}
    originals = {project.node.title: project.node for project in city.projects}
    children = Counter(project.measure.pk for project in city.projects)
    for measure_title, original_title in words.CROSS_LISTINGS:
        measure, original = measures[measure_title], originals[original_title]
        children[measure.pk] += 1
        position = children[measure.pk]
        city.cross_listings.append(
            PlanNode(
                plan=city.plan,
                parent=measure,
                level=2,
                position=position,
                code=f"{measure.code}-{position}",
                title=original.title,
                description=original.description,
                listing_of=original,
            )
        )
    PlanNode.objects.bulk_create(city.cross_listings)


def _add_indicators(city: City) -> None:
    """The indicators, each with an interim target (中間目標) halfway through the plan."""
    for project in city.projects:
        spec = project.words.indicator
        if spec is None:
            continue
        project.indicator = Indicator(
            node=project.node,
            label=spec.label,
            unit=spec.unit,
            baseline_value=Decimal(spec.baseline),
            baseline_year=BASELINE_YEAR,
            target_value=Decimal(spec.target),
            target_year=PLAN_LAST_YEAR,
            direction=spec.direction,
        )
    indicators = Indicator.objects.bulk_create(
        project.indicator for project in city.projects if project.indicator is not None
    )
    share = Decimal(INTERIM_TARGET_YEAR - BASELINE_YEAR) / Decimal(PLAN_LAST_YEAR - BASELINE_YEAR)
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            indicator=indicator,
            fiscal_year=INTERIM_TARGET_YEAR,
            value=quantise(
                indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * share,
                indicator.unit,
            ),
        )
        for indicator in indicators
        if indicator.baseline_value is not None and indicator.target_value is not None
    )


SECRETARIAT_LOGIN = "aoba"


def describe_shape() -> str:
    """One Japanese line naming あおば市's plan with its levels and scale, read from the database
    (as the plan stands now, after any edit); just the city's name when it has no plan."""
    plans = Plan.objects.select_related("rating_scale").filter(municipality__code=CITY_CODE)
    plan = plans.order_by("-first_fiscal_year", "pk").first()  # the health plan, made first
    if plan is None:
        return CITY_NAME
    codes = plan.rating_scale.codes.order_by("position").values_list("code", flat=True)
    return f"{CITY_NAME}「{plan.title}」({' → '.join(plan.level_labels)}、評価 {'・'.join(codes)})"
