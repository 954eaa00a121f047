from django.urls import path  # noqa: F401  (each part of the app adds its routes here)

app_name = "reports"

urlpatterns: list = []
