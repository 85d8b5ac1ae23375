"""URL map of the お知らせ and the reminders (joined to the web namespace by shinchoku.web.urls)."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from shinchoku.web.notifications import reminder_views, views

urlpatterns = [
    path("notifications/", login_required(views.notifications), name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        login_required(views.notification_read),
        name="notification_read",
    ),
    path(
        "notifications/read-all/", login_required(views.notifications_read_all), name="notifications_read_all"
    ),
    path(
        "rounds/<int:round_id>/reminders/", login_required(reminder_views.reminders), name="round_reminders"
    ),
    path(
        "rounds/<int:round_id>/reminders/send/",
        login_required(reminder_views.reminders_send),
        name="round_reminders_send",
    ),
    path(
        "rounds/<int:round_id>/reminders/schedule/",
        login_required(reminder_views.schedule_save),
        name="round_reminder_schedule",
    ),
]
