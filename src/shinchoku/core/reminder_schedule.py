"""When a round's reminders are due: pure rules of the reminder schedule, without Django.

A schedule is a list of day offsets relative to the submission deadline (-7 is a week before, 0 the
day itself) and an interval in days at which reminders repeat while the deadline has passed. A
reminder is identified by its *key*, the step of the schedule and the date it belongs to: a key is
sent once, so that running ``shinchoku remind`` twice the same day sends nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

DEFAULT_OFFSETS: tuple[int, ...] = (-7, -2, 0)
DEFAULT_OVERDUE_EVERY = 7
# A schedule reaching further than a year from its deadline is a typing mistake.
MAX_OFFSET = 366


class ScheduleError(ValueError):
    """A schedule typed by the 事務局 cannot be read; the message is Japanese and says what to do."""


@dataclass(frozen=True)
class Schedule:
    """Offsets in days from the deadline (sorted, distinct) and the overdue interval (0: none)."""

    offsets: tuple[int, ...] = DEFAULT_OFFSETS
    overdue_every: int = DEFAULT_OVERDUE_EVERY


def parse_offsets(text: str) -> tuple[int, ...]:
    """``text`` such as 「-7, -2, 0」 (commas, 、 or spaces; full-width digits and minus signs
    accepted) as sorted distinct offsets. Raises :class:`ScheduleError` for anything else."""
    normalised = text.translate(str.maketrans("０１２３４５６７８９－−―ー、，", "0123456789----,,"))
    parts = [part for part in re.split(r"[,\s]+", normalised.strip()) if part]
    offsets: set[int] = set()
    for part in parts:
        if not re.fullmatch(r"[+-]?\d{1,3}", part):
            raise ScheduleError(
                f"「{part}」は日数として読めません。期限の何日前かを -7, -2, 0 のように"
                "整数(前はマイナス、後はプラス)で、カンマ区切りで書いてください。"
            )
        offset = int(part)
        if abs(offset) > MAX_OFFSET:
            raise ScheduleError(f"「{part}」日は長すぎます。期限の前後 {MAX_OFFSET} 日以内にしてください。")
        offsets.add(offset)
    return tuple(sorted(offsets))


def format_offsets(offsets: tuple[int, ...]) -> str:
    return ", ".join(str(offset) for offset in offsets)


def describe_offset(offset: int) -> str:
    """One offset in words: 「期限の7日前」「期限の当日」「期限の3日後」."""
    if offset == 0:
        return "期限の当日"
    return f"期限の{abs(offset)}日{'前' if offset < 0 else '後'}"


def describe(schedule: Schedule) -> str:
    """The whole schedule in one Japanese sentence fragment."""
    steps = "、".join(describe_offset(offset) for offset in schedule.offsets) or "なし"
    overdue = (
        f"。期限後は{schedule.overdue_every}日ごと" if schedule.overdue_every else "。期限後の繰り返しなし"
    )
    return steps + overdue


def due_step(schedule: Schedule, deadline: date, today: date) -> str | None:
    """The step of ``schedule`` falling on ``today`` for ``deadline``, or None.

    A step is ``"{offset:+d}"`` for a listed offset, or ``"overdue{days}"`` on every
    ``overdue_every``-th day after the deadline that no offset already covers.
    """
    days = (today - deadline).days
    if days in schedule.offsets:
        return f"{days:+d}"
    if days > 0 and schedule.overdue_every and days % schedule.overdue_every == 0:
        return f"overdue{days}"
    return None


def reminder_key(step: str, today: date) -> str:
    """The key recorded for a reminder of ``step`` sent on ``today``: one of each per day."""
    return f"{step}@{today.isoformat()}"


def is_overdue(deadline: date | None, today: date) -> bool:
    return deadline is not None and today > deadline


def describe_step(step: str) -> str:
    """A step of :func:`due_step` (or ``now``, the immediate reminder) in words."""
    if step == "now":
        return "今すぐ"
    if step.startswith("overdue"):
        return f"期限の{int(step.removeprefix('overdue'))}日後(期限後の繰り返し)"
    return describe_offset(int(step))
