from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mahalleh.core"
    label = "core"
    verbose_name = "هسته"
    audited_models = "__all__"
    audit_exclude = ("auditentry", "loginfailure")  # the log itself, and the lock-out's counter

    def ready(self) -> None:
        from mahalleh.core import audit, checks  # noqa: F401  (checks registers itself)

        audit.connect_signals()
