from django.urls import include, path

app_name = "reports"

urlpatterns = [
    path("matching/", include("mahalleh.reports.matching_urls")),  # issue 12, item 5 (capacities and matching)
]
