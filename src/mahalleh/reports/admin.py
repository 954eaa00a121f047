from django.contrib import admin

from mahalleh.reports.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "axis", "unit", "higher_is_better", "is_active", "order")
    list_filter = ("axis", "is_active")
    search_fields = ("name", "code")
