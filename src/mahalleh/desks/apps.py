from django.apps import AppConfig


class DesksConfig(AppConfig):
    name = "mahalleh.desks"
    label = "desks"
    verbose_name = "میزهای خدمت"
    audited_models = "__all__"
    # The log of sign-up reads is itself the record of who read what.
    audit_exclude = ("signupread",)
    # Residents' names and mobiles never reach the audit: only a keyed digest that says they changed.
    audit_personal = {"signup": ("name", "mobile")}

    def ready(self) -> None:
        from mahalleh.core.audit import register_event_labels
        from mahalleh.desks import registrations
        from mahalleh.desks.services import EVENT_LABELS

        registrations.register()
        register_event_labels(EVENT_LABELS)
