from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "shinchoku.notifications"
    label = "notifications"
    verbose_name = "通知と督促"
    default_auto_field = "django.db.models.BigAutoField"
