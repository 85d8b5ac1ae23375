"""Geometry of the charts drawn as inline SVG: stacked rating bars and indicator lines.

Pure functions: they place every shape in the SVG user space (numbers rounded to 0.1) so that the
templates only print coordinates. Nothing here decides colours; a bar segment carries the index
of its rating code on the scale, from which the stylesheet picks a fill *and* a pattern, and
every segment wide enough is also labelled with its code, so colour never carries meaning alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from shinchoku.core.ratings import Tally

# --- stacked rating bars ---------------------------------------------------------------------

BAR_LABEL_WIDTH = 250.0
BAR_WIDTH = 400.0
BAR_HEIGHT = 26.0
BAR_GAP = 14.0
BAR_TAIL = 120.0  # the least room after a bar for 「未評価 n件」
TAIL_CHARACTER = 14.0  # the width of a character of the tail's text (14px, the widest: a kanji)
TEXT_DROP = 5.0  # from the middle of a bar down to the baseline of the text beside or on it
# A segment narrower than this carries no text; the legend and the table still name it.
MIN_LABELLED_WIDTH = 30.0


@dataclass(frozen=True)
class BarSegment:
    code: str
    count: int
    share: float  # of the rated items
    style: int  # position of the code among the scale's ratings, best first
    x: float
    width: float

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def labelled(self) -> bool:
        return self.width >= MIN_LABELLED_WIDTH


@dataclass(frozen=True)
class BarRow:
    """One bar; ``y`` is its top, the origin of the row (the segments' ``x`` are the chart's)."""

    label: str
    tally: Tally
    y: float
    segments: list[BarSegment]

    @property
    def tail(self) -> str:
        """What the bar leaves out, written after it: each non-rating code's count, then 未評価's."""
        return tail_text(self.tally)


def tail_text(counts: Tally) -> str:
    """「未着手 1件 評価困難 0件 未評価 2件」: the non-rating codes in the scale's order, then the unrated."""
    parts = [f"{code} {count}件" for code, count in counts.others.items()]
    return " ".join([*parts, f"未評価 {counts.unrated}件"])


@dataclass(frozen=True)
class BarChart:
    """One 100 % bar per row: the shares of the rated items; the non-rating codes and the unrated
    are written beside it."""

    rows: list[BarRow]
    width: float = BAR_LABEL_WIDTH + BAR_WIDTH + BAR_TAIL
    label_width: float = BAR_LABEL_WIDTH
    bar_width: float = BAR_WIDTH
    bar_height: float = BAR_HEIGHT

    @property
    def height(self) -> float:
        return round(len(self.rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP, 1)

    @property
    def label_x(self) -> float:
        return BAR_LABEL_WIDTH - 8

    @property
    def text_y(self) -> float:
        """The baseline of a row's texts, from the row's top."""
        return round(BAR_HEIGHT / 2 + TEXT_DROP, 1)

    @property
    def note_x(self) -> float:
        """Where 「評価済みの事業なし」 starts, in a row without a bar."""
        return BAR_LABEL_WIDTH + 8

    @property
    def tail_x(self) -> float:
        return BAR_LABEL_WIDTH + BAR_WIDTH + 8


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: SVG text does not wrap."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stacked_bars(rows: Sequence[tuple[str, Tally]]) -> BarChart:
    """A bar per (label, tally): each rated code a segment as wide as its share of the rated.

    Segments follow the order of ``tally.counts`` (the scale's, best first); codes counted zero
    get no segment. A row with nothing rated has no segments at all (never a bar of zeros). The
    non-rating codes and the unrated are written after the bar, the chart widened to hold them.
    """
    placed: list[BarRow] = []
    for number, (label, counts) in enumerate(rows):
        y = round(BAR_GAP + number * (BAR_HEIGHT + BAR_GAP), 1)
        segments: list[BarSegment] = []
        x = BAR_LABEL_WIDTH
        for style, (code, count) in enumerate(counts.counts.items()):
            share = counts.share(code)
            if not count or share is None:
                continue
            width = round(BAR_WIDTH * share, 1)
            segments.append(BarSegment(code, count, share, style, round(x, 1), width))
            x += width
        placed.append(BarRow(shorten(label, 18), counts, y, segments))
    tail = max((8 + len(row.tail) * TAIL_CHARACTER for row in placed), default=0.0)
    return BarChart(placed, width=round(BAR_LABEL_WIDTH + BAR_WIDTH + max(BAR_TAIL, tail), 1))


# --- indicator lines -------------------------------------------------------------------------

PLOT_LEFT, PLOT_TOP, PLOT_RIGHT, PLOT_BOTTOM = 70.0, 40.0, 600.0, 250.0
LINE_WIDTH, LINE_HEIGHT = 680.0, 300.0


@dataclass(frozen=True)
class ChartPoint:
    year: int
    value: Decimal
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Tick:
    label: str
    position: float
    sub: str = ""  # a second line, e.g. (2023年度) under 令和5年度


@dataclass(frozen=True)
class LineChart:
    """Actual values as a line, with the baseline and the target as labelled markers and the
    target also as a dashed level across the plot."""

    actuals: list[ChartPoint]
    baseline: ChartPoint | None
    target: ChartPoint | None
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: float = LINE_WIDTH
    height: float = LINE_HEIGHT
    left: float = PLOT_LEFT
    top: float = PLOT_TOP
    right: float = PLOT_RIGHT
    bottom: float = PLOT_BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.actuals)


def plain(value: Decimal) -> str:
    """1234.500 → 1,234.5."""
    return f"{value.normalize():,f}"


def _nice_step(span: float) -> float:
    raw = span / 4
    magnitude: float = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * magnitude >= raw)


def line_chart(
    actuals: Sequence[tuple[int, Decimal]],
    *,
    baseline: tuple[int | None, Decimal | None],
    target: tuple[int | None, Decimal | None],
    year_label: Callable[[int], str],
    unit: str = "",
) -> LineChart | None:
    """Place the actual values (year, value) with the baseline and target (year, value) pairs.

    The years run from the earliest to the latest year named anywhere (only those with a value
    are labelled); the values from zero (or the lowest value, when negative) to a round number
    above the highest. A baseline or target
    without a year or a value is left out; None when there is nothing to draw.
    """
    base_mark, target_mark = _complete(baseline), _complete(target)
    marks = [mark for mark in (base_mark, target_mark) if mark is not None]
    years = [year for year, _ in actuals] + [year for year, _ in marks]
    values = [float(value) for _, value in actuals] + [float(value) for _, value in marks]
    if not years:
        return None
    first, last = min(years), max(years)
    if first == last:
        first, last = first - 1, last + 1
    low, high = min(0.0, *values), max(values)
    step = _nice_step(high - low if high > low else abs(high) or 1.0)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if high <= low:
        high = low + step

    def x_of(year: int) -> float:
        return round(PLOT_LEFT + (year - first) * (PLOT_RIGHT - PLOT_LEFT) / (last - first), 1)

    def y_of(value: float) -> float:
        return round(PLOT_BOTTOM - (value - low) * (PLOT_BOTTOM - PLOT_TOP) / (high - low), 1)

    def point(year: int, value: Decimal) -> ChartPoint:
        return ChartPoint(year, value, x_of(year), y_of(float(value)), f"{plain(value)}{unit}")

    count = round((high - low) / step)
    y_ticks = [
        Tick(plain(Decimal(str(round(low + n * step, 6)))), y_of(low + n * step)) for n in range(count + 1)
    ]
    # Only years that hold a value are labelled: no axis label suggests data that is not shown.
    x_ticks = [Tick(year_label(year), x_of(year), f"({year}年度)") for year in sorted(set(years))]
    return LineChart(
        [point(year, value) for year, value in sorted(actuals)],
        point(*base_mark) if base_mark else None,
        point(*target_mark) if target_mark else None,
        x_ticks,
        y_ticks,
    )


def _complete(mark: tuple[int | None, Decimal | None]) -> tuple[int, Decimal] | None:
    year, value = mark
    return (year, value) if year is not None and value is not None else None
