from django.urls import URLPattern, path

from mahalleh.reports import indicators_views, profile_views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    # issue 12 (lists, indicators, profile): the neighborhood's profile and its indicators
    path("neighborhoods/<int:pk>/", profile_views.NeighborhoodProfile.as_view(), name="neighborhood_profile"),
    path("neighborhoods/<int:pk>/indicators/", indicators_views.NeighborhoodIndicators.as_view(), name="neighborhood_indicators"),
    path("neighborhoods/<int:neighborhood_pk>/indicators/new/", indicators_views.IndicatorValueCreate.as_view(),
         name="indicator_value_create"),
    path("indicators/values/", indicators_views.IndicatorValueList.as_view(), name="indicator_values"),
    path("indicators/values/<int:pk>/edit/", indicators_views.IndicatorValueEdit.as_view(), name="indicator_value_edit"),
]
