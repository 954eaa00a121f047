from django.contrib import admin

from mahalleh.places.models import (
    City,
    County,
    Neighborhood,
    NeighborhoodContact,
    NeighborhoodDocument,
    NeighborhoodNeed,
    Province,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin[Province]):
    search_fields = ["name"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin[County]):
    list_display = ["name", "province"]
    list_filter = ["province"]
    search_fields = ["name"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin[City]):
    list_display = ["name", "county"]
    search_fields = ["name"]


class ContactInline(admin.TabularInline[NeighborhoodContact, Neighborhood]):
    model = NeighborhoodContact
    extra = 0


@admin.register(Neighborhood)
class NeighborhoodAdmin(admin.ModelAdmin[Neighborhood]):
    list_display = ["name", "county", "population", "households", "is_target", "priority_rank", "is_demo"]
    list_filter = ["is_target", "county__province", "county"]
    search_fields = ["name", "name_normalized"]
    inlines = [ContactInline]


@admin.register(NeighborhoodNeed)
class NeedAdmin(admin.ModelAdmin[NeighborhoodNeed]):
    list_display = ["title", "kind", "neighborhood", "quantity", "unit"]
    list_filter = ["kind"]
    search_fields = ["title"]


@admin.register(NeighborhoodDocument)
class DocumentAdmin(admin.ModelAdmin[NeighborhoodDocument]):
    list_display = ["title", "neighborhood", "date"]
