"""Resolutions, who carries them out, their deadlines and the follow-up reports that close them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.scoping import ALL_Q, CHANGE, VIEW, Scope, ScopedManager, ScopedQuerySet
from mahalleh.core.text import normalize

if TYPE_CHECKING:
    from mahalleh.agencies.models import Agency


class DeadlineKind(models.TextChoices):
    DURATION = "duration", _("مدت از تاریخ جلسه")
    DATE = "date", _("تاریخ معین")
    CONTINUOUS = "continuous", _("مستمر (گزارش ماهانه)")
    ASAP = "asap", _("در اسرع وقت")
    NONE = "none", _("بدون مهلت")


class ResolutionStatus(models.TextChoices):
    OPEN = "open", _("باز")
    IN_PROGRESS = "in_progress", _("در حال اقدام")
    REPORTED = "reported", _("گزارش‌شده")
    DONE = "done", _("انجام‌شده")
    RETURNED = "returned", _("برگشت‌خورده")
    CANCELLED = "cancelled", _("لغوشده")


CLOSED_STATUSES = (ResolutionStatus.DONE, ResolutionStatus.CANCELLED)


class ResolutionQuerySet(ScopedQuerySet["Resolution"]):
    """Overdue is derived at the moment of asking: due date passed and not accepted as done."""

    def open(self) -> ResolutionQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: datetime.date) -> ResolutionQuerySet:
        return self.open().filter(due_date__lt=today)

    def due_between(self, start: datetime.date, end: datetime.date) -> ResolutionQuerySet:
        return self.open().filter(due_date__gte=start, due_date__lte=end)


class Resolution(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("جلسه"))
    number = models.PositiveSmallIntegerField(_("ردیف"))
    text = models.TextField(_("متن مصوبه"))
    # normalize(text), for search that finds «كميته» when asked for «کمیته» on any database
    text_normalized = models.TextField(editable=False, default="", db_default="")
    responsible_raw = models.CharField(_("اقدام‌کننده (متن صورتجلسه)"), max_length=500, blank=True)
    deadline_raw = models.CharField(_("زمان اقدام (متن صورتجلسه)"), max_length=100, blank=True)
    deadline_kind = models.CharField(_("نوع مهلت"), max_length=12, choices=DeadlineKind.choices, default=DeadlineKind.NONE)
    deadline_amount = models.PositiveSmallIntegerField(_("مقدار مهلت"), null=True, blank=True)
    deadline_unit = models.CharField(_("واحد مهلت"), max_length=12, blank=True)  # day, working_day, week, month, year
    due_date = models.DateField(_("سررسید"), null=True, blank=True, db_index=True)
    status = models.CharField(_("وضعیت"), max_length=12, choices=ResolutionStatus.choices, default=ResolutionStatus.OPEN, db_index=True)
    neighborhoods = models.ManyToManyField("places.Neighborhood", blank=True, related_name="resolutions", verbose_name=_("محلات"))
    axes = models.ManyToManyField("agencies.ServiceAxis", blank=True, related_name="resolutions", verbose_name=_("محورها"))
    # The problems of the meeting's agenda this resolution answers (a problem's page shows its status).
    problems = models.ManyToManyField("problems.Problem", blank=True, related_name="resolutions", verbose_name=_("مشکلات"))
    agencies: models.ManyToManyField[Agency, Assignment] = models.ManyToManyField(
        "agencies.Agency", through="Assignment", related_name="resolutions", verbose_name=_("دستگاه‌ها")
    )
    done_at = models.DateField(_("تاریخ انجام"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="uniq_resolution_number")]
        indexes = [models.Index(fields=["status", "due_date"], name="resolution_open_due_idx")]
        verbose_name = _("مصوبه")
        verbose_name_plural = _("مصوبات")

    def __str__(self) -> str:
        return f"مصوبه {self.number}: {self.text[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text_normalized = normalize(self.text)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "text_normalized"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:resolution", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_closed and self.due_date is not None and self.due_date < today

    def days_overdue(self, today: datetime.date) -> int:
        return (today - self.due_date).days if self.is_overdue(today) and self.due_date else 0

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return Q(meeting__body__province_id__in=scope.provinces_with("secretariat")) | Q(
                meeting__body__county_id__in=scope.county_ids
            )
        return Q(meeting__body__province_id__in=scope.province_ids)


class Assignment(models.Model):
    """One agency's part in a resolution: the lead or a collaborator."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("دستگاه"))
    is_lead = models.BooleanField(_("مسئول اصلی"), default=False)
    written_as = models.CharField(_("نام در صورتجلسه"), max_length=200, blank=True)
    match_confidence = models.FloatField(_("اطمینان تطبیق"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["resolution", "-is_lead", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["resolution", "agency"], name="uniq_assignment")]
        verbose_name = _("تکلیف")
        verbose_name_plural = _("تکالیف")

    def __str__(self) -> str:
        return f"{self.agency} ← {self.resolution}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:  # reporting on it
            return Q(agency_id__in=scope.agency_ids)
        return Q(resolution__meeting__body__province_id__in=scope.province_ids)


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("در انتظار بررسی")
        ACCEPTED = "accepted", _("پذیرفته‌شده")
        RETURNED = "returned", _("برگشت‌خورده")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("گزارش‌دهنده"))
    text = models.TextField(_("شرح اقدام"))
    percent = models.PositiveSmallIntegerField(_("درصد پیشرفت"), default=0)
    period = models.DateField(_("ماه گزارش"), null=True, blank=True)  # first day of the Jalali month, for continuous ones
    status = models.CharField(_("وضعیت"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("زمان ارسال"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(_("علت برگشت"), blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("گزارش پیشرفت")
        verbose_name_plural = _("گزارش‌های پیشرفت")

    def __str__(self) -> str:
        return f"گزارش {self.assignment.agency} ({self.percent}٪)"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:  # reviewing it
            return Q(assignment__resolution__meeting__body__province_id__in=scope.provinces_with("secretariat")) | Q(
                assignment__resolution__meeting__body__county_id__in=scope.county_ids
            )
        return Q(assignment__resolution__meeting__body__province_id__in=scope.province_ids)


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("پیوست"), upload_to="reports/%Y/")
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class ReminderSent(models.Model):
    """A reminder that went out; the unique key makes each one go out once."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("یادآوری پیش از سررسید")
        OVERDUE = "overdue", _("اعلام تأخیر")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "kind", "due_date"], name="uniq_reminder")]

    def __str__(self) -> str:
        return f"{self.kind} {self.assignment}"
