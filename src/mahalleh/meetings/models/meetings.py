"""A meeting of a body: its header, agenda, narrative, attendance and original document."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.scoping import ALL_Q, CHANGE, VIEW, Scope, ScopedManager
from mahalleh.core.text import normalize, to_persian_digits


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("برنامه‌ریزی‌شده")
        HELD = "held", _("برگزارشده")
        APPROVED = "approved", _("صورتجلسه تأییدشده")

    body = models.ForeignKey("meetings.Body", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("نهاد"))
    number = models.PositiveIntegerField(_("شماره جلسه"), null=True, blank=True)
    date = models.DateField(_("تاریخ تشکیل"), db_index=True)
    start_time = models.TimeField(_("ساعت"), null=True, blank=True)
    place = models.CharField(_("محل تشکیل"), max_length=200, blank=True)
    invitation_number = models.CharField(_("شماره دعوتنامه"), max_length=50, blank=True)
    invitation_date = models.DateField(_("تاریخ دعوتنامه"), null=True, blank=True)
    chair = models.CharField(_("رئیس جلسه"), max_length=200, blank=True)
    secretary = models.CharField(_("دبیر جلسه"), max_length=200, blank=True)
    subject = models.CharField(_("موضوع"), max_length=300, blank=True)
    narrative = models.TextField(_("شرح مذاکرات"), blank=True)
    # normalized subject, place, narrative and body name, for search (see meetings.search)
    search_text = models.TextField(editable=False, default="", db_default="")
    status = models.CharField(_("وضعیت"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    source_document = models.FileField(_("سند اصلی"), upload_to="minutes/%Y/", blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-date", "-number"]
        verbose_name = _("جلسه")
        verbose_name_plural = _("جلسات")

    def __str__(self) -> str:
        from mahalleh.core.jalali import format_jalali

        num = f" {to_persian_digits(self.number)}" if self.number else ""
        return f"جلسه{num} {self.body} {format_jalali(self.date)}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = normalize(" ".join([self.subject, self.place, self.narrative, self.body.name]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def weekday(self) -> str:
        from mahalleh.core.jalali import weekday_name

        return weekday_name(self.date)

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return Q(body__province_id__in=scope.provinces_with("secretariat")) | Q(body__county_id__in=scope.county_ids)
        return Q(body__province_id__in=scope.province_ids)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("ردیف"))
    text = models.TextField(_("دستور کار"))
    is_review = models.BooleanField(_("بررسی مصوبات گذشته"), default=False)
    # Neighborhood problems put on the agenda (``services.problems_escalate``): meetings imports
    # problems, never the reverse, so the link lives here.
    problems = models.ManyToManyField("problems.Problem", blank=True, related_name="agenda_items", verbose_name=_("مشکلات"))

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("دستور کار")
        verbose_name_plural = _("دستور کار")

    def __str__(self) -> str:
        return self.text[:80]


class Attendance(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("دعوت‌شده")
        PRESENT = "present", _("حاضر")
        DEPUTY = "deputy", _("حضور نماینده")
        ABSENT = "absent", _("غایب")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="attendances", verbose_name=_("دستگاه"))
    status = models.CharField(_("حضور"), max_length=10, choices=Status.choices, default=Status.INVITED)
    representative = models.CharField(_("نماینده"), max_length=150, blank=True)
    written_as = models.CharField(_("نام در صورتجلسه"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="uniq_attendance")]
        verbose_name = _("حضور و غیاب")
        verbose_name_plural = _("حضور و غیاب")

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_status_display()}"
