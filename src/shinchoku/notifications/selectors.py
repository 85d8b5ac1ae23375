"""Reading a user's お知らせ: unread first, newest first within each."""

from __future__ import annotations

from django.db.models import F, QuerySet

from shinchoku.accounts.models import User
from shinchoku.notifications.models import Notification, ReminderSchedule, ReminderSent

PAGE_SIZE = 50


def notifications_of(user: User, limit: int = PAGE_SIZE) -> list[Notification]:
    ordered = Notification.objects.filter(recipient=user).order_by(
        F("read_at").desc(nulls_first=True), "-created_at", "-pk"
    )
    return list(ordered[:limit])


HOME_LIMIT = 5


def unread_notices(user: User, limit: int = HOME_LIMIT) -> list[Notification]:
    """The newest ``limit`` unread お知らせ of ``user``, newest first (the staff home's list)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return list(unread.order_by("-created_at", "-pk")[:limit])


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def sent_reminders(round_id: int) -> QuerySet[ReminderSent]:
    return ReminderSent.objects.filter(round_id=round_id).select_related("department")


def schedule_row(round_id: int) -> ReminderSchedule | None:
    return ReminderSchedule.objects.filter(round_id=round_id).first()
