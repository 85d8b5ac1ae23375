"""Small timing helpers: every figure is a median over repeats, reported with its spread."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.seconds) * 1000

    @property
    def max_ms(self) -> float:
        return max(self.seconds) * 1000


def measure(label: str, action: Callable[[], object], *, repeats: int, warmup: int = 1) -> Timing:
    """Run ``action`` ``warmup`` times untimed, then ``repeats`` times timed."""
    for _ in range(warmup):
        action()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return Timing(label, seconds)


def table(rows: list[tuple[Timing, Timing]]) -> list[str]:
    """Markdown rows of 'figure | median | min–max | baseline | baseline median | ratio'."""
    lines = [
        "| measured | median | min–max | baseline (same run) | baseline median | ratio |",
        "| --- | ---: | ---: | --- | ---: | ---: |",
    ]
    for figure, baseline in rows:
        ratio = figure.median_ms / baseline.median_ms if baseline.median_ms else float("inf")
        lines.append(
            f"| {figure.label} | {figure.median_ms:.1f} ms | {figure.min_ms:.1f}–{figure.max_ms:.1f} ms "
            f"| {baseline.label} | {baseline.median_ms:.1f} ms | ×{ratio:.1f} |"
        )
    return lines
