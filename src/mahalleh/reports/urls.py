from django.urls import URLPattern, URLResolver, include, path

from mahalleh.reports import indicators_views, monthly_urls, profile_views, views

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("map/", views.neighborhood_map, name="map"),  # issue 12 (dashboards and the map)
    path("matching/", include("mahalleh.reports.matching_urls")),  # issue 12, item 5 (capacities and matching)
    # issue 12 (lists, indicators, profile): the neighborhood's profile and its indicators
    path("neighborhoods/<int:pk>/", profile_views.NeighborhoodProfile.as_view(), name="neighborhood_profile"),
    path("neighborhoods/<int:pk>/indicators/", indicators_views.NeighborhoodIndicators.as_view(), name="neighborhood_indicators"),
    path("neighborhoods/<int:neighborhood_pk>/indicators/new/", indicators_views.IndicatorValueCreate.as_view(),
         name="indicator_value_create"),
    path("indicators/values/", indicators_views.IndicatorValueList.as_view(), name="indicator_values"),
    path("indicators/values/<int:pk>/edit/", indicators_views.IndicatorValueEdit.as_view(), name="indicator_value_edit"),
]
urlpatterns += monthly_urls.urlpatterns  # issue 12 (monthly reports)
