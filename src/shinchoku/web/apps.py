from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "shinchoku.web"
    label = "web"

    def ready(self) -> None:
        # Registers the project-wide system checks.
        from shinchoku import checks  # noqa: F401
