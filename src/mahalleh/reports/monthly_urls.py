"""Routes of the monthly agency reports (issue 12, item 4), under ``/reports/monthly/``."""

from django.urls import path

from mahalleh.reports import monthly_lists, monthly_views

urlpatterns = [
    path("monthly/", monthly_lists.MonthlyReportList.as_view(), name="monthly_reports"),
    path("monthly/file/", monthly_views.monthly_file, name="monthly_file"),
    path("monthly/<int:pk>/", monthly_views.monthly_report, name="monthly_report"),
    path("monthly/<int:pk>/edit/", monthly_views.monthly_edit, name="monthly_edit"),
    path("monthly/<int:pk>/review/<str:decision>/", monthly_views.monthly_review, name="monthly_review"),
    path("monthly/<int:report_pk>/attachments/<int:pk>/", monthly_views.monthly_attachment, name="monthly_attachment"),
    path("monthly/month/", monthly_views.monthly_month, name="monthly_month"),
    path("monthly/late/", monthly_lists.MonthlyStateList.as_view(), name="monthly_late"),
    path("monthly/compiled/", monthly_views.monthly_compiled, name="monthly_compiled"),
]
