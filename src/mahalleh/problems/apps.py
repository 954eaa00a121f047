from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "mahalleh.problems"
    label = "problems"
    verbose_name = "مشکلات محلات"
    audited_models = "__all__"
    # The log of personal-data reads is itself the record of who read what; auditing its rows again
    # would only double it.
    audit_exclude = ("personaldataread",)
    # The reporter's name and mobile never reach the audit (``core.audit``): only a keyed digest that
    # says they changed. ``privacy.reporter_of`` is the one way they are read, and logs every read.
    audit_personal = {"problem": ("reporter_name", "reporter_mobile")}

    def ready(self) -> None:
        from mahalleh.core.audit import register_event_labels
        from mahalleh.core.history import HistoryFormat, history_formats
        from mahalleh.problems import registrations
        from mahalleh.problems.feedback import EVENT_LABELS as FEEDBACK_LABELS
        from mahalleh.problems.services import EVENT_LABELS

        registrations.register()
        register_event_labels({**EVENT_LABELS, **FEEDBACK_LABELS})
        # The audit keeps the reporter as written; a problem's history never shows it (privacy.reporter_of
        # is the one way it is read, and logs every read).
        history_formats.register(HistoryFormat(key="problems.problem", hidden=frozenset({"reporter_name", "reporter_mobile"})))
        history_formats.register(HistoryFormat(key="problems.problemupdate", title="kind"))
