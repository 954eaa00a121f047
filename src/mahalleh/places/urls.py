from django.urls import path

from mahalleh.places import lists_views, views

app_name = "places"
urlpatterns = [
    path("neighborhoods/", views.NeighborhoodList.as_view(), name="neighborhoods"),
    path("neighborhoods/<int:pk>/", views.NeighborhoodDetail.as_view(), name="neighborhood"),
    path("neighborhoods/<int:pk>/edit/", views.NeighborhoodEdit.as_view(), name="neighborhood_edit"),
    path("neighborhoods/<int:neighborhood_pk>/contacts/new/", views.ContactCreate.as_view(), name="contact_create"),
    path("contacts/<int:pk>/edit/", views.ContactEdit.as_view(), name="contact_edit"),
    # the neighborhood's lists (issue 12)
    path("lists/", lists_views.ListsHome.as_view(), name="lists"),
    path("lists/people/<slug:kind>/", lists_views.PersonList.as_view(), name="people"),
    path("lists/needs/<slug:kind>/", lists_views.NeedList.as_view(), name="needs"),
    path("lists/documents/", lists_views.DocumentList.as_view(), name="documents"),
    path("lists/templates/<slug:kind>.xlsx", lists_views.ListTemplate.as_view(), name="list_template"),
    path("neighborhoods/<int:neighborhood_pk>/people/<slug:kind>/new/", lists_views.PersonCreate.as_view(), name="person_create"),
    path("neighborhoods/<int:neighborhood_pk>/needs/<slug:kind>/new/", lists_views.NeedCreate.as_view(), name="need_create"),
    path("neighborhoods/<int:neighborhood_pk>/documents/new/", lists_views.DocumentCreate.as_view(), name="document_create"),
    path("neighborhoods/<int:pk>/lists/<slug:kind>/import/", lists_views.ListImportView.as_view(), name="list_import"),
    path("people/<int:pk>/edit/", lists_views.PersonEdit.as_view(), name="person_edit"),
    path("needs/<int:pk>/edit/", lists_views.NeedEdit.as_view(), name="need_edit"),
    path("documents/<int:pk>/edit/", lists_views.DocumentEdit.as_view(), name="document_edit"),
    path("documents/<int:pk>/file/", lists_views.document_file, name="document_file"),
]
