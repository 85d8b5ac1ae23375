from decimal import Decimal

from shinchoku.core.indicators import Direction, achievement_rate


def test_an_up_indicator_without_baseline_scores_actual_over_target() -> None:
    assert achievement_rate(actual=Decimal(45), target=Decimal(90), direction=Direction.UP) == Decimal("0.5")


def test_progress_is_measured_from_the_baseline_when_there_is_one() -> None:
    rate = achievement_rate(
        actual=Decimal(65), target=Decimal(68), baseline=Decimal(62), direction=Direction.UP
    )
    assert rate == Decimal(3) / Decimal(6)


def test_a_down_indicator_halfway_from_baseline_scores_half() -> None:
    rate = achievement_rate(
        actual=Decimal(15), target=Decimal(10), baseline=Decimal(20), direction=Direction.DOWN
    )
    assert rate == Decimal("0.5")


def test_a_down_indicator_without_baseline_scores_target_over_actual() -> None:
    assert achievement_rate(actual=Decimal(20), target=Decimal(10), direction=Direction.DOWN) == Decimal(
        "0.5"
    )


def test_a_keep_indicator_holding_its_target_scores_one() -> None:
    assert achievement_rate(actual=Decimal(100), target=Decimal(95), direction=Direction.KEEP) == 1


def test_an_undefined_rate_is_none_not_zero() -> None:
    assert achievement_rate(actual=Decimal(5), target=Decimal(0), direction=Direction.UP) is None
    assert achievement_rate(actual=Decimal(0), target=Decimal(10), direction=Direction.DOWN) is None
