from django.urls import URLPattern, path  # noqa: F401  (each part of the app adds its routes here)

from mahalleh.reports import monthly_urls

app_name = "reports"

urlpatterns: list[URLPattern] = []
urlpatterns += monthly_urls.urlpatterns  # issue 12 (monthly reports)
