from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "mahalleh.minutes"
    label = "minutes"
    verbose_name = "صورتجلسه‌ها"
