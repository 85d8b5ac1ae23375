"""The loopback SMTP server and a round with entries due in three departments."""

from __future__ import annotations

from datetime import date

import pytest

from shinchoku.evaluations.models import Entry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.smtp import mail_server, smtp_settings

__all__ = ["due", "mail_server", "smtp_settings"]

DEADLINE = date(2025, 5, 30)


@pytest.fixture
def due(tiny: TinyPlan, people: People) -> TinyPlan:
    """The tiny plan's collecting round due on 2025-05-30 with addresses: 生涯学習課 owes 1-1-1-1
    (draft), 社協 owes 1-1-1-2 and 1-1-2-1 (one returned), 共生福祉課 has submitted 1-1-1-2."""
    from tests.notifications.due_round import make_due_round

    make_due_round(tiny, people, DEADLINE)
    return tiny


def due_entries(tiny: TinyPlan) -> list[Entry]:
    return list(Entry.objects.filter(round=tiny.collecting, status__in=["draft", "returned"]))
