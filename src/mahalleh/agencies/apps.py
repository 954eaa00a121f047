from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "mahalleh.agencies"
    label = "agencies"
    verbose_name = "دستگاه‌ها"
