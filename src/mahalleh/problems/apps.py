from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "mahalleh.problems"
    label = "problems"
    verbose_name = "مشکلات محلات"
    audited_models = "__all__"
    # The log of personal-data reads is itself the record of who read what; auditing its rows again
    # would only double it.
    audit_exclude = ("personaldataread",)

    def ready(self) -> None:
        from mahalleh.core.audit import register_event_labels
        from mahalleh.problems.services import EVENT_LABELS

        register_event_labels(EVENT_LABELS)
