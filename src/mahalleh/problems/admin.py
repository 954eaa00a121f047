from django.contrib import admin

from mahalleh.problems.models import Category, RoutingRule


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "axis", "service_days", "is_active", "order")
    list_filter = ("axis", "is_active")
    search_fields = ("name", "code")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = ("category", "province", "county", "agency")
    list_filter = ("province", "category")
    autocomplete_fields = ("agency",)
