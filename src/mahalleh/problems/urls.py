from django.urls import path

from mahalleh.problems import views

app_name = "problems"
urlpatterns = [
    path("", views.ProblemList.as_view(), name="problems"),
    path("<int:pk>/", views.ProblemDetail.as_view(), name="problem"),
]
