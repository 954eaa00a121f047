from django.urls import path

from mahalleh.desks import campaign_views, lists, views

app_name = "desks"
urlpatterns = [
    path("", views.desk_calendar, name="calendar"),
    path("new/", views.desk_create, name="desk_create"),
    path("plan/", views.plan_page, name="plan"),
    path("coverage/", views.coverage, name="coverage"),
    path("calendar-feed/", views.feed_page, name="feed"),
    path("mine/", views.my_desks, name="mine"),
    path("<int:pk>/", views.desk_detail, name="desk"),
    path("<int:pk>/status/", views.desk_status, name="desk_status"),
    path("<int:pk>/attendance/", views.desk_attendance, name="desk_attendance"),
    path("<int:pk>/intake/", views.desk_intake, name="desk_intake"),
    path("<int:pk>/signups/", views.signup_list, name="signups"),
    path("<int:pk>/signups/new/", views.signup_create, name="signup_create"),
    path("<int:pk>/summary/", views.desk_summary, name="desk_summary"),
    path("<int:pk>/summary/send/", views.desk_send_summary, name="desk_send_summary"),
    path("<int:pk>/sheet/", views.desk_sheet, name="desk_sheet"),
    path("invitations/<int:pk>/answer/", views.invitation_answer, name="invitation_answer"),
    # issue 12: what the dashboards' desk and campaign figures count
    path("list/", lists.DeskList.as_view(), name="desk_list"),
    path("campaigns/visits/", lists.CampaignVisitList.as_view(), name="campaign_visits"),
    path("campaigns/", campaign_views.campaign_list, name="campaigns"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/plan/", campaign_views.campaign_plan, name="campaign_plan"),
    path("campaigns/visits/<int:pk>/deliver/", campaign_views.campaign_deliver, name="campaign_deliver"),
]
