from django.urls import path

from mahalleh.administration import views
from mahalleh.administration.onboarding import views as onboarding

app_name = "administration"
urlpatterns = [
    path("users/", views.UserList.as_view(), name="users"),
    path("users/new/", views.UserCreate.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetail.as_view(), name="user"),
    path("users/<int:pk>/edit/", views.UserEdit.as_view(), name="user_edit"),
    path("users/<int:pk>/deactivate/", views.UserDeactivate.as_view(), name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.UserReactivate.as_view(), name="user_reactivate"),
    path("users/<int:pk>/invite/", views.UserInvite.as_view(), name="user_invite"),
    path("users/<int:pk>/roles/new/", views.RoleGrant.as_view(), name="role_grant"),
    path("roles/<int:pk>/revoke/", views.RoleRevoke.as_view(), name="role_revoke"),
    path("roles/<int:pk>/handover/", views.RoleHandover.as_view(), name="role_handover"),
    path("invite/<uidb64>/<token>/", views.InviteAccept.as_view(), name="invite_accept"),
    path("onboarding/", onboarding.Onboarding.as_view(), name="onboarding"),
    path("onboarding/templates/<slug:kind>.xlsx", onboarding.OnboardingTemplate.as_view(), name="onboarding_template"),
]
