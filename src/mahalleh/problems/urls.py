from django.urls import path

from mahalleh.problems import actions, views

app_name = "problems"
urlpatterns = [
    path("", views.ProblemList.as_view(), name="problems"),
    path("new/", views.problem_create, name="problem_create"),
    path("similar/", views.problem_similar, name="problem_similar"),
    path("<int:pk>/", views.ProblemDetail.as_view(), name="problem"),
    path("<int:pk>/received/", views.problem_received, name="problem_received"),
    path("<int:pk>/slip/", views.problem_slip, name="problem_slip"),
    path("<int:pk>/accept/", actions.problem_accept, name="problem_accept"),
    path("<int:pk>/reassign/", actions.problem_reassign, name="problem_reassign"),
    path("<int:pk>/not-responsible/", actions.problem_not_responsible, name="problem_not_responsible"),
    path("<int:pk>/status/", actions.problem_status, name="problem_status"),
    path("<int:pk>/note/", actions.problem_note, name="problem_note"),
    path("<int:pk>/publish/", actions.problem_publish, name="problem_publish"),
    path("<int:pk>/photos/new/", actions.problem_photo_add, name="problem_photo_add"),
    path("<int:pk>/sms-opt-out/", actions.problem_sms_opt_out, name="problem_sms_opt_out"),
    path("photos/<int:pk>/", views.problem_photo, name="photo"),
    path("personal-reads/", views.PersonalReadList.as_view(), name="personal_reads"),
]

# escalation: the county HQ's priorities
from mahalleh.problems import priority_views  # noqa: E402

urlpatterns += [
    path("priorities/", priority_views.priorities, name="priorities"),
    path("<int:pk>/priority/", priority_views.priority_set, name="priority_set"),
]
