"""The province's user administration pages: each parses a form, calls one service and renders.

Every page is for a province administrator (the secretariat of a province, or the superuser) and
a 404 for anyone else; accounts and roles are read through ``selectors`` (a 404 out of scope).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views import View

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.administration import forms, selectors, services
from mahalleh.administration.filtersets import UserFilterSet
from mahalleh.administration.models import AccountRecord, RoleChange
from mahalleh.administration.tables import UserTable
from mahalleh.core.audit import history
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.lists import ScopedListView
from mahalleh.core.services import DomainError, parse_key, replayed
from mahalleh.core.views import ServiceFormView


def require_admin(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not selectors.is_province_admin(user):
        raise Http404
    return user


def version_of(user: User) -> int:
    return AccountRecord.objects.filter(user=user).values_list("version", flat=True).first() or 1


class UserList(ScopedListView):
    queryset = User.objects.all()
    filterset_class = UserFilterSet
    table_class = UserTable
    export_name = "users"
    template_name = "administration/user_list.html"

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.visible_users(require_admin(self.request))


class UserDetail(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        actor = require_admin(request)
        account = get_object_or_404(selectors.visible_users(actor), pk=pk)
        manageable = selectors.manageable_users(actor).filter(pk=pk).exists()
        own_roles = set(selectors.manageable_assignments(actor).filter(user=account).values_list("pk", flat=True))
        changes = (RoleChange.objects.filter(Q(from_user=account) | Q(to_user=account))
                   .select_related("from_user", "to_user", "actor", "province", "county", "agency", "neighborhood"))
        return render(request, "administration/user_detail.html", {
            "account": account, "record": AccountRecord.objects.filter(user=account).select_related("deactivated_by").first(),
            "roles": [(r, r.pk in own_roles) for r in account.role_assignments.all()],
            "changes": changes[:100], "history": history(account)[:50], "can_manage": manageable,
        })


class AdminFormView(ServiceFormView):
    template_name = "administration/form.html"
    title = ""

    def load(self) -> None:
        self.actor = require_admin(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"title": self.title, **kwargs}


class AccountFormView(AdminFormView):
    """A form about one account the actor manages (``self.account``)."""

    def load(self) -> None:
        super().load()
        self.account = get_object_or_404(selectors.manageable_users(self.actor), pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.actor, "version": version_of(self.account)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"account": self.account, **super().get_context_data(**kwargs)}

    def get_success_url(self, result: Any) -> str:
        return reverse("administration:user", args=[self.account.pk])


class UserCreate(AdminFormView):
    form_class = forms.UserCreateForm
    title = "کاربر جدید"
    success_message = "حساب کاربری ساخته شد."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.actor}

    def perform(self, form: Any) -> User:
        d = form.cleaned_data
        return services.user_create(
            username=d["username"], first_name=d["first_name"], last_name=d["last_name"], phone=d["phone"],
            email=d["email"], password=d["password"] or None, province=d["province"], actor=self.actor,
            idempotency_key=d.get(KEY_FIELD),
        )

    def get_success_url(self, result: Any) -> str:
        name = "administration:user" if result.has_usable_password() else "administration:user_invite"
        return reverse(name, args=[result.pk])


class UserEdit(AccountFormView):
    form_class = forms.UserEditForm
    title = "ویرایش حساب"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "account": self.account}

    def perform(self, form: Any) -> User:
        d = form.cleaned_data
        return services.user_update(user=self.account, first_name=d["first_name"], last_name=d["last_name"],
                                    phone=d["phone"], email=d["email"], version=d.get("version"), actor=self.actor)


class UserDeactivate(AccountFormView):
    form_class = forms.DeactivateForm
    title = "غیرفعال کردن حساب"
    success_message = "حساب غیرفعال شد؛ نشست‌ها و توکن‌های API آن پایان یافت."

    def perform(self, form: Any) -> User:
        return services.user_deactivate(user=self.account, reason=form.cleaned_data["reason"],
                                        version=form.cleaned_data.get("version"), actor=self.actor)


class UserReactivate(AccountFormView):
    form_class = forms.ReactivateForm
    title = "فعال کردن دوباره حساب"
    success_message = "حساب دوباره فعال شد."

    def perform(self, form: Any) -> User:
        return services.user_reactivate(user=self.account, version=form.cleaned_data.get("version"), actor=self.actor)


class UserInvite(AccountFormView):
    """Shows a one-time link with which the person sets their own password (Django's reset token:
    it stops working once a password is set, and after ``PASSWORD_RESET_TIMEOUT``)."""

    form_class = forms.RevokeForm  # a note-less confirmation; only the button matters
    title = "پیوند تعیین گذرواژه"
    template_name = "administration/invite.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.actor}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        try:
            services.invite_link_issued(user=self.account, actor=self.actor)
        except DomainError as exc:
            messages.error(request, exc.message_fa)
            return HttpResponseRedirect(reverse("administration:user", args=[self.account.pk]))
        uid = urlsafe_base64_encode(force_bytes(self.account.pk))
        path = reverse("administration:invite_accept", args=[uid, default_token_generator.make_token(self.account)])
        return render(request, self.template_name, self.get_context_data(link=request.build_absolute_uri(path)))


class ReplayMixin:
    """A resent form whose first submission already did its work (the role is gone from its old
    holder) is answered with what that submission made, not with a 404."""

    request: HttpRequest

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = parse_key(request.POST.get(KEY_FIELD))
        if key is not None:
            require_admin(request)
            try:
                done = replayed(key, request.user)
            except DomainError:
                done = None
            if isinstance(done, RoleChange):
                return HttpResponseRedirect(done.get_absolute_url())
        response: HttpResponse = super().post(request, *args, **kwargs)  # type: ignore[misc]  # the view it is mixed into
        return response


class RoleGrant(AccountFormView):
    form_class = forms.RoleGrantForm
    title = "اعطای نقش"
    success_message = "نقش داده شد."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.actor}

    def perform(self, form: Any) -> RoleChange:
        return services.role_grant(user=self.account, role=form.cleaned_data["role"], note=form.cleaned_data["note"],
                                   actor=self.actor, idempotency_key=form.cleaned_data.get(KEY_FIELD), **form.scope())


class AssignmentFormView(ReplayMixin, AdminFormView):
    def load(self) -> None:
        super().load()
        self.assignment: RoleAssignment = get_object_or_404(selectors.manageable_assignments(self.actor), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"assignment": self.assignment, "account": self.assignment.user, **super().get_context_data(**kwargs)}


class RoleRevoke(AssignmentFormView):
    form_class = forms.RevokeForm
    title = "پس گرفتن نقش"
    success_message = "نقش پس گرفته شد."

    def perform(self, form: Any) -> RoleChange:
        return services.role_revoke(assignment=self.assignment, note=form.cleaned_data["note"], actor=self.actor,
                                    idempotency_key=form.cleaned_data.get(KEY_FIELD))


class RoleHandover(AssignmentFormView):
    form_class = forms.HandoverForm
    title = "تحویل نقش به دیگری"
    success_message = "نقش تحویل شد."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.actor, "holder": self.assignment.user}

    def perform(self, form: Any) -> RoleChange:
        return services.role_handover(assignment=self.assignment, to_user=form.cleaned_data["to_user"],
                                      note=form.cleaned_data["note"], actor=self.actor,
                                      idempotency_key=form.cleaned_data.get(KEY_FIELD))


class InviteAccept(PasswordResetConfirmView):
    """The invited person sets their password (Django's reset-confirm view, with our page)."""

    template_name = "administration/invite_accept.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "گذرواژه شما تعیین شد؛ اکنون وارد شوید.")
        return super().form_valid(form)
