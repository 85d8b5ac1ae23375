from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "shinchoku.editions"
    label = "editions"
    verbose_name = "公表した年度の版と正誤"
    default_auto_field = "django.db.models.BigAutoField"
