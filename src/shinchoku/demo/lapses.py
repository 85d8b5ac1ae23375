"""The lapses real entries have, written into a few demo entries so that every quality check
(:mod:`shinchoku.core.quality`) has something to find: numbers never filled in, text copied from
last year, a target carried forward, a placeholder for a reason, the lowest rating with hardly a
reason. (Ratings that contradict the indicators and missing actuals already occur in the demo's
history.)

Runs after the history is written, with its own RNG seeded from the demo's seed, so the rest of
the demo is the same as without it and the same seed always picks the same entries.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import Plan

LAPSE_SHARE = 0.02
"""About this share of a round's filled entries gets each lapse (at least one)."""

BLANK_NUMERALS = (
    "実績:講座 回開催、参加者 人。",
    "R{year}年度実績:会議 回開催。訪問数 件。",
    "相談窓口を か所で開設し、延べ 人が利用した。",
)
# Reasons keep the demo's leading ○, as the other items of its reports do.
PLACEHOLDERS = ("○特になし", "○同上", "○―")
SHORT_REASONS = ("○検討中。", "○未実施のため。", "○課題なし")


@dataclass(frozen=True)
class _Round:
    fiscal_year: int
    lowest: str  # the scale's lowest rating code


Lapse = Callable[[random.Random, Entry, Entry | None, _Round], bool]


def _blank_numeral(rng: random.Random, entry: Entry, last: Entry | None, round_: _Round) -> bool:
    sentence = rng.choice(BLANK_NUMERALS).format(year=round_.fiscal_year - 2018)
    entry.progress = f"{entry.progress}\n{sentence}"
    return True


def _copied(rng: random.Random, entry: Entry, last: Entry | None, round_: _Round) -> bool:
    if last is None or not last.progress:
        return False
    entry.progress = last.progress
    return True


def _placeholder(rng: random.Random, entry: Entry, last: Entry | None, round_: _Round) -> bool:
    if entry.rating is None or entry.rating.code == round_.lowest:
        return False  # the lowest rating with a placeholder is missing_reason's case
    entry.reason = rng.choice(PLACEHOLDERS)
    return True


def _short_reason(rng: random.Random, entry: Entry, last: Entry | None, round_: _Round) -> bool:
    if entry.rating is None or entry.rating.code != round_.lowest:
        return False
    entry.reason = rng.choice(SHORT_REASONS)
    return True


def _goal_carried(rng: random.Random, entry: Entry, last: Entry | None, round_: _Round) -> bool:
    if last is None or not last.next_year_goal:
        return False
    entry.next_year_goal = last.next_year_goal
    return True


# 次年度の目標 becomes next year's 今年度の目標, so it is carried forward only in the newest round.
LAPSES: tuple[tuple[Lapse, bool], ...] = (
    (_blank_numeral, False),
    (_copied, False),
    (_placeholder, False),
    (_short_reason, False),
    (_goal_carried, True),
)


def add_quality_lapses(plan: Plan, *, seed: int) -> int:
    """Write the lapses into the filled entries of ``plan``'s two newest rounds; returns how many
    entries changed."""
    rng = random.Random(f"quality-lapses-{seed}")
    lowest = (
        plan.rating_scale.codes.filter(is_rating=True).order_by("-position").values_list("code", flat=True)[0]
    )
    rounds = list(plan.rounds.order_by("-fiscal_year")[:2])
    changed: dict[int, Entry] = {}
    for newest, round_ in zip((True, False), rounds, strict=False):
        entries = list(
            Entry.objects.filter(round=round_, rating__isnull=False)
            .select_related("project", "department", "rating")
            .order_by("project__code", "department__name")
        )
        previous = {
            (entry.project_id, entry.department_id): entry
            for entry in Entry.objects.filter(round__plan=plan, round__fiscal_year=round_.fiscal_year - 1)
        }
        count = max(1, round(len(entries) * LAPSE_SHARE))
        for lapse, newest_only in LAPSES:
            if newest_only and not newest:
                continue
            candidates = [entry for entry in entries if entry.pk not in changed]
            done = 0
            for entry in rng.sample(candidates, k=len(candidates)):
                if done == count:
                    break
                last = previous.get((entry.project_id, entry.department_id))
                if lapse(rng, entry, last, _Round(round_.fiscal_year, lowest)):
                    changed[entry.pk] = entry
                    done += 1
    Entry.objects.bulk_update(
        list(changed.values()), ["progress", "reason", "next_year_goal"], batch_size=500
    )
    return len(changed)
