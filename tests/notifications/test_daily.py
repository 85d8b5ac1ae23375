"""``shinchoku serve --remind-daily``: the background thread sends the day's scheduled reminders."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from shinchoku.notifications.daily import start_daily_reminders
from shinchoku.notifications.models import ReminderSent
from tests.evaluations.services.personas import make_people
from tests.evaluations.tiny_plan import build_tiny_plan
from tests.notifications.due_round import make_due_round
from tests.smtp import MailServer

# A guard against a thread that never sends (as tests/test_demo_command.py waits for the demo), not a
# speed requirement: generous, as the machine is shared with the rest of the suite.
PATIENCE_SECONDS = 180


@pytest.mark.django_db(transaction=True)
def test_the_daily_thread_sends_the_reminders_due_today_once(
    settings: Any, smtp_settings: MailServer
) -> None:
    tiny = build_tiny_plan()
    make_due_round(tiny, make_people(tiny), timezone.localdate() + timedelta(days=7))  # a week before
    stop = start_daily_reminders()
    try:
        waited_until = time.monotonic() + PATIENCE_SECONDS
        # A reminder is recorded in the transaction that sends its mail: wait for both.
        while time.monotonic() < waited_until and (
            len(smtp_settings.received) < 2 or ReminderSent.objects.count() < 2
        ):
            time.sleep(0.1)
    finally:
        stop.set()
    received = smtp_settings.take()
    assert len(received) == 2
    assert all("【提出のお願い】" in mail.subject for mail in received)
    assert set(ReminderSent.objects.values_list("key", flat=True)) == {
        f"-7@{timezone.localdate().isoformat()}"
    }
