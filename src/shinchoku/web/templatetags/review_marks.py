"""The 要確認 mark of staff pages: the open import review items of a plan, node or entry.

Only on the staff site and only for those who work off the items (the plan's 事務局): a public
page never shows it, whatever the data."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from shinchoku.accounts import permissions
from shinchoku.ingest.models import ImportReviewItem
from shinchoku.ingest.review.selectors import open_items

register = template.Library()


@register.inclusion_tag("web/imports/includes/review_mark.html", takes_context=True)
def review_mark(
    context: Any, plan: Any, node: Any = None, entry: Any = None, whole: bool = False
) -> dict[str, Any]:
    """The open items of ``entry``, of ``node``, or (``whole``) a count of the plan's."""
    audience = context.get("audience")
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    items: list[ImportReviewItem] = []
    if (
        audience is not None
        and audience.is_staff
        and plan is not None
        and permissions.can_edit_plan(user, plan)
    ):
        items = open_items(plan, node=node, entry=entry)
    return {"review_items": items, "whole": whole}
