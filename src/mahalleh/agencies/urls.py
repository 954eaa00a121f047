from django.urls import path

from mahalleh.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.AgencyList.as_view(), name="agencies"),
    path("<int:pk>/", views.AgencyDetail.as_view(), name="agency"),
    path("<int:pk>/edit/", views.AgencyEdit.as_view(), name="agency_edit"),
]
