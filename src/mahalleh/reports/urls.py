from django.urls import URLPattern, path

from mahalleh.reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("map/", views.neighborhood_map, name="map"),  # issue 12 (dashboards and the map)
]
