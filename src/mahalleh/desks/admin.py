from django.contrib import admin

from mahalleh.desks.models import AgencyUnavailability, NeighborhoodNeed, PlanSettings


@admin.register(PlanSettings)
class PlanSettingsAdmin(admin.ModelAdmin[PlanSettings]):
    list_display = ("province", "desks_per_wednesday", "desks_per_wednesday_per_county", "directors_per_desk",
                    "min_weeks_between_visits", "desks_per_agency_per_month")


@admin.register(AgencyUnavailability)
class AgencyUnavailabilityAdmin(admin.ModelAdmin[AgencyUnavailability]):
    list_display = ("agency", "date", "reason")
    list_filter = ("agency__province",)


@admin.register(NeighborhoodNeed)
class NeighborhoodNeedAdmin(admin.ModelAdmin[NeighborhoodNeed]):
    list_display = ("neighborhood", "agency", "note")
