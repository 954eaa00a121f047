from django.urls import path

from mahalleh.places import views

app_name = "places"
urlpatterns = [
    path("neighborhoods/", views.NeighborhoodList.as_view(), name="neighborhoods"),
    path("neighborhoods/<int:pk>/", views.NeighborhoodDetail.as_view(), name="neighborhood"),
    path("neighborhoods/<int:pk>/edit/", views.NeighborhoodEdit.as_view(), name="neighborhood_edit"),
    path("neighborhoods/<int:neighborhood_pk>/contacts/new/", views.ContactCreate.as_view(), name="contact_create"),
    path("contacts/<int:pk>/edit/", views.ContactEdit.as_view(), name="contact_edit"),
]
