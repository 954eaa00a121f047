from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "mahalleh.minutes"
    label = "minutes"
    verbose_name = "صورتجلسه‌ها"
    audited_models = "__all__"

    def ready(self) -> None:
        from django.urls import reverse

        from mahalleh.core.registry import NavEntry, ObjectLink, nav_entries, object_links

        nav_entries.register(NavEntry(key="minutes_import", label="ورود صورتجلسه", path="/minutes/import/", order=80))
        for fmt, label in (("pdf", "صورتجلسه PDF"), ("docx", "صورتجلسه Word")):
            object_links.register(ObjectLink(
                key=f"minutes_{fmt}", model="meetings.meeting", label=label, testid=fmt, order=10,
                url=lambda meeting, fmt=fmt: reverse(f"minutes:meeting_{fmt}", args=[meeting.pk]),
            ))
