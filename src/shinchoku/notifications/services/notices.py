"""お知らせ: write notices for users, and let each user mark their own as read.

Marking read changes only the reader's own inbox, not any record of the city, so it writes no audit
entry; the events notices tell about are audited where they happen.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from shinchoku.accounts.models import User
from shinchoku.notifications.models import Notification


def notify_users(users: Iterable[User], *, kind: str, title: str, body: str, link: str) -> list[Notification]:
    """One unread notice per distinct user of ``users`` (the caller's transaction holds them)."""
    unique = {user.pk: user for user in users}
    return Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, title=title[:200], body=body, link=link)
        for user in unique.values()
    )


def mark_notification_read(actor: User, notification_id: int) -> Notification:
    """Mark the actor's notice read. Raises PermissionDenied for anyone else's notice."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.recipient_id != actor.pk:
            raise PermissionDenied("このお知らせは、あなた宛てではありません。")
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def mark_all_notifications_read(actor: User) -> int:
    """Mark every unread notice of the actor read; return how many."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
