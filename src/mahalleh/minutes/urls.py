from django.urls import path

from mahalleh.minutes import views

app_name = "minutes"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.review, name="review"),
]
