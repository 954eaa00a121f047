"""Sign-in, the profile page and the two-factor step. Password change and reset are Django's views with
our Persian templates (``templates/registration/``); what a change sets off is ``services.password_changed``."""

from __future__ import annotations

from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from mahalleh.accounts.forms import LoginForm, OtpTokenForm
from mahalleh.accounts.models import User
from mahalleh.accounts.twofactor import needs_two_factor
from mahalleh.core.audit import record_event


class MahallehLoginView(LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    context = {
        "profile_user": user,
        "assignments": user.role_assignments.select_related("province", "county", "agency", "neighborhood"),
        "tokens": user.api_tokens.order_by("-created_at"),
        "two_factor": needs_two_factor(user),
        "has_device": django_otp.user_has_device(user, confirmed=True),
    }
    return render(request, "accounts/profile.html", context)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The step after the password for the roles that need it: a code from the user's authenticator."""
    user = request.user
    assert isinstance(user, User)  # login_required
    if not django_otp.user_has_device(user, confirmed=True):
        return redirect(f"/accounts/otp/setup/?next={_next(request)}")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in django_otp.devices_for_user(user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                django_otp.login(request, device)
                return redirect(_next(request))
        record_event(user, "otp_failed")
        form.add_error("token", "رمز یک‌بارمصرف نادرست یا منقضی است.")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: a QR code of a new secret, confirmed by one code from the app."""
    user = request.user
    assert isinstance(user, User)  # login_required
    if django_otp.user_has_device(user, confirmed=True):
        return redirect(f"/accounts/otp/?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            record_event(user, "otp_enabled")
            messages.success(request, "ورود دومرحله‌ای برای حساب شما فعال شد.")
            return redirect(_next(request))
        form.add_error("token", "رمز یک‌بارمصرف نادرست است؛ رمز تازه برنامه را وارد کنید.")
    context: dict[str, Any] = {
        "form": form,
        "next": _next(request),
        "qr_svg": qr_svg(device.config_url),
        "secret": _base32(device),
    }
    return render(request, "accounts/otp_setup.html", context)


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")  # type: ignore[no-any-return]  # qrcode's stubs type it loosely


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()
