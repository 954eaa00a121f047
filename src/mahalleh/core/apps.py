from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mahalleh.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from mahalleh.core import audit

        audit.connect_signals()
