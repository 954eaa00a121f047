from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from mahalleh.accounts import views as accounts
from mahalleh.config.api import build_api
from mahalleh.core.offline import service_worker
from mahalleh.desks import views as desk_views
from mahalleh.reports import views as reports_views

api = build_api()

urlpatterns = [
    path("", reports_views.home, name="home"),  # issue 12: the role's dashboard, then the menu's cards
    # ---- accounts: sign-in (gated, accounts.lockout), profile, password change and reset, two-factor
    path("accounts/login/", accounts.MahallehLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/otp/", accounts.otp_verify, name="otp_verify"),
    path("accounts/otp/setup/", accounts.otp_setup, name="otp_setup"),
    # ---- end of accounts
    path("places/", include("mahalleh.places.urls")),
    path("agencies/", include("mahalleh.agencies.urls")),
    path("problems/", include("mahalleh.problems.urls")),  # issue 10
    path("desks/", include("mahalleh.desks.urls")),  # issue 11
    path("calendar/<str:token>.ics", desk_views.calendar_feed, name="calendar_feed"),  # issue 11: a user's feed
    path("open311/v2/", include("mahalleh.problems.open311_urls")),  # issue 10: Open311 GeoReport v2
    path("", include("mahalleh.problems.public_urls")),  # issue 10: /track/, /report/, the SMS reply webhook
    path("meetings/", include("mahalleh.meetings.urls")),
    path("reports/", include("mahalleh.reports.urls")),  # issue 12
    path("minutes/", include("mahalleh.minutes.urls")),
    path("administration/", include("mahalleh.administration.urls")),
    path("sw.js", service_worker, {"pages": ("problems:problem_create",), "patterns": (r"^/desks/\d+/intake/$",)}, name="service_worker"),  # issue 11: offline intake
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# Persian pages (JSON under /api/) for every error, DEBUG or not: core.errors.
handler400 = "mahalleh.core.errors.bad_request"
handler403 = "mahalleh.core.errors.permission_denied"
handler404 = "mahalleh.core.errors.page_not_found"
handler500 = "mahalleh.core.errors.server_error"
