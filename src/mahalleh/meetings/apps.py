from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mahalleh.meetings"
    label = "meetings"
    verbose_name = "جلسات"

    def ready(self) -> None:
        from mahalleh.meetings import receivers

        receivers.connect()
