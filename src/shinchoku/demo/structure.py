"""The demo plan's structure: municipality, departments, rating scale, the plan tree with its
owners and cross-listings (再掲), and indicators.

Nodes are built in memory from :mod:`.plan_vocabulary` and stored level by level with
``bulk_create`` (each level needs its parents' keys), so a scale-10 plan costs a handful of queries.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from shinchoku.core.indicators import AchievementFormula, Direction
from shinchoku.core.local_government_code import normalise_code
from shinchoku.core.ratings import ABC, ConsolidationRule
from shinchoku.demo import plan_vocabulary as vocab
from shinchoku.demo.policy_themes import GOALS
from shinchoku.demo.writing import IndicatorTarget
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

DEMO_MUNICIPALITY_NAME = "みどり市"
# Fictional on purpose: the first two digits are the prefecture (JIS X 0401 ends at 47), so a code
# starting with 99 can never belong to a real municipality. The check digit makes it valid.
DEMO_MUNICIPALITY_CODE = normalise_code("99991")
PLAN_TITLE = f"第4期{DEMO_MUNICIPALITY_NAME}地域福祉計画"
PLAN_FIRST_YEAR = 2021
PLAN_LAST_YEAR = 2026
BASELINE_YEAR = PLAN_FIRST_YEAR - 1
NON_RATING_CODE = "−"

MULTI_OWNER_SHARE = 0.15
INDICATOR_SHARE = 0.3
DOWN_INDICATOR_SHARE = 0.35
CHANGING_LIFETIME_SHARE = 0.04  # of projects that start late, and again of those that end early
CROSS_LISTINGS_PER_SCALE = 3
LEAD_WEIGHTS = (5, 2, 1, 1, 1)  # the theme's first department leads most of its projects


@dataclass
class DemoProject:
    """A project node (not a cross-listing) with what the evaluation history needs to know."""

    node: PlanNode
    policy: PlanNode
    theme: vocab.PolicyTheme
    owners: list[Department]
    first_year: int = PLAN_FIRST_YEAR
    last_year: int = PLAN_LAST_YEAR
    indicator: Indicator | None = None
    indicator_target: IndicatorTarget | None = None

    def is_active(self, fiscal_year: int) -> bool:
        return self.first_year <= fiscal_year <= self.last_year


@dataclass
class DemoStructure:
    """Everything :func:`build_structure` stored, in creation order."""

    municipality: Municipality
    plan: Plan
    departments: list[Department]
    ratings: dict[str, RatingCode]
    goals: list[PlanNode] = field(default_factory=list)
    policies: list[PlanNode] = field(default_factory=list)
    initiatives: list[PlanNode] = field(default_factory=list)
    projects: list[DemoProject] = field(default_factory=list)
    cross_listings: list[PlanNode] = field(default_factory=list)
    owner_count: int = 0

    @property
    def node_count(self) -> int:
        levels = (self.goals, self.policies, self.initiatives, self.cross_listings)
        return sum(len(level) for level in levels) + len(self.projects)

    @property
    def indicators(self) -> list[Indicator]:
        return [project.indicator for project in self.projects if project.indicator is not None]


def build_structure(rng: random.Random, *, scale: int) -> DemoStructure:
    """Store the demo municipality and its plan; ``scale`` multiplies the number of 基本目標."""
    municipality = Municipality.objects.create(name=DEMO_MUNICIPALITY_NAME, code=DEMO_MUNICIPALITY_CODE)
    departments = Department.objects.bulk_create(
        Department(municipality=municipality, name=name, kind=kind, position=position)
        for position, (name, kind) in enumerate(vocab.DEPARTMENTS)
    )
    scale_row = RatingScale.objects.create(municipality=municipality, name="A・B・Cの3段階評価")
    codes = [
        RatingCode(scale=scale_row, code=code.code, label=code.label, definition=code.definition, position=i)
        for i, code in enumerate(ABC.codes)
    ]
    codes.append(
        RatingCode(
            scale=scale_row,
            code=NON_RATING_CODE,
            label="評価対象外",
            definition="事業の休止などにより、その年度は評価の対象としない",
            position=len(codes),
            is_rating=False,
        )
    )
    ratings = {code.code: code for code in RatingCode.objects.bulk_create(codes)}
    plan = Plan.objects.create(
        municipality=municipality,
        title=PLAN_TITLE,
        first_fiscal_year=PLAN_FIRST_YEAR,
        last_fiscal_year=PLAN_LAST_YEAR,
        level_labels=["基本目標", "施策", "取組", "事業"],
        evaluation_level=1,
        rating_scale=scale_row,
        multi_department_rule=ConsolidationRule.LOWEST,
        achievement_formula=AchievementFormula.PROGRESS,
    )
    structure = DemoStructure(municipality, plan, departments, ratings)
    _build_tree(rng, structure, scale)
    _store_tree(structure)
    _add_cross_listings(rng, structure, CROSS_LISTINGS_PER_SCALE * scale)
    _assign_owners(rng, structure)
    _vary_lifetimes(rng, structure)
    _add_indicators(rng, structure)
    return structure


def _build_tree(rng: random.Random, structure: DemoStructure, scale: int) -> None:
    plan = structure.plan
    for goal_index in range(len(GOALS) * scale):
        goal_theme = GOALS[goal_index % len(GOALS)]
        goal = PlanNode(
            plan=plan, level=0, position=goal_index + 1, code=str(goal_index + 1), title=goal_theme.title
        )
        structure.goals.append(goal)
        drawn = rng.sample(range(1, len(goal_theme.policies)), k=rng.randint(1, 2))
        themes = [goal_theme.policies[0], *(goal_theme.policies[i] for i in sorted(drawn))]
        for policy_position, theme in enumerate(themes, start=1):
            policy = PlanNode(
                plan=plan,
                parent=goal,
                level=1,
                position=policy_position,
                code=f"{goal.code}-{policy_position}",
                title=theme.title,
                description=theme.description,
            )
            structure.policies.append(policy)
            _build_initiatives(rng, structure, policy, theme)


def _build_initiatives(
    rng: random.Random, structure: DemoStructure, policy: PlanNode, theme: vocab.PolicyTheme
) -> None:
    count = min(rng.randint(2, 3), len(theme.initiatives))
    titles = [theme.initiatives[i] for i in sorted(rng.sample(range(len(theme.initiatives)), k=count))]
    generic = [
        vocab.ProjectWords(words.name.format(kw=theme.keyword), words.content.format(kw=theme.keyword))
        for words in vocab.GENERIC_PROJECTS
    ]
    # The theme's first project always comes first (it carries the words search is shown with).
    pool = [
        theme.projects[0],
        *rng.sample(theme.projects[1:], k=len(theme.projects) - 1),
        *rng.sample(generic, k=len(generic)),
    ]
    for position, title in enumerate(titles, start=1):
        initiative = PlanNode(
            plan=structure.plan,
            parent=policy,
            level=2,
            position=position,
            code=f"{policy.code}-{position}",
            title=title,
        )
        structure.initiatives.append(initiative)
        wanted = rng.randint(2, 5)
        taken, pool = pool[:wanted], pool[wanted:]
        for project_position, words in enumerate(taken, start=1):
            node = PlanNode(
                plan=structure.plan,
                parent=initiative,
                level=3,
                position=project_position,
                code=f"{initiative.code}-{project_position}",
                title=words.name,
                description=words.content,
            )
            structure.projects.append(DemoProject(node=node, policy=policy, theme=theme, owners=[]))


def _store_tree(structure: DemoStructure) -> None:
    for level in (structure.goals, structure.policies, structure.initiatives):
        PlanNode.objects.bulk_create(level)
    PlanNode.objects.bulk_create([project.node for project in structure.projects])


def _add_cross_listings(rng: random.Random, structure: DemoStructure, count: int) -> None:
    """Show ``count`` projects again (再掲) at the end of an initiative under another 施策."""
    children = {id(initiative): 0 for initiative in structure.initiatives}
    for project in structure.projects:
        children[id(project.node.parent)] += 1
    originals = rng.sample(structure.projects, k=min(count, len(structure.projects)))
    for original in originals:
        initiative = rng.choice(
            [node for node in structure.initiatives if node.parent is not original.policy],
        )
        children[id(initiative)] += 1
        position = children[id(initiative)]
        structure.cross_listings.append(
            PlanNode(
                plan=structure.plan,
                parent=initiative,
                level=3,
                position=position,
                code=f"{initiative.code}-{position}",
                title=original.node.title,
                description=original.node.description,
                listing_of=original.node,
            )
        )
    PlanNode.objects.bulk_create(structure.cross_listings)


def _assign_owners(rng: random.Random, structure: DemoStructure) -> None:
    """Owners from the theme's departments (lead first); some projects get two or three."""
    by_name = {department.name: department for department in structure.departments}
    shared_count = round(len(structure.projects) * MULTI_OWNER_SHARE)
    shared = set(map(id, rng.sample(structure.projects, k=shared_count)))
    for project in structure.projects:
        candidates = project.theme.departments
        lead = rng.choices(candidates, weights=LEAD_WEIGHTS[: len(candidates)])[0]
        names = [lead]
        if id(project) in shared:
            others = [name for name in candidates if name != lead]
            names += rng.sample(others, k=min(rng.randint(1, 2), len(others)))
        project.owners = [by_name[name] for name in names]
    _give_every_department_a_project(rng, structure)
    ownerships = [
        ProjectOwner(project=project.node, department=department, position=position)
        for project in structure.projects
        for position, department in enumerate(project.owners)
    ]
    ProjectOwner.objects.bulk_create(ownerships)
    structure.owner_count = len(ownerships)


def _give_every_department_a_project(rng: random.Random, structure: DemoStructure) -> None:
    """A department without a project takes over a single-owner project of a theme that lists it,
    or else joins one as second owner, so that every department has something to report."""
    owning = {department.pk for project in structure.projects for department in project.owners}
    for department in structure.departments:
        if department.pk in owning:
            continue
        leads = Counter(project.owners[0].pk for project in structure.projects)
        single = [project for project in structure.projects if len(project.owners) == 1]
        fitting = [
            project
            for project in single
            if department.name in project.theme.departments and leads[project.owners[0].pk] > 1
        ]
        if fitting:
            rng.choice(fitting).owners = [department]
        else:
            rng.choice(single).owners.append(department)
        owning = {department.pk for project in structure.projects for department in project.owners}


def _vary_lifetimes(rng: random.Random, structure: DemoStructure) -> None:
    """A few projects start in the plan's second year and a few end in it, so that year-on-year
    comparisons have new and ended projects."""
    count = max(2, round(len(structure.projects) * CHANGING_LIFETIME_SHARE))
    chosen = rng.sample(structure.projects, k=min(2 * count, len(structure.projects)))
    for project in chosen[:count]:
        project.first_year = PLAN_FIRST_YEAR + 1
    for project in chosen[count:]:
        project.last_year = PLAN_FIRST_YEAR + 1


def _add_indicators(rng: random.Random, structure: DemoStructure) -> None:
    indicators: list[Indicator] = []
    measured = set(
        map(id, rng.sample(structure.projects, k=round(len(structure.projects) * INDICATOR_SHARE)))
    )
    for project in structure.projects:
        if id(project) not in measured:
            continue
        theme = project.theme
        if theme.down_indicator is not None and rng.random() < DOWN_INDICATOR_SHARE:
            label, unit = theme.down_indicator
            direction = Direction.DOWN
        else:
            template, unit = rng.choice(vocab.UP_INDICATORS)
            label = template.format(name=project.node.title, kw=theme.keyword)
            direction = Direction.UP
        baseline, target = baseline_and_target(rng, unit, direction)
        project.indicator = Indicator(
            node=project.node,
            label=label,
            unit=unit,
            baseline_value=baseline,
            baseline_year=BASELINE_YEAR,
            target_value=target,
            target_year=PLAN_LAST_YEAR,
            direction=direction,
        )
        project.indicator_target = IndicatorTarget(label, format_value(target, unit), unit, PLAN_LAST_YEAR)
        indicators.append(project.indicator)
    Indicator.objects.bulk_create(indicators)


BASELINE_RANGES = {"人": (40, 1500), "回": (4, 48), "箇所": (3, 30), "件": (20, 400)}


def baseline_and_target(rng: random.Random, unit: str, direction: Direction) -> tuple[Decimal, Decimal]:
    """An indicator's baseline and target for ``unit``, the target past the baseline in ``direction``
    (also the national dataset's, :mod:`.national_plans`)."""
    if unit == "%":
        baseline = rng.uniform(10, 60)
        if direction is Direction.UP:
            target = min(95.0, baseline + rng.uniform(8, 25))
        else:
            target = max(1.0, baseline - rng.uniform(5, 15))
        return quantise(baseline, unit), quantise(target, unit)
    low, high = BASELINE_RANGES[unit]
    value = rng.randint(low, high)
    factor = rng.uniform(1.15, 1.6) if direction is Direction.UP else rng.uniform(0.55, 0.85)
    return Decimal(value), quantise(value * factor, unit)


def quantise(value: float, unit: str) -> Decimal:
    """Counts are whole numbers, percentages have one decimal; never negative."""
    value = max(value, 0.0)
    return Decimal(f"{value:.1f}") if unit == "%" else Decimal(round(value))


def format_value(value: Decimal, unit: str) -> str:
    return f"{value:.1f}" if unit == "%" else f"{int(value):,}"
