from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "mahalleh.minutes"
    label = "minutes"
    verbose_name = "صورتجلسه‌ها"
    audited_models = "__all__"

    def ready(self) -> None:
        from django.urls import reverse

        from mahalleh.core.registry import NavEntry, ObjectLink, nav_entries, object_links
        from mahalleh.minutes.permissions import may_import_minutes

        nav_entries.register(NavEntry(key="minutes_import", label="ورود صورتجلسه", path="/minutes/import/", order=80,
                                      visible=may_import_minutes, description="خواندن صورتجلسه از فایل یا متن"))

        def download(fmt: str) -> Callable[[Any], str]:
            return lambda meeting: reverse(f"minutes:meeting_{fmt}", args=[meeting.pk])

        for fmt, label in (("pdf", "صورتجلسه PDF"), ("docx", "صورتجلسه Word")):
            object_links.register(ObjectLink(
                key=f"minutes_{fmt}", model="meetings.meeting", label=label, url=download(fmt), testid=fmt, order=10,
            ))
