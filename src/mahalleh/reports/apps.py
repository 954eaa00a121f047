from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mahalleh.reports"
    label = "reports"
    verbose_name = "گزارش‌ها و داشبوردها"
    audited_models = "__all__"

    def ready(self) -> None:
        from mahalleh.reports import registrations

        registrations.register()
