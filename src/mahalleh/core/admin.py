from django.contrib import admin
from django.http import HttpRequest

from mahalleh.core.models import AuditEntry, Closure, MaghribOverride

admin.site.site_header = "مدیریت سامانه محله"
admin.site.site_title = "سامانه محله"
admin.site.index_title = "مدیریت"


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin[Closure]):
    list_display = ["date", "reason"]
    date_hierarchy = "date"


@admin.register(MaghribOverride)
class MaghribOverrideAdmin(admin.ModelAdmin[MaghribOverride]):
    list_display = ["place_key", "date", "time", "note"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the log is append-only."""

    list_display = ["at", "actor", "action", "event", "content_type", "object_repr", "request_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "request_id", "event"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
