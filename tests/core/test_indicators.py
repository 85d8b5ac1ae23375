from decimal import Decimal

import pytest

from shinchoku.core.indicators import AchievementFormula, Direction, achievement_rate, describe_formula

PROGRESS = AchievementFormula.PROGRESS
RATIO = AchievementFormula.RATIO


def test_an_up_indicator_without_baseline_scores_actual_over_target() -> None:
    rate = achievement_rate(actual=Decimal(45), target=Decimal(90), direction=Direction.UP, formula=PROGRESS)
    assert rate == Decimal("0.5")


def test_progress_is_measured_from_the_baseline_when_there_is_one() -> None:
    rate = achievement_rate(
        actual=Decimal(65), target=Decimal(68), baseline=Decimal(62), direction=Direction.UP, formula=PROGRESS
    )
    assert rate == Decimal(3) / Decimal(6)


def test_the_issues_example_gives_30_percent_as_progress_and_77_percent_as_ratio() -> None:
    figures = {
        "actual": Decimal(46),
        "target": Decimal(60),
        "baseline": Decimal(40),
        "direction": Direction.UP,
    }

    progress = achievement_rate(**figures, formula=PROGRESS)
    ratio = achievement_rate(**figures, formula=RATIO)

    assert progress == Decimal("0.3")
    assert ratio is not None
    assert round(ratio * 100) == 77


def test_the_ratio_formula_ignores_the_baseline() -> None:
    with_baseline = achievement_rate(
        actual=Decimal(30), target=Decimal(60), baseline=Decimal(50), direction=Direction.UP, formula=RATIO
    )
    assert with_baseline == Decimal("0.5")


def test_a_down_indicator_under_the_ratio_formula_scores_target_over_actual_whatever_the_baseline() -> None:
    rate = achievement_rate(
        actual=Decimal(16), target=Decimal(12), baseline=Decimal(20), direction=Direction.DOWN, formula=RATIO
    )
    assert rate == Decimal("0.75")


def test_a_down_indicator_halfway_from_baseline_scores_half() -> None:
    rate = achievement_rate(
        actual=Decimal(15),
        target=Decimal(10),
        baseline=Decimal(20),
        direction=Direction.DOWN,
        formula=PROGRESS,
    )
    assert rate == Decimal("0.5")


def test_a_down_indicator_without_baseline_scores_target_over_actual() -> None:
    rate = achievement_rate(
        actual=Decimal(20), target=Decimal(10), direction=Direction.DOWN, formula=PROGRESS
    )
    assert rate == Decimal("0.5")


@pytest.mark.parametrize("formula", list(AchievementFormula))
def test_a_keep_indicator_holding_its_target_scores_one_and_below_it_actual_over_target(
    formula: AchievementFormula,
) -> None:
    held = achievement_rate(
        actual=Decimal(100),
        target=Decimal(95),
        baseline=Decimal(90),
        direction=Direction.KEEP,
        formula=formula,
    )
    fell = achievement_rate(
        actual=Decimal(76),
        target=Decimal(95),
        baseline=Decimal(90),
        direction=Direction.KEEP,
        formula=formula,
    )
    assert (held, fell) == (1, Decimal("0.8"))


@pytest.mark.parametrize("formula", list(AchievementFormula))
def test_an_undefined_rate_is_none_not_zero(formula: AchievementFormula) -> None:
    assert (
        achievement_rate(actual=Decimal(5), target=Decimal(0), direction=Direction.UP, formula=formula)
        is None
    )
    assert (
        achievement_rate(actual=Decimal(0), target=Decimal(10), direction=Direction.DOWN, formula=formula)
        is None
    )


def test_the_formula_may_be_given_as_the_stored_text() -> None:
    rate = achievement_rate(
        actual=Decimal(46),
        target=Decimal(60),
        baseline=Decimal(40),
        direction=Direction.UP,
        formula="progress",
    )
    assert rate == Decimal("0.3")


def test_each_formula_is_stated_as_the_division_it_makes() -> None:
    assert describe_formula(RATIO).startswith("達成率 = 実績値 ÷ 目標値")
    assert describe_formula("progress").startswith("達成率 = (実績値 − 基準値) ÷ (目標値 − 基準値)")
    assert "目標値 ÷ 実績値" in describe_formula(RATIO)
