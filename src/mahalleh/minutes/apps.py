from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "mahalleh.minutes"
    label = "minutes"
    verbose_name = "صورتجلسه‌ها"
    audited_models = "__all__"

    def ready(self) -> None:
        from mahalleh.core.registry import NavEntry, nav_entries

        nav_entries.register(NavEntry(key="minutes_import", label="ورود صورتجلسه", path="/minutes/import/", order=80))
