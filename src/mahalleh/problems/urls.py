from django.urls import path

from mahalleh.problems import views

app_name = "problems"
urlpatterns = [
    path("", views.ProblemList.as_view(), name="problems"),
    path("<int:pk>/", views.ProblemDetail.as_view(), name="problem"),
]

# escalation: the county HQ's priorities
from mahalleh.problems import priority_views  # noqa: E402

urlpatterns += [
    path("priorities/", priority_views.priorities, name="priorities"),
    path("<int:pk>/priority/", priority_views.priority_set, name="priority_set"),
]
