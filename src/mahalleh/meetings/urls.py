from django.urls import path

from mahalleh.meetings.views import bodies

app_name = "meetings"
urlpatterns = [
    path("bodies/", bodies.BodyList.as_view(), name="bodies"),
    path("bodies/<int:pk>/", bodies.BodyDetail.as_view(), name="body"),
    path("bodies/<int:pk>/edit/", bodies.BodyEdit.as_view(), name="body_edit"),
]
