"""Monthly agency reports (issue 12, item 4): each member agency files its Jalali month, the secretariat
accepts or returns it, and the province's month is compiled.

Who must report: every **active** agency that is a **member** (not an invitee) of its province's Social
HQ (``meetings.Body`` of kind ``provincial_hq``), except the governorate's own offices (kind
``governorate``: the secretariat and the deputies receive the reports, and a county governorate reports
through its county HQ). Seed 000: «مدیران دستگاه های اجرایی به صورت ماهانه باید گزارش پیشرفت کار را
بدهند». The rule is ``reports.monthly.required_agencies``.

A month's report is due on the province's «due day of the next month» (``MonthlySettings.due_day``,
default 5), moved to the next working day when that day is not one (``core.workdays``). Late is derived
when asked (``reports.monthly``), never stored: a report is filed on the day it was first submitted
(``filed_on``), on time when that is not after the due date.

Who reads and writes (DOMAIN.md §2): the agency's focal points write their agency's report while it is a
draft or returned; the province's secretariat reads every report of the province and accepts or returns
it; the governor reads them; county staff read the reports of the agencies of their county (a county
governorate, a municipality); the national HQ reads every province's.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.roles import Role
from mahalleh.core.scoping import ALL_Q, CHANGE, VIEW, Scope, ScopedManager


class MonthlySettings(models.Model):
    """A province's rules for the monthly reports, set by its secretariat (in the admin)."""

    province = models.OneToOneField("places.Province", on_delete=models.CASCADE, related_name="monthly_settings",
                                    verbose_name=_("استان"))
    due_day = models.PositiveSmallIntegerField(
        _("روز مهلت در ماه بعد"), default=5, validators=[MinValueValidator(1), MaxValueValidator(29)],
        help_text=_("گزارش هر ماه تا این روز از ماه بعد؛ اگر روز کاری نباشد، نخستین روز کاری پس از آن."))
    remind_days_before = models.PositiveSmallIntegerField(_("یادآوری چند روز پیش از مهلت"), default=3,
                                                          validators=[MaxValueValidator(20)])
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("تنظیمات گزارش ماهانه")
        verbose_name_plural = _("تنظیمات گزارش ماهانه")

    def __str__(self) -> str:
        return str(self.province)

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == CHANGE:
            return Q(province_id__in=scope.provinces_with(Role.SECRETARIAT))
        return ALL_Q if scope.is_national else Q(province_id__in=scope.province_ids)


class MonthlyReport(models.Model):
    """One agency's report of one Jalali month."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس")
        SUBMITTED = "submitted", _("ارسال‌شده، در انتظار بررسی")
        ACCEPTED = "accepted", _("پذیرفته")
        RETURNED = "returned", _("برگشت برای اصلاح")

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="monthly_reports",
                               verbose_name=_("دستگاه"))
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="monthly_reports",
                                 verbose_name=_("استان"))
    year = models.PositiveSmallIntegerField(_("سال"))
    month = models.PositiveSmallIntegerField(_("ماه"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    status = models.CharField(_("وضعیت"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    narrative = models.TextField(_("شرح اقدامات ماه"), blank=True)
    filed_on = models.DateField(_("تاریخ نخستین ارسال"), null=True, blank=True)  # what «on time» is judged by
    submitted_at = models.DateTimeField(_("آخرین ارسال"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("ارسال‌کننده"))
    reviewed_at = models.DateTimeField(_("زمان بررسی"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("بررسی‌کننده"))
    review_note = models.TextField(_("نظر دبیرخانه"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(_("داده نمایشی"), default=False)
    version = models.PositiveIntegerField(default=1)  # claimed by each edit (optimistic locking)

    objects = ScopedManager()

    class Meta:
        ordering = ["-year", "-month", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "month"], name="uniq_monthly_report")]
        indexes = [models.Index(fields=["province", "year", "month"], name="monthly_report_month")]
        verbose_name = _("گزارش ماهانه دستگاه")
        verbose_name_plural = _("گزارش‌های ماهانه دستگاه‌ها")

    def __str__(self) -> str:
        from mahalleh.core.jalali import jalali_month_name
        from mahalleh.core.text import to_persian_digits

        return f"گزارش {jalali_month_name(self.month)} {to_persian_digits(self.year)} — {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("reports:monthly_report", args=[self.pk])

    @property
    def is_filed(self) -> bool:
        return self.filed_on is not None

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        own = Q(agency_id__in=scope.agency_ids)
        secretariat = Q(province_id__in=scope.provinces_with(Role.SECRETARIAT))
        if action == CHANGE:  # the agency writes, the secretariat reviews (the services tell which)
            return own | secretariat
        return own | Q(province_id__in=scope.provinces_with(Role.SECRETARIAT, Role.GOVERNOR)) | Q(
            agency__county_id__in=scope.county_ids)


class _ReportPart(models.Model):
    """A row that belongs to one report (its ``report``), scoped as its report is."""

    objects = ScopedManager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return Q(report__in=MonthlyReport.objects.filter(MonthlyReport.scope_q(scope, action)).values("pk"))


class MonthlyIndicatorLine(_ReportPart):
    """An indicator of the catalog, as the agency reports it for the month."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="indicator_lines")
    indicator = models.ForeignKey("reports.Indicator", on_delete=models.PROTECT, related_name="monthly_lines",
                                  verbose_name=_("شاخص"))
    value = models.DecimalField(_("مقدار"), max_digits=14, decimal_places=3)
    note = models.CharField(_("توضیح"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator__axis__order", "indicator__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="uniq_monthly_indicator")]
        verbose_name = _("شاخص گزارش ماهانه")
        verbose_name_plural = _("شاخص‌های گزارش ماهانه")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class MonthlyServiceLine(_ReportPart):
    """A service the agency delivered in one neighborhood during the month."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="service_lines")
    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.PROTECT, related_name="monthly_services",
                                     verbose_name=_("محله"))
    axis = models.ForeignKey("agencies.ServiceAxis", on_delete=models.PROTECT, related_name="monthly_services",
                             verbose_name=_("محور"))
    service = models.CharField(_("خدمت"), max_length=300)
    quantity = models.DecimalField(_("مقدار"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("واحد"), max_length=40, blank=True)
    note = models.CharField(_("توضیح"), max_length=300, blank=True)

    class Meta:
        ordering = ["neighborhood__name", "axis__order", "pk"]
        verbose_name = _("خدمت ارائه‌شده")
        verbose_name_plural = _("خدمات ارائه‌شده در محلات")

    def __str__(self) -> str:
        return f"{self.service} — {self.neighborhood}"


class MonthlyAttachment(_ReportPart):
    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("پیوست"), upload_to="monthly/%Y/")
    name = models.CharField(_("نام"), max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("پیوست گزارش ماهانه")
        verbose_name_plural = _("پیوست‌های گزارش ماهانه")

    def __str__(self) -> str:
        return self.name


class MonthlyReminderSent(models.Model):
    """A reminder that went out; the unique key makes each go out once per agency, month and kind."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("یادآوری پیش از مهلت")
        DUE_DAY = "due_day", _("یادآوری روز مهلت")

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "month", "kind"], name="uniq_monthly_reminder")]
        verbose_name = _("یادآوری گزارش ماهانه")
        verbose_name_plural = _("یادآوری‌های گزارش ماهانه")

    def __str__(self) -> str:
        return f"{self.kind} {self.agency_id} {self.year}/{self.month}"
