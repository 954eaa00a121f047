from django.apps import AppConfig


class DesksConfig(AppConfig):
    name = "mahalleh.desks"
    label = "desks"
    verbose_name = "میزهای خدمت"
    audited_models = "__all__"
