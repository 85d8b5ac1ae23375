"""Reminders through a real SMTP server on loopback: one Japanese mail per department with entries
due, never the same reminder twice, the 所属長's digest once overdue, an お知らせ for everyone."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from shinchoku.audit.models import AuditEntry
from shinchoku.notifications.models import Notification, ReminderSent
from shinchoku.notifications.services.reminders import remind_now, send_due_reminders
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.notifications.conftest import DEADLINE
from tests.smtp import MailServer, free_port

SHOGAI = {"shogai@city.example.lg.jp", "shogai-taro@city.example.lg.jp"}
SHAKYO = {"shakyo-hanako@shakyo.example.jp"}


def at(days_from_deadline: int) -> datetime:
    day = DEADLINE + timedelta(days=days_from_deadline)
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def by_recipients(server: MailServer) -> dict[frozenset[str], Any]:
    return {frozenset(mail.recipients): mail for mail in server.take()}


def test_remind_now_sends_one_japanese_mail_per_department_with_entries_due_naming_the_deadline(
    due: TinyPlan, people: People, smtp_settings: MailServer
) -> None:
    remind_now(people.secretariat, due.collecting.pk, now=at(-3))
    mails = by_recipients(smtp_settings)
    assert set(mails) == {frozenset(SHOGAI), frozenset(SHAKYO)}  # 共生福祉課 has submitted
    shakyo = mails[frozenset(SHAKYO)]
    assert "提出期限 2025年5月30日(金)" in shakyo.subject
    assert "社協 ご担当者様" in shakyo.body
    assert "1-1-1-2 地域資源を活かした情報の発信(未提出)" in shakyo.body
    assert "1-1-2-1 福祉協力校設置(差戻し)" in shakyo.body
    assert "次の 2 件が提出されていません" in shakyo.body
    assert "http://127.0.0.1:8000/staff/my/" in shakyo.body
    shogai = mails[frozenset(SHOGAI)]
    assert "1-1-1-1 福祉教育(未提出)" in shogai.body
    assert "福祉協力校" not in shogai.body


def test_a_second_run_the_same_day_sends_nothing(
    due: TinyPlan, people: People, smtp_settings: MailServer
) -> None:
    first = remind_now(people.secretariat, due.collecting.pk, now=at(-3))
    assert len(smtp_settings.take()) == 2
    second = remind_now(people.secretariat, due.collecting.pk, now=at(-3).replace(hour=17))
    assert smtp_settings.take() == []
    assert [reminder.already_sent for reminder in second.departments] == [True, True]
    assert ReminderSent.objects.count() == len(first.departments) == 2
    remind_now(people.secretariat, due.collecting.pk, now=at(-2))
    assert len(smtp_settings.take()) == 2  # the next day is another day


def test_the_schedule_sends_on_its_days_only_and_each_once(
    due: TinyPlan, people: People, smtp_settings: MailServer
) -> None:
    sent_on = []
    for days in range(-10, 16):
        send_due_reminders(at(days))
        send_due_reminders(at(days))  # cron ran twice that day
        if smtp_settings.take():
            sent_on.append(days)
    assert sent_on == [-7, -2, 0, 7, 14]


def test_after_the_deadline_the_approver_gets_a_digest_of_the_overdue_entries(
    due: TinyPlan, people: People, smtp_settings: MailServer
) -> None:
    send_due_reminders(at(7))
    mails = by_recipients(smtp_settings)
    digest = mails[frozenset({"shogai-kacho@city.example.lg.jp"})]
    assert "【期限超過】" in digest.subject
    assert "生涯学習課 所属長様" in digest.body
    assert "1-1-1-1 福祉教育" in digest.body
    assert "至急ご提出ください" in mails[frozenset(SHOGAI)].body


def test_before_the_deadline_the_approver_gets_no_digest(
    due: TinyPlan, people: People, smtp_settings: MailServer
) -> None:
    send_due_reminders(at(-7))
    assert all("shogai-kacho@city.example.lg.jp" not in mail.recipients for mail in smtp_settings.take())


def test_every_recipient_user_gets_an_oshirase_even_without_an_address(
    due: TinyPlan, people: People, smtp_settings: MailServer
) -> None:
    people.other_editor.email = ""
    people.other_editor.save(update_fields=["email"])
    remind_now(people.secretariat, due.collecting.pk, now=at(-3))
    notice = Notification.objects.get(recipient=people.other_editor)
    assert notice.kind == Notification.Kind.REMINDER
    assert "1-1-2-1 福祉協力校設置" in notice.body
    assert notice.link == "/staff/my/"
    assert notice.read_at is None
    assert Notification.objects.filter(recipient=people.editor).count() == 1
    assert not Notification.objects.filter(recipient=people.approver).exists()  # not overdue yet


def test_a_dry_run_sends_and_records_nothing(
    due: TinyPlan, people: People, smtp_settings: MailServer
) -> None:
    result = remind_now(people.secretariat, due.collecting.pk, now=at(-3), dry_run=True)
    assert [reminder.department.name for reminder in result.departments] == ["生涯学習課", "社協"]
    assert smtp_settings.take() == []
    assert not ReminderSent.objects.exists()
    assert not Notification.objects.exists()


def test_the_reminder_is_audited_with_who_sent_it(
    due: TinyPlan, people: People, smtp_settings: MailServer
) -> None:
    remind_now(people.secretariat, due.collecting.pk, now=at(-3))
    entry = AuditEntry.objects.get(action="remind_now")
    assert entry.actor_id == people.secretariat.pk
    assert "担当課 2 課" in entry.summary


def test_a_relay_that_refuses_records_nothing_so_the_next_run_tries_again(
    due: TinyPlan, people: People, settings: Any, smtp_settings: MailServer
) -> None:
    settings.EMAIL_PORT = free_port()  # nothing listens there
    result = remind_now(people.secretariat, due.collecting.pk, now=at(-3))
    assert all("メールを送れませんでした" in reminder.error for reminder in result.departments)
    assert not ReminderSent.objects.exists()
    assert not Notification.objects.exists()
    settings.EMAIL_PORT = smtp_settings.port
    remind_now(people.secretariat, due.collecting.pk, now=at(-3))
    assert len(smtp_settings.take()) == 2


@pytest.mark.parametrize("who", ["editor", "approver", "viewer", "stranger"])
def test_only_the_plans_secretariat_can_remind(due: TinyPlan, people: People, who: str) -> None:
    with pytest.raises(PermissionDenied):
        remind_now(getattr(people, who), due.collecting.pk, now=at(-3))
    assert not ReminderSent.objects.exists()


def test_a_published_round_is_never_reminded(due: TinyPlan, people: People) -> None:
    with pytest.raises(PermissionDenied, match="公表済"):
        remind_now(people.secretariat, due.published.pk)


def test_a_line_break_in_a_plans_title_never_breaks_the_subject_header(
    due: TinyPlan, people: People, smtp_settings: MailServer
) -> None:
    due.plan.title = "地域福祉計画\r\nBcc: someone@example.com"
    due.plan.save(update_fields=["title"])
    remind_now(people.secretariat, due.collecting.pk, now=at(-3))
    received = smtp_settings.take()
    assert len(received) == 2
    for mail in received:
        assert "someone@example.com" not in mail.recipients
        assert mail.message["Bcc"] is None
        assert "地域福祉計画 Bcc: someone@example.com" in mail.subject
