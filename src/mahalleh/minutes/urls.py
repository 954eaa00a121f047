from django.urls import path

from mahalleh.minutes import views

app_name = "minutes"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.review, name="review"),
    path("import/<int:pk>/original/", views.import_original, name="import_original"),
    path("meetings/<int:pk>/original/", views.meeting_original, name="meeting_original"),
]
