from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mahalleh.meetings"
    label = "meetings"
    verbose_name = "جلسات"
