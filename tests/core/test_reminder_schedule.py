from datetime import date, timedelta

import pytest

from shinchoku.core.reminder_schedule import (
    Schedule,
    ScheduleError,
    describe,
    describe_step,
    due_step,
    format_offsets,
    parse_offsets,
    reminder_key,
)

DEADLINE = date(2025, 5, 30)


def on(days: int) -> date:
    return DEADLINE + timedelta(days=days)


def test_the_default_schedule_reminds_a_week_before_two_days_before_and_on_the_day() -> None:
    due = [days for days in range(-30, 1) if due_step(Schedule(), DEADLINE, on(days))]
    assert due == [-7, -2, 0]


def test_after_the_deadline_it_reminds_every_week_while_overdue() -> None:
    due = [days for days in range(1, 30) if due_step(Schedule(), DEADLINE, on(days))]
    assert due == [7, 14, 21, 28]
    assert due_step(Schedule(), DEADLINE, on(14)) == "overdue14"


def test_an_interval_of_zero_never_repeats_after_the_deadline() -> None:
    schedule = Schedule(offsets=(-3, 1), overdue_every=0)
    assert [days for days in range(-10, 60) if due_step(schedule, DEADLINE, on(days))] == [-3, 1]


def test_a_listed_offset_after_the_deadline_is_its_own_step_not_a_weekly_one() -> None:
    assert due_step(Schedule(offsets=(7,), overdue_every=7), DEADLINE, on(7)) == "+7"


def test_the_key_of_a_reminder_is_its_step_and_day_so_each_is_sent_once_a_day() -> None:
    assert reminder_key("-7", on(-7)) == "-7@2025-05-23"
    assert reminder_key("now", on(3)) != reminder_key("now", on(4))


def test_offsets_are_read_from_what_a_person_types() -> None:
    assert parse_offsets("-7, -2, 0") == (-7, -2, 0)
    assert parse_offsets("0、－２ −7  3") == (-7, -2, 0, 3)
    assert parse_offsets("-2,-2") == (-2,)
    assert parse_offsets("  ") == ()


@pytest.mark.parametrize("typed", ["一週間前", "-7日", "1.5", "-400"])
def test_unreadable_offsets_are_refused_with_a_japanese_message_naming_them(typed: str) -> None:
    with pytest.raises(ScheduleError, match="「"):
        parse_offsets(typed)


def test_the_schedule_reads_as_japanese() -> None:
    assert describe(Schedule()) == "期限の7日前、期限の2日前、期限の当日。期限後は7日ごと"
    assert format_offsets((-7, 0)) == "-7, 0"
    assert describe_step("overdue14") == "期限の14日後(期限後の繰り返し)"
    assert describe_step("now") == "今すぐ"
