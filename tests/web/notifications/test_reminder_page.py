"""The 事務局's 督促 page: the preview of who gets what, the 今すぐ督促 button (which sends exactly
that, once a day) and the schedule form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.notifications.models import ReminderSchedule
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.notifications.due_round import make_due_round
from tests.smtp import MailServer

SignIn = Callable[[User], Client]


@pytest.fixture
def due(tiny: TinyPlan, people: People) -> TinyPlan:
    make_due_round(tiny, people, date(2099, 5, 30))
    return tiny


def test_the_board_links_to_the_reminders_of_a_round_being_collected(
    due: TinyPlan, people: People, client_for: SignIn
) -> None:
    html = client_for(people.secretariat).get(reverse("web:round", args=[due.collecting.pk])).content.decode()
    assert reverse("web:round_reminders", args=[due.collecting.pk]) in html
    assert "今すぐ督促" in html


def test_the_button_sends_after_a_preview_exactly_what_the_preview_showed(
    due: TinyPlan, people: People, client_for: SignIn, smtp_settings: MailServer
) -> None:
    client = client_for(people.secretariat)
    page = reverse("web:round_reminders", args=[due.collecting.pk])
    preview = client.get(page).content.decode()
    for shown in (
        "生涯学習課",
        "shogai@city.example.lg.jp",
        "shogai-taro@city.example.lg.jp",
        "1-1-1-1 福祉教育",
    ):
        assert shown in preview
    for shown in ("社協", "shakyo-hanako@shakyo.example.jp", "1-1-2-1 福祉協力校設置(差戻し)"):
        assert shown in preview
    assert "2 課に督促を送る" in preview
    assert smtp_settings.take() == []  # the preview sends nothing

    response = client.post(reverse("web:round_reminders_send", args=[due.collecting.pk]), follow=True)
    assert "2 課に督促を送りました" in response.content.decode()
    received = smtp_settings.take()
    assert {frozenset(mail.recipients) for mail in received} == {
        frozenset({"shogai@city.example.lg.jp", "shogai-taro@city.example.lg.jp"}),
        frozenset({"shakyo-hanako@shakyo.example.jp"}),
    }
    assert all("提出期限 2099年5月30日" in mail.subject for mail in received)
    assert AuditEntry.objects.filter(action="remind_now", actor=people.secretariat).count() == 1

    after = client.get(page).content.decode()
    assert "本日の督促はすべて送信済みです" in after
    again = client.post(reverse("web:round_reminders_send", args=[due.collecting.pk]), follow=True)
    assert "送る督促はありませんでした" in again.content.decode()
    assert smtp_settings.take() == []


def test_the_secretariat_changes_the_schedule_and_a_typo_is_refused_beside_the_field(
    due: TinyPlan, people: People, client_for: SignIn
) -> None:
    client = client_for(people.secretariat)
    url = reverse("web:round_reminder_schedule", args=[due.collecting.pk])
    refused = client.post(url, {"offsets": "一週間前", "overdue_every": "7", "version": "0"})
    assert refused.status_code == 400
    assert "「一週間前」は日数として読めません" in refused.content.decode()
    assert not ReminderSchedule.objects.exists()

    client.post(url, {"offsets": "-10, －3、0", "overdue_every": "3", "version": "0"})
    row = ReminderSchedule.objects.get(round=due.collecting)
    assert (row.offsets, row.overdue_every) == ([-10, -3, 0], 3)
    page = client.get(reverse("web:round_reminders", args=[due.collecting.pk])).content.decode()
    assert "期限の10日前、期限の3日前、期限の当日。期限後は3日ごと" in page
    assert AuditEntry.objects.filter(action="update_reminder_schedule").exists()

    stale = client.post(url, {"offsets": "0", "overdue_every": "0", "version": "0"})
    assert stale.status_code == 400
    assert "ほかの人が先に督促の予定を変えました" in stale.content.decode()


def test_opening_a_round_gives_it_the_default_schedule(tiny: TinyPlan, people: People) -> None:
    from shinchoku.evaluations.services import open_round

    round_ = open_round(people.secretariat, tiny.plan.pk, 2025)
    assert ReminderSchedule.objects.get(round=round_).offsets == [-7, -2, 0]
