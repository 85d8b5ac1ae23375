from __future__ import annotations

from decimal import Decimal

from shinchoku.core.charts import BAR_LABEL_WIDTH, BAR_WIDTH, line_chart, shorten, stacked_bars
from shinchoku.core.ratings import ABC, Scale, ScaleCode, tally


def test_segments_share_the_bar_by_the_rated_items_in_scale_order() -> None:
    chart = stacked_bars([("1 目標", tally(ABC, ["C", "A", "A", None, None]))])

    [row] = chart.rows
    assert [(s.code, s.count, s.style) for s in row.segments] == [("A", 2, 0), ("C", 1, 2)]
    assert row.segments[0].x == BAR_LABEL_WIDTH
    assert sum(s.width for s in row.segments) == BAR_WIDTH
    assert row.tally.unrated == 2


def test_a_row_with_nothing_rated_has_no_segments() -> None:
    [row] = stacked_bars([("x", tally(ABC, [None]))]).rows

    assert row.segments == []


def test_long_labels_are_shortened_with_an_ellipsis() -> None:
    assert shorten("あいうえおかきくけこ", 5) == "あいうえ…"
    assert shorten("短い", 5) == "短い"


def test_the_line_chart_places_baseline_actuals_and_target_on_one_scale() -> None:
    chart = line_chart(
        [(2023, Decimal("7.5")), (2022, Decimal("5"))],
        baseline=(2021, Decimal("3")),
        target=(2026, Decimal("12")),
        year_label=str,
        unit="校",
    )

    assert chart is not None
    assert [p.year for p in chart.actuals] == [2022, 2023]
    assert chart.baseline is not None
    assert chart.target is not None
    assert chart.baseline.x == chart.left
    assert chart.target.x == chart.right
    assert chart.target.y < chart.actuals[1].y < chart.actuals[0].y < chart.baseline.y
    assert chart.actuals[1].label == "7.5校"
    assert [t.label for t in chart.x_ticks] == ["2021", "2022", "2023", "2026"]
    assert chart.y_ticks[0].label == "0"


def test_a_line_chart_without_any_year_is_not_drawn() -> None:
    assert line_chart([], baseline=(None, Decimal(1)), target=(None, None), year_label=str) is None


def test_the_non_rating_codes_and_the_unrated_are_written_after_the_bar_not_in_it() -> None:
    scale = Scale((ScaleCode("A"), ScaleCode("B"), ScaleCode("未着手", is_rating=False)))
    chart = stacked_bars([("x", tally(scale, ["A", "未着手", "未着手", None]))])

    [row] = chart.rows
    assert [(s.code, s.count) for s in row.segments] == [("A", 1)]
    assert row.segments[0].width == BAR_WIDTH
    assert row.tail == "未着手 2件 未評価 1件"
    assert chart.width >= BAR_LABEL_WIDTH + BAR_WIDTH + 8 + len(row.tail) * 14
