"""Indicator achievement: the rate of an actual value against its target, by the formula the plan
chooses (実績値 ÷ 目標値, or the progress from the baseline towards the target), and the one
sentence that states that formula beside every rate."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    KEEP = "keep"


class AchievementFormula(StrEnum):
    """How a plan turns an actual value into an achievement rate; stated beside every rate."""

    RATIO = "ratio"
    PROGRESS = "progress"


ACHIEVEMENT_FORMULA_LABELS = {
    AchievementFormula.RATIO: "実績値 ÷ 目標値",
    AchievementFormula.PROGRESS: "基準値から目標値までの進み具合",
}


DIRECTION_WORDS: dict[Direction, str] = {
    Direction.UP: "増やす",
    Direction.DOWN: "減らす",
    Direction.KEEP: "維持",
}
"""The short words a person chooses a direction by (the plan workbook, the plan editor)."""


DIRECTION_LABELS = {
    Direction.UP: "増加を目指す",
    Direction.DOWN: "減少を目指す",
    Direction.KEEP: "維持を目指す",
}


# The sentence printed beside every rate: what was divided by what, including the cases where the
# indicator's direction turns the division round (減らす) or caps it (維持).
_FORMULA_SENTENCES = {
    AchievementFormula.RATIO: (
        "達成率 = 実績値 ÷ 目標値"
        "(減らすことを目指す指標は 目標値 ÷ 実績値。維持を目指す指標は目標値以上で100%)"
    ),
    AchievementFormula.PROGRESS: (
        "達成率 = (実績値 − 基準値) ÷ (目標値 − 基準値)"
        "(基準値から目標値までの進み具合。基準値がない指標は 実績値 ÷ 目標値、減らすことを目指す指標は"
        " 目標値 ÷ 実績値。維持を目指す指標は目標値以上で100%)"
    ),
}


def describe_formula(formula: AchievementFormula | str) -> str:
    """The Japanese sentence that states ``formula``, e.g. 「達成率 = 実績値 ÷ 目標値(…)」."""
    return _FORMULA_SENTENCES[AchievementFormula(formula)]


def achievement_rate(
    *,
    actual: Decimal,
    target: Decimal,
    direction: Direction,
    formula: AchievementFormula | str,
    baseline: Decimal | None = None,
) -> Decimal | None:
    """Achievement as a fraction (1 = target reached), or None when it cannot be defined.

    ``formula`` is the plan's choice. RATIO: an 'up' indicator scores actual/target and a 'down'
    indicator target/actual; the baseline plays no part. PROGRESS: with a baseline (other than
    the target), progress is measured from baseline to target (so a 'down' indicator that fell
    halfway scores 0.5); without one it scores as RATIO. Under both, a 'keep' indicator scores 1
    when it holds the target or better (at or above it) and actual/target otherwise.
    """
    if direction is Direction.KEEP:
        if target == 0:
            return None
        return Decimal(1) if actual >= target else actual / target
    from_baseline = AchievementFormula(formula) is AchievementFormula.PROGRESS
    if from_baseline and baseline is not None and baseline != target:
        return (actual - baseline) / (target - baseline)
    if direction is Direction.UP:
        return actual / target if target != 0 else None
    return target / actual if actual != 0 else None
