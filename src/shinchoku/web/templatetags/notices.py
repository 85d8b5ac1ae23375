"""The unread お知らせ of the signed-in user: the count on the header's link and the newest on the
staff home (both rendered per visitor, never stored in the page cache)."""

from __future__ import annotations

from django import template

from shinchoku.accounts.models import User
from shinchoku.notifications.models import Notification
from shinchoku.notifications.selectors import unread_count, unread_notices

register = template.Library()


@register.simple_tag
def unread_notice_count(user: object) -> int:
    return unread_count(user) if isinstance(user, User) else 0


@register.simple_tag
def newest_unread_notices(user: object) -> list[Notification]:
    return unread_notices(user) if isinstance(user, User) else []
