"""お知らせ: the signed-in user's notices, unread first; open one (marking it read) or mark all read."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from shinchoku.notifications import selectors
from shinchoku.notifications.services.notices import mark_all_notifications_read, mark_notification_read
from shinchoku.web.rounds.access import render_staff, signed_in


def notifications(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    context = {"notifications": selectors.notifications_of(user), "unread": selectors.unread_count(user)}
    return render_staff(request, "web/notifications/notifications.html", context)


@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notice read and open what it is about (its link within the site), or come back."""
    notification = mark_notification_read(signed_in(request), notification_id)
    link = notification.link
    if request.POST.get("open") and link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("web:notifications")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = mark_all_notifications_read(signed_in(request))
    messages.success(request, f"お知らせ {count} 件を既読にしました。")
    return redirect("web:notifications")
