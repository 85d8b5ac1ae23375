"""Returned, approved and reopened entries tell the department's editors: an お知らせ each, and a
mail (through a loopback SMTP server) once the review has committed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import approve_entry, reopen_entry, return_entry
from shinchoku.notifications.models import Notification
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.smtp import MailServer, free_port


@pytest.fixture
def submitted(tiny: TinyPlan, people: People) -> Entry:
    """生涯学習課's 2024 entry, submitted; its editor has an address."""
    people.editor.email = "shogai-taro@city.example.lg.jp"
    people.editor.save(update_fields=["email"])
    entry = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    entry.status = Entry.Status.SUBMITTED
    entry.save(update_fields=["status"])
    return entry


def test_a_returned_entry_notifies_its_editor_with_the_reason(
    submitted: Entry,
    people: People,
    smtp_settings: MailServer,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        return_entry(
            people.secretariat, submitted.pk, version=submitted.version, comment="実施校数を書いてください"
        )
    notice = Notification.objects.get(recipient=people.editor)
    assert notice.kind == Notification.Kind.RETURNED
    assert notice.title == "1-1-1-1 福祉教育の評価が差し戻されました"
    assert "実施校数を書いてください" in notice.body
    assert notice.link == f"/staff/entries/{submitted.pk}/"
    (mail,) = smtp_settings.take()
    assert mail.recipients == ("shogai-taro@city.example.lg.jp",)
    assert "差し戻されました" in mail.subject
    assert "実施校数を書いてください" in mail.body
    assert f"http://127.0.0.1:8000/staff/entries/{submitted.pk}/" in mail.body
    # Nobody else of the city hears about another department's entry.
    assert not Notification.objects.exclude(recipient=people.editor).exists()


def test_an_approved_then_reopened_entry_notifies_its_editor_each_time(
    submitted: Entry,
    people: People,
    smtp_settings: MailServer,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        approved = approve_entry(people.secretariat, submitted.pk, version=submitted.version)
        reopen_entry(people.secretariat, submitted.pk, version=approved.version, reason="誤字があります")
    kinds = list(
        Notification.objects.filter(recipient=people.editor).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == [Notification.Kind.APPROVED, Notification.Kind.REOPENED]
    subjects = [mail.subject for mail in smtp_settings.take()]
    assert len(subjects) == 2
    assert "承認されました" in subjects[0]
    assert "承認が取り消され" in subjects[1]


def test_a_relay_that_is_down_never_undoes_the_review(
    submitted: Entry,
    people: People,
    settings: Any,
    smtp_settings: MailServer,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        approve_entry(people.secretariat, submitted.pk, version=submitted.version)
    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.APPROVED
    assert Notification.objects.filter(recipient=people.editor, kind=Notification.Kind.APPROVED).exists()
