"""A minutes document on its way in: the draft a reviewer checks before anything reaches the live records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.scoping import ALL_Q, CHANGE, VIEW, Scope, ScopedManager


class MinutesImport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس، در انتظار بازبینی")
        CONFIRMED = "confirmed", _("تأییدشده")
        REPLACED = "replaced", _("جایگزین‌شده با نسخه اصلاحی")

    province = models.ForeignKey("places.Province", on_delete=models.CASCADE, related_name="+", verbose_name=_("استان"))
    filename = models.CharField(_("نام پرونده"), max_length=255)
    file = models.FileField(_("پرونده"), upload_to="imports/%Y/")
    sha256 = models.CharField(max_length=64, db_index=True)
    # Same body, number and date = the same meeting: a corrected file replaces its unconfirmed draft.
    identity = models.CharField(max_length=300, db_index=True, blank=True)
    text = models.TextField(_("متن استخراج‌شده"))
    data = models.JSONField(_("داده استخراج‌شده"))
    status = models.CharField(_("وضعیت"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ورود صورتجلسه")
        verbose_name_plural = _("ورود صورتجلسه‌ها")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("minutes:review", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        provinces = scope.provinces_with("secretariat") if action == CHANGE else scope.provinces_with("secretariat", "governor")
        return Q(province_id__in=provinces)
