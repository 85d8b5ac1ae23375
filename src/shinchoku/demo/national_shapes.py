"""The plan shapes of the national dataset: each municipality draws 1–3 different ones.

A shape is what a plan chooses and code never assumes (DESIGN §3): its level names and count
(2–5), the level that gets the consolidated 施策評価, its rating scale with non-rating codes, the
rule for projects several departments evaluate and the achievement formula. The words of the
trees come from the demo's vocabularies (:mod:`.policy_themes`, :mod:`.plan_vocabulary`); the
scales reuse みどり市's and あおば市's and add three more, so no two shapes share a scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.core.indicators import AchievementFormula
from shinchoku.core.ratings import ABC, ConsolidationRule, Scale, ScaleCode
from shinchoku.demo import health_plan
from shinchoku.demo.structure import NON_RATING_CODE


@dataclass(frozen=True)
class PlanShape:
    """How one generated plan is built. ``title`` takes the city's name as ``{city}``."""

    title: str
    level_labels: tuple[str, ...]
    evaluation_level: int
    scale_name: str
    scale: Scale
    rule: ConsolidationRule
    formula: AchievementFormula
    requires_department_approval: bool = False


_ABC_WITH_PAUSE = Scale(
    (
        *ABC.codes,
        ScaleCode(NON_RATING_CODE, "評価対象外", "事業の休止などにより、その年度は評価の対象としない", False),
    )
)
_FIVE_STEPS = Scale(
    (
        ScaleCode("5", "5", "計画を大きく上回って進んでいる"),
        ScaleCode("4", "4", "計画どおり順調に進んでいる"),
        ScaleCode("3", "3", "おおむね計画どおり進んでいる"),
        ScaleCode("2", "2", "やや遅れている"),
        ScaleCode("1", "1", "大きく遅れており、見直しが必要である"),
        ScaleCode("対象外", "対象外", "その年度は実施の予定がない", False),
    )
)
_MARKS = Scale(
    (
        ScaleCode("◎", "◎", "目標を達成した"),
        ScaleCode("○", "○", "目標をおおむね達成した"),
        ScaleCode("△", "△", "目標の達成に向けて取り組んでいる"),
        ScaleCode("×", "×", "取組が進んでいない"),
        ScaleCode("休止", "休止", "事業を休止している", False),
    )
)
_ACHIEVED = Scale(
    (
        ScaleCode("達成", "達成", "年度の目標を達成した"),
        ScaleCode("概ね達成", "概ね達成", "年度の目標の8割以上を達成した"),
        ScaleCode("未達成", "未達成", "年度の目標の8割に届かなかった"),
        ScaleCode("評価保留", "評価保留", "実績の集計が年度内に終わらず、評価を次年度に行う", False),
    )
)

SHAPES: tuple[PlanShape, ...] = (
    PlanShape(
        "第4期{city}地域福祉計画",
        ("基本目標", "施策", "取組", "事業"),
        1,
        "A・B・Cの3段階評価",
        _ABC_WITH_PAUSE,
        ConsolidationRule.LOWEST,
        AchievementFormula.PROGRESS,
    ),
    PlanShape(
        "第3次{city}健康増進計画",
        ("基本方針", "施策", "事業"),
        1,
        health_plan.SCALE_NAME,
        health_plan.SCALE,
        ConsolidationRule.LEAD_DEPARTMENT,
        AchievementFormula.RATIO,
    ),
    PlanShape(
        "第2次{city}総合計画",
        ("政策", "施策", "基本事業", "取組", "事務事業"),
        2,
        "1〜5の5段階評価",
        _FIVE_STEPS,
        ConsolidationRule.MOST_COMMON,
        AchievementFormula.PROGRESS,
        requires_department_approval=True,
    ),
    PlanShape(
        "{city}子ども・子育て支援事業計画",
        ("基本施策", "事業"),
        0,
        "◎・○・△・×の4段階評価",
        _MARKS,
        ConsolidationRule.MANUAL,
        AchievementFormula.RATIO,
    ),
    PlanShape(
        "{city}環境基本計画",
        ("環境目標", "施策の方向", "事業"),
        0,
        "達成度の3区分",
        _ACHIEVED,
        ConsolidationRule.LOWEST,
        AchievementFormula.PROGRESS,
    ),
)
