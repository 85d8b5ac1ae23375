"""Composing the demo's Japanese sentences from :mod:`.entry_vocabulary` with a seeded RNG.

Every function draws only from the ``random.Random`` it is given, so the same seed writes the
same text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from string import Formatter

from shinchoku.core import fiscal_year as fy
from shinchoku.demo import entry_vocabulary as words


@dataclass(frozen=True)
class IndicatorTarget:
    """The target of a project's indicator, quoted in its 計画最終年度までの目標."""

    label: str
    value: str
    unit: str
    year: int


@cache
def _placeholders(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def _fill(rng: random.Random, template: str, **known: str) -> str:
    """``template`` with every placeholder filled: ``known`` values first, random ones otherwise.

    Only the placeholders the template uses are drawn, always in the same order, so the text
    depends on the seed alone.
    """
    wanted = _placeholders(template) - known.keys()
    values = dict(known)
    if "benefit" in wanted:
        values["benefit"] = rng.choice(words.BENEFITS)
    if "event" in wanted:
        values["event"] = rng.choice(words.EVENTS)
    if "partner" in wanted:
        values["partner"] = rng.choice(words.PARTNERS)
    if wanted & {"n", "m"}:
        sessions = rng.randint(2, 24)
        values["n"] = str(sessions)
        values["m"] = f"{sessions * rng.randint(6, 60):,}"  # people: sessions times attendance
    if wanted & {"c", "prev"}:
        previous = rng.randint(5, 300)
        values["prev"] = str(previous)
        values["c"] = str(max(1, previous + rng.randint(-40, 60)))
    if "k" in wanted:
        values["k"] = str(rng.randint(1, 12))
    if "p" in wanted:
        values["p"] = str(rng.randint(2, 15))
    for name in wanted - values.keys():
        values[name] = ""
    return template.format(**values)


def _lines(rng: random.Random, templates: tuple[str, ...], count: int, **known: str) -> str:
    chosen = rng.sample(templates, k=min(count, len(templates)))
    return "\n".join(_fill(rng, template, **known) for template in chosen)


def final_target(rng: random.Random, *, name: str, kw: str, indicator: IndicatorTarget | None) -> str:
    """A 計画最終年度までの目標: the indicator's target when there is one, else a sentence; 1 in 10
    says 目標設定なし, as real reports often do."""
    if indicator is not None and rng.random() < 0.7:
        return words.INDICATOR_TARGET.format(
            label=indicator.label,
            value=indicator.value,
            unit=indicator.unit,
            year=fy.format_wareki(indicator.year),
        )
    if rng.random() < 0.1:
        return words.NO_TARGET
    return _fill(rng, rng.choice(words.FINAL_TARGETS), name=name, kw=kw)


def progress(rng: random.Random, *, kw: str) -> str:
    """A 進捗状況 of one to three lines with counts of sessions and people."""
    return _lines(rng, words.PROGRESS_LINES, rng.randint(1, 3), kw=kw)


def draft_progress(rng: random.Random, *, kw: str) -> str:
    """A half-written 進捗状況, as a department leaves it before submitting."""
    return _fill(rng, rng.choice(words.PROGRESS_LINES), kw=kw) + words.DRAFT_PROGRESS_SUFFIX


def suspended_progress() -> str:
    return words.SUSPENDED_PROGRESS


def reason(rng: random.Random, rating: str | None) -> str:
    """A 評価の理由・課題 matching ``rating`` (A, B, C, ``−`` or None); C gets the longest text,
    with the problem and what the department will do about it."""
    if rating is None:
        return rng.choice(words.UNRATED_REASONS)
    if rating not in words.REASONS:
        return words.SUSPENDED_REASON
    if rating == "C":
        problems = _lines(rng, words.REASONS["C"], rng.randint(2, 3))
        return problems + "\n" + _fill(rng, rng.choice(words.REMEDIES))
    return _lines(rng, words.REASONS[rating], rng.randint(1, 2))


def next_year_goal(rng: random.Random, *, name: str, kw: str) -> str:
    return _lines(rng, words.NEXT_YEAR_GOALS, rng.randint(1, 2), name=name, kw=kw)


def ending_goal(last_year: int) -> str:
    """The 次年度の目標 of a project in its last year."""
    return words.ENDING_GOAL.format(year=fy.format_wareki(last_year))


def secretariat_comment(rng: random.Random, rating: str | None) -> str:
    """The 事務局's short comment on a 施策 rated ``rating``."""
    return rng.choice(words.SECRETARIAT_COMMENTS.get(rating, words.SECRETARIAT_COMMENTS[None]))


def committee_opinions(rng: random.Random, *, policy: str, count: int) -> list[tuple[str, str]]:
    """``count`` different (委員意見, 市の考え方) pairs about the 施策 titled ``policy``."""
    pairs = rng.sample(words.COMMITTEE_OPINIONS, k=min(count, len(words.COMMITTEE_OPINIONS)))
    return [(opinion.format(policy=policy), response.format(policy=policy)) for opinion, response in pairs]
