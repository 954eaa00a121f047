"""What the user administration keeps beside ``accounts``: each account's managing province and edit
version, the history of its roles (granted, taken back, handed over) and each Excel onboarding."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalleh.core.roles import Role


class AccountRecord(models.Model):
    """One per account the province administration has touched: ``accounts.User`` has no version and no
    province of its own, so an account without a role (new, or after handing its role over) would
    belong to no one. Made with the account, or at its first edit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE,
                                related_name="account_record", verbose_name=_("کاربر"))
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("استان"))
    version = models.PositiveIntegerField(default=1)  # claimed by each edit (optimistic locking)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("ایجادکننده"))
    deactivated_at = models.DateTimeField(_("زمان غیرفعال شدن"), null=True, blank=True)
    deactivated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name=_("غیرفعال‌کننده"))
    deactivation_reason = models.CharField(_("دلیل غیرفعال شدن"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("پرونده حساب کاربری")
        verbose_name_plural = _("پرونده‌های حساب کاربری")

    def __str__(self) -> str:
        return str(self.user)


class RoleChange(models.Model):
    """A role given, taken back or handed from one person to another: the role's history, kept after
    the ``RoleAssignment`` row itself is gone."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("اعطای نقش")
        REVOKE = "revoke", _("پس گرفتن نقش")
        HANDOVER = "handover", _("تحویل نقش")

    kind = models.CharField(_("نوع تغییر"), max_length=10, choices=Kind.choices)
    role = models.CharField(_("نقش"), max_length=32, choices=Role.choices)
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("استان"))
    county = models.ForeignKey("places.County", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("شهرستان"))
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("دستگاه"))
    neighborhood = models.ForeignKey("places.Neighborhood", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("محله"))
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="roles_given_up", verbose_name=_("از کاربر"))
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="roles_received", verbose_name=_("به کاربر"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("انجام‌دهنده"))
    at = models.DateTimeField(_("زمان"), default=timezone.now)
    note = models.CharField(_("توضیح"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("تغییر نقش")
        verbose_name_plural = _("تاریخچه نقش‌ها")

    def __str__(self) -> str:
        target = self.province or self.county or self.agency or self.neighborhood or ""
        return f"{self.get_kind_display()}: {self.get_role_display()} {target}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        user = self.to_user_id or self.from_user_id
        return reverse("administration:user", args=[user]) if user else reverse("administration:users")


class OnboardingRun(models.Model):
    """One accepted Excel onboarding of a province: what was read and what it made."""

    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("استان"))
    filename = models.CharField(_("نام پرونده"), max_length=255)
    sha256 = models.CharField(max_length=64)
    counts = models.JSONField(_("تعداد ساخته‌شده‌ها"), default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("انجام‌دهنده"))
    at = models.DateTimeField(_("زمان"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("ورود اطلاعات استان")
        verbose_name_plural = _("ورودهای اطلاعات استان")

    def __str__(self) -> str:
        return f"{self.province} — {self.filename}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("administration:onboarding") + f"?run={self.pk}"
