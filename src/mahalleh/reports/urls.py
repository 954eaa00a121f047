from django.urls import URLPattern, URLResolver, include, path

from mahalleh.reports import monthly_urls

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("matching/", include("mahalleh.reports.matching_urls")),  # issue 12, item 5 (capacities and matching)
]
urlpatterns += monthly_urls.urlpatterns  # issue 12 (monthly reports)
