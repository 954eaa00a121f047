from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mahalleh.core"
    label = "core"
    verbose_name = "هسته"
    audited_models = "__all__"
    # the log itself, and the keys of creates already made (a key, not a change)
    audit_exclude = ("auditentry", "idempotencykey", "ratecounter")

    def ready(self) -> None:
        from mahalleh.core import audit, checks  # noqa: F401  (checks registers itself)

        audit.connect_signals()
