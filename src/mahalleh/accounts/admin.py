from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from mahalleh.accounts.models import ApiToken, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["province", "county", "agency", "neighborhood"]


@admin.register(User)
class MahallehUserAdmin(UserAdmin[User]):
    inlines = [RoleAssignmentInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("تماس", {"fields": ("phone",)}))
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["key_hash", "created_at", "last_used_at"]
