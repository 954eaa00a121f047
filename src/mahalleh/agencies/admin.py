from django.contrib import admin

from mahalleh.agencies.models import Agency, AgencyAlias, AgencyGroup, ServiceAxis


class AliasInline(admin.TabularInline[AgencyAlias, Agency]):
    model = AgencyAlias
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["name", "kind", "level", "province", "county", "is_active"]
    list_filter = ["kind", "level", "province"]
    search_fields = ["name", "name_normalized", "aliases__name_normalized"]
    filter_horizontal = ["axes"]
    inlines = [AliasInline]


@admin.register(AgencyGroup)
class AgencyGroupAdmin(admin.ModelAdmin[AgencyGroup]):
    list_display = ["name", "province"]
    filter_horizontal = ["members"]
    search_fields = ["name"]


@admin.register(ServiceAxis)
class ServiceAxisAdmin(admin.ModelAdmin[ServiceAxis]):
    list_display = ["name", "code", "order"]
