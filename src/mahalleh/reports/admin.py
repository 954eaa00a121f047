from django.contrib import admin

from mahalleh.reports.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ("name", "axis", "unit", "higher_is_better", "is_active", "order")
    list_filter = ("axis", "is_active")
    search_fields = ("name", "code")


# ---- monthly agency reports (issue 12, item 4) -------------------------------------------------------
from mahalleh.reports.monthly_models import MonthlyReport, MonthlySettings  # noqa: E402


@admin.register(MonthlySettings)
class MonthlySettingsAdmin(admin.ModelAdmin[MonthlySettings]):
    list_display = ("province", "due_day", "remind_days_before")


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin[MonthlyReport]):
    list_display = ("agency", "year", "month", "status", "filed_on")
    list_filter = ("status", "year", "month", "province")
    search_fields = ("agency__name",)
    readonly_fields = ("agency", "province", "year", "month", "status", "filed_on", "submitted_at", "submitted_by",
                       "reviewed_at", "reviewed_by", "version")
