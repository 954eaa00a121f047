from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from django.views.generic import TemplateView

from mahalleh.accounts.views import MahallehLoginView
from mahalleh.config.api import build_api

api = build_api()

urlpatterns = [
    path("", login_required(TemplateView.as_view(template_name="home.html")), name="home"),
    path("accounts/login/", MahallehLoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("places/", include("mahalleh.places.urls")),
    path("agencies/", include("mahalleh.agencies.urls")),
    path("meetings/", include("mahalleh.meetings.urls")),
    path("minutes/", include("mahalleh.minutes.urls")),
    path("administration/", include("mahalleh.administration.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# Persian pages (JSON under /api/) for every error, DEBUG or not: core.errors.
handler400 = "mahalleh.core.errors.bad_request"
handler403 = "mahalleh.core.errors.permission_denied"
handler404 = "mahalleh.core.errors.page_not_found"
handler500 = "mahalleh.core.errors.server_error"
