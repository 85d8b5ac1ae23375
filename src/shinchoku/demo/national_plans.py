"""One generated plan's structure as rows: its rating scale, the tree of its shape, owners and
indicators (for :mod:`.national`).

The tree reads like the demo's (:mod:`.structure`): 基本目標 from :data:`.policy_themes.GOALS`,
施策 from their policy themes, 取組 from the themes' initiatives and 事業 from their projects and the
generic ones filled with the theme's keyword; the shape decides how many of those levels the
plan has (2–5) and which one is evaluated. Owners follow the theme's departments, the lead first,
with some projects shared by two or three departments. Nothing is kept but what the evaluation
history needs (:class:`GeneratedPlan`): no model instance is created.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from shinchoku.core.indicators import Direction
from shinchoku.demo import plan_vocabulary as vocab
from shinchoku.demo.national_loader import RowLoader
from shinchoku.demo.national_shapes import PlanShape
from shinchoku.demo.policy_themes import GOALS
from shinchoku.demo.structure import (
    DOWN_INDICATOR_SHARE,
    INDICATOR_SHARE,
    LEAD_WEIGHTS,
    MULTI_OWNER_SHARE,
    baseline_and_target,
    format_value,
)
from shinchoku.demo.writing import IndicatorTarget
from shinchoku.plans.models import Indicator, Plan, PlanNode, ProjectOwner, RatingCode, RatingScale

# What each level of a plan with 2, 3, 4 or 5 levels is made of.
ROLES = {
    2: ("policy", "project"),
    3: ("goal", "policy", "project"),
    4: ("goal", "policy", "initiative", "project"),
    5: ("goal", "policy", "initiative", "activity", "project"),
}
# Projects under one parent of the last level but one: fewer levels, more projects each.
PROJECTS_PER_PARENT = {2: (5, 14), 3: (3, 9), 4: (2, 5), 5: (1, 4)}
ACTIVITIES = ("{kw}の普及啓発", "{kw}の担い手の育成", "{kw}の体制づくり", "{kw}の環境整備")


@dataclass
class GeneratedProject:
    """A project (the last level) with what its evaluations need."""

    id: int
    title: str
    description: str
    keyword: str
    evaluated_id: int  # its ancestor at the plan's evaluation level
    owners: list[int] = field(default_factory=list)  # department ids, the lead first
    indicator_id: int | None = None
    indicator: tuple[str, Decimal, Decimal] | None = None  # unit, baseline, target
    indicator_target: IndicatorTarget | None = None


@dataclass
class GeneratedPlan:
    """A stored plan: its shape, period, rating codes (code → id), evaluated nodes and projects."""

    id: int
    shape: PlanShape
    first_year: int
    last_year: int
    codes: dict[str, int]
    evaluated: list[tuple[int, str]] = field(default_factory=list)  # (node id, title)
    projects: list[GeneratedProject] = field(default_factory=list)


@dataclass
class _Theme:
    goal_title: str
    theme: vocab.PolicyTheme
    pool: list[vocab.ProjectWords]


def build_plan(
    loader: RowLoader,
    rng: random.Random,
    *,
    municipality_id: int,
    city: str,
    shape: PlanShape,
    departments: dict[str, int],
    projects: int,
    first_year: int,
    last_year: int,
) -> GeneratedPlan:
    """Write a plan of ``shape`` with about ``projects`` projects (a few more, never fewer)."""
    scale_id = loader.add(RatingScale, municipality_id=municipality_id, name=shape.scale_name)
    codes = {
        code.code: loader.add(
            RatingCode,
            scale_id=scale_id,
            code=code.code,
            label=code.label,
            definition=code.definition,
            position=position,
            is_rating=code.is_rating,
        )
        for position, code in enumerate(shape.scale.codes)
    }
    plan_id = loader.add(
        Plan,
        municipality_id=municipality_id,
        title=shape.title.format(city=city),
        first_fiscal_year=first_year,
        last_fiscal_year=last_year,
        level_labels=list(shape.level_labels),
        evaluation_level=shape.evaluation_level,
        rating_scale_id=scale_id,
        requires_department_approval=shape.requires_department_approval,
        multi_department_rule=shape.rule.value,
        achievement_formula=shape.formula.value,
    )
    plan = GeneratedPlan(plan_id, shape, first_year, last_year, codes)
    _Tree(loader, rng, plan, departments, projects).grow()
    _add_indicators(loader, rng, plan)
    return plan


class _Tree:
    """Grows the plan's tree level by level until it has enough projects."""

    def __init__(
        self,
        loader: RowLoader,
        rng: random.Random,
        plan: GeneratedPlan,
        departments: dict[str, int],
        wanted: int,
    ) -> None:
        self.loader, self.rng, self.plan = loader, rng, plan
        self.departments = departments
        self.wanted = wanted
        self.roles = ROLES[len(plan.shape.level_labels)]
        self.per_parent = PROJECTS_PER_PARENT[len(self.roles)]
        self.path: list[int] = []

    def grow(self) -> None:
        themes = [(goal, theme) for goal in GOALS for theme in goal.policies]
        round_ = 0
        while len(self.plan.projects) < self.wanted:
            if self.roles[0] == "goal":
                goal = GOALS[round_ % len(GOALS)]
                self._node(0, None, str(round_ + 1), round_ + 1, goal.title, "", goal=goal)
            else:
                goal, theme = themes[round_ % len(themes)]
                self._node(0, None, str(round_ + 1), round_ + 1, theme.title, theme.description, theme=theme)
            round_ += 1

    def _node(
        self,
        level: int,
        parent: int | None,
        code: str,
        position: int,
        title: str,
        description: str,
        *,
        goal: vocab.GoalTheme | None = None,
        theme: vocab.PolicyTheme | None = None,
        context: _Theme | None = None,
    ) -> None:
        if theme is not None:
            pool = [theme.projects[0], *self.rng.sample(theme.projects[1:], k=len(theme.projects) - 1)]
            context = _Theme(goal.title if goal else "", theme, pool)
        node_id = self.loader.add(
            PlanNode,
            plan_id=self.plan.id,
            parent_id=parent,
            level=level,
            position=position,
            code=code,
            title=title,
            description=description,
        )
        del self.path[level:]
        self.path.append(node_id)
        if level == self.plan.shape.evaluation_level:
            self.plan.evaluated.append((node_id, title))
        child_role = self.roles[level + 1]
        if child_role == "project":
            assert context is not None
            for child in range(1, self.rng.randint(*self.per_parent) + 1):
                self._project(level + 1, node_id, f"{code}-{child}", child, context)
            return
        for child, (child_title, child_description, child_theme) in enumerate(
            self._children(child_role, goal, context), start=1
        ):
            if len(self.plan.projects) >= self.wanted:
                return
            self._node(
                level + 1, node_id, f"{code}-{child}", child, child_title, child_description,
                theme=child_theme, context=context, goal=goal,
            )  # fmt: skip

    def _children(
        self, role: str, goal: vocab.GoalTheme | None, context: _Theme | None
    ) -> list[tuple[str, str, vocab.PolicyTheme | None]]:
        rng = self.rng
        if role == "policy":
            assert goal is not None
            drawn = rng.sample(range(1, len(goal.policies)), k=rng.randint(1, len(goal.policies) - 1))
            themes = [goal.policies[0], *(goal.policies[i] for i in sorted(drawn))]
            return [(theme.title, theme.description, theme) for theme in themes]
        assert context is not None
        if role == "initiative":
            count = min(rng.randint(1, 3), len(context.theme.initiatives))
            return [(title, "", None) for title in rng.sample(context.theme.initiatives, k=count)]
        chosen = rng.sample(ACTIVITIES, k=rng.randint(1, 2))
        return [(template.format(kw=context.theme.keyword), "", None) for template in chosen]

    def _project(self, level: int, parent: int, code: str, position: int, context: _Theme) -> None:
        theme = context.theme
        if not context.pool:
            context.pool = [
                vocab.ProjectWords(
                    words.name.format(kw=theme.keyword), words.content.format(kw=theme.keyword)
                )
                for words in self.rng.sample(vocab.GENERIC_PROJECTS, k=len(vocab.GENERIC_PROJECTS))
            ]
        words = context.pool.pop(0)
        node_id = self.loader.add(
            PlanNode,
            plan_id=self.plan.id,
            parent_id=parent,
            level=level,
            position=position,
            code=code,
            title=words.name,
            description=words.content,
        )
        evaluated = self.path[self.plan.shape.evaluation_level]
        project = GeneratedProject(node_id, words.name, words.content, theme.keyword, evaluated)
        lead = self.rng.choices(theme.departments, weights=LEAD_WEIGHTS[: len(theme.departments)])[0]
        names = [lead]
        if self.rng.random() < MULTI_OWNER_SHARE:
            others = [name for name in theme.departments if name != lead]
            names += self.rng.sample(others, k=min(self.rng.randint(1, 2), len(others)))
        for owner_position, name in enumerate(names):
            department_id = self.departments[name]
            project.owners.append(department_id)
            self.loader.add(
                ProjectOwner, project_id=node_id, department_id=department_id, position=owner_position
            )
        self.plan.projects.append(project)


def _add_indicators(loader: RowLoader, rng: random.Random, plan: GeneratedPlan) -> None:
    """About :data:`INDICATOR_SHARE` of the projects get an indicator to raise or to lower."""
    themes = {theme.keyword: theme for goal in GOALS for theme in goal.policies}
    for project in plan.projects:
        if rng.random() >= INDICATOR_SHARE:
            continue
        theme = themes[project.keyword]
        if theme.down_indicator is not None and rng.random() < DOWN_INDICATOR_SHARE:
            label, unit = theme.down_indicator
            direction = Direction.DOWN
        else:
            template, unit = rng.choice(vocab.UP_INDICATORS)
            label = template.format(name=project.title, kw=theme.keyword)
            direction = Direction.UP
        baseline, target = baseline_and_target(rng, unit, direction)
        project.indicator_id = loader.add(
            Indicator,
            node_id=project.id,
            label=label,
            unit=unit,
            baseline_value=baseline,
            baseline_year=plan.first_year - 1,
            target_value=target,
            target_year=plan.last_year,
            direction=direction.value,
        )
        project.indicator = (unit, baseline, target)
        project.indicator_target = IndicatorTarget(label, format_value(target, unit), unit, plan.last_year)
