"""Indicator achievement: how far an actual value has moved from the baseline towards the target."""

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


DIRECTION_LABELS = {
    Direction.UP: "増加を目指す",
    Direction.DOWN: "減少を目指す",
    Direction.KEEP: "維持を目指す",
}


def achievement_rate(
    *,
    actual: Decimal,
    target: Decimal,
    direction: Direction,
    baseline: Decimal | None = None,
) -> Decimal | None:
    """Achievement as a fraction (1 = target reached), or None when it cannot be defined.

    With a baseline, progress is measured from baseline to target (so a 'down' indicator that
    fell halfway scores 0.5). Without one, an 'up' indicator scores actual/target and a 'down'
    indicator target/actual. A 'keep' indicator scores 1 when it holds the target or better
    (at or above it) and actual/target otherwise.
    """
    if direction is Direction.KEEP:
        if target == 0:
            return None
        return Decimal(1) if actual >= target else actual / target
    if baseline is not None and baseline != target:
        return (actual - baseline) / (target - baseline)
    if direction is Direction.UP:
        return actual / target if target != 0 else None
    return target / actual if actual != 0 else None
