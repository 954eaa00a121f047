from django.urls import path

from mahalleh.meetings.views import bodies, escalation, followup, meetings, resolutions, scorecards

app_name = "meetings"
urlpatterns = [
    path("", meetings.MeetingList.as_view(), name="meetings"),
    path("new/", meetings.meeting_create, name="meeting_create"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/status/<str:step>/", meetings.meeting_transition, name="meeting_transition"),
    path("<int:pk>/reopen/", meetings.meeting_reopen, name="meeting_reopen"),
    path("<int:pk>/review/", meetings.meeting_review, name="meeting_review"),
    path("<int:meeting_pk>/resolutions/new/", resolutions.resolution_create, name="resolution_create"),
    path("resolutions/", resolutions.ResolutionList.as_view(), name="resolutions"),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/edit/", resolutions.resolution_edit, name="resolution_edit"),
    path("resolutions/<int:pk>/cancel/", resolutions.resolution_cancel, name="resolution_cancel"),
    path("inbox/", followup.inbox, name="inbox"),
    path("assignments/<int:assignment_pk>/report/", followup.report_create, name="report_create"),
    path("reports/<int:pk>/<str:decision>/", followup.report_review, name="report_review"),
    path("reports/<int:report_pk>/attachments/<int:pk>/", followup.report_attachment, name="report_attachment"),
    path("scorecards/", scorecards.scorecards, name="scorecards"),
    path("bodies/", bodies.BodyList.as_view(), name="bodies"),
    path("bodies/<int:pk>/", bodies.BodyDetail.as_view(), name="body"),
    path("bodies/<int:pk>/edit/", bodies.BodyEdit.as_view(), name="body_edit"),
    path("escalate/problem/<int:pk>/", escalation.problem_escalate, name="problem_escalate"),
]
