from django.contrib import admin

from mahalleh.agencies.models import Agency, AgencyAlias, AgencyGroup, AgencyService, Service, ServiceAxis


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


# issue 12 (capacities): the service catalog is edited here; capacities, needs and allocations on their pages


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ["name", "axis", "unit", "code", "is_active", "order"]
    list_filter = ["axis", "unit", "is_active"]
    search_fields = ["name", "code"]


@admin.register(AgencyService)
class AgencyServiceAdmin(admin.ModelAdmin[AgencyService]):
    list_display = ["agency", "service", "capacity", "period", "is_active"]
    list_filter = ["period", "service__axis"]
    filter_horizontal = ["counties"]
    raw_id_fields = ["agency"]
