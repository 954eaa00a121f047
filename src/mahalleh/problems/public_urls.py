from django.urls import path

from mahalleh.problems import public

app_name = "public"
urlpatterns = [
    path("track/", public.track, name="track"),
    path("track/<str:code>/", public.track_problem, name="track_problem"),
    path("track/<str:code>/feedback/", public.track_feedback, name="track_feedback"),
    path("track/<str:code>/photos/<int:pk>/", public.track_photo, name="track_photo"),
    path("report/", public.report, name="report"),
    path("report/<str:code>/", public.report_done, name="report_done"),
    path("sms/inbound/", public.sms_inbound, name="sms_inbound"),
]
