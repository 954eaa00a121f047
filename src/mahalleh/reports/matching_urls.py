"""The matching pages' routes (issue 12, item 5), under /reports/matching/ in the reports namespace."""

from django.urls import path

from mahalleh.reports import matching_views as views

urlpatterns = [
    path("needs/", views.NeedList.as_view(), name="needs"),
    path("needs/new/", views.NeedEdit.as_view(), name="need_create"),
    path("needs/<int:pk>/", views.NeedEdit.as_view(), name="need_edit"),
    path("allocations/", views.AllocationList.as_view(), name="allocations"),
    path("gaps/", views.gaps, name="gaps"),
    path("allocation/", views.allocation, name="allocation"),
]
