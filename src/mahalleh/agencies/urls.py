from django.urls import path

from mahalleh.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.AgencyList.as_view(), name="agencies"),
    path("<int:pk>/", views.AgencyDetail.as_view(), name="agency"),
    path("<int:pk>/edit/", views.AgencyEdit.as_view(), name="agency_edit"),
    # issue 12 (capacities): the services each agency declares
    path("services/", views.AgencyServiceList.as_view(), name="services"),
    path("services/new/", views.AgencyServiceEdit.as_view(), name="service_create"),
    path("services/<int:pk>/", views.AgencyServiceEdit.as_view(), name="service_edit"),
]
