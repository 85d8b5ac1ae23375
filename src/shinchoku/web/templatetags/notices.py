"""The unread count of the header's お知らせ link (rendered per visitor in the account menu, never
stored in the page cache)."""

from __future__ import annotations

from django import template

from shinchoku.accounts.models import User
from shinchoku.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notice_count(user: object) -> int:
    return unread_count(user) if isinstance(user, User) else 0
