from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mahalleh.meetings"
    label = "meetings"
    verbose_name = "جلسات"
    audited_models = "__all__"

    def ready(self) -> None:
        from mahalleh.meetings import receivers, registrations

        receivers.connect()
        registrations.register()
