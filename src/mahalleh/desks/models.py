"""Service desks (میز خدمت), who is invited and who came, residents' sign-ups, the year's plans and
the campaigns with their timetables (issue 11).

A desk belongs to a county (and, for the two neighborhood kinds, to a neighborhood); every model is
scoped through it. Sign-ups hold residents' names and mobiles: read only through
``desks.privacy.signups_of``, which logs each read (``SignUpRead``).
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.roles import Role
from mahalleh.core.scoping import ALL_Q, CHANGE, NONE_Q, VIEW, Scope, ScopedManager

DESK_START = datetime.time(15, 0)


def county_q(scope: Scope, action: str, prefix: str = "") -> Q:
    """What a scope reaches of the records of a county: the province's secretariat (and, to read, the
    governor and the province's agencies, who attend), the county's staff, a neighborhood's manager for
    their own neighborhood."""
    p = prefix
    if action == VIEW and scope.is_national:
        return ALL_Q
    q = Q(**{f"{p}county_id__in": scope.county_ids})
    if action == CHANGE:
        return q | Q(**{f"{p}county__province_id__in": scope.provinces_with(Role.SECRETARIAT)})
    wide = scope.provinces_with(Role.SECRETARIAT, Role.GOVERNOR, Role.AGENCY)
    return q | Q(**{f"{p}county__province_id__in": wide}) | Q(**{f"{p}neighborhood_id__in": scope.neighborhood_ids})


class Desk(models.Model):
    """One service desk on one day: a neighborhood desk with the provincial directors-general, one with
    the county managers, or the county's Friday desk at the prayer hall."""

    class Kind(models.TextChoices):
        DIRECTORS = "directors", _("میز خدمت محله با مدیران کل استان")
        COUNTY = "county", _("میز خدمت محله با مدیران شهرستان")
        FRIDAY = "friday", _("میز خدمت جمعه شهرستان (مصلی)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("برنامه‌ریزی‌شده")
        ANNOUNCED = "announced", _("اعلام‌شده")
        HELD = "held", _("برگزار شد")
        CANCELLED = "cancelled", _("لغو شد")
        MISSED = "missed", _("برگزار نشد")

    kind = models.CharField(_("نوع میز"), max_length=10, choices=Kind.choices)
    county = models.ForeignKey("places.County", on_delete=models.PROTECT, related_name="desks", verbose_name=_("شهرستان"))
    neighborhood = models.ForeignKey("places.Neighborhood", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="desks", verbose_name=_("محله"))
    date = models.DateField(_("تاریخ"))
    start_time = models.TimeField(_("ساعت شروع"), default=DESK_START)
    end_time = models.TimeField(_("ساعت پایان"))  # Maghrib for the place and date, unless set by hand
    end_is_override = models.BooleanField(_("ساعت پایان دستی"), default=False)
    place = models.CharField(_("محل برگزاری"), max_length=200, blank=True)
    host = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_desks",
                             verbose_name=_("میزبان (فرمانداری)"))
    status = models.CharField(_("وضعیت"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    announced_by = models.ForeignKey("meetings.Resolution", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="announced_desks", verbose_name=_("مصوبه اعلام"))
    plan = models.ForeignKey("DeskPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="desks",
                             verbose_name=_("برنامه سالانه"))
    problems = models.ManyToManyField("problems.Problem", blank=True, related_name="desks", verbose_name=_("مشکلات ثبت‌شده"))
    held_at = models.DateTimeField(_("زمان ثبت برگزاری"), null=True, blank=True)
    summary_sent_to = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+", verbose_name=_("گزارش در دستور جلسه"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        ordering = ["date", "county__name", "pk"]
        indexes = [models.Index(fields=["county", "date"]), models.Index(fields=["neighborhood", "kind", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind="friday") | Q(neighborhood__isnull=False), name="desk_neighborhood_kind"),
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="desk_ends_after_start"),
        ]
        verbose_name = _("میز خدمت")
        verbose_name_plural = _("میزهای خدمت")

    def __str__(self) -> str:
        from mahalleh.core.jalali import format_jalali

        where = self.neighborhood.name if self.neighborhood_id and self.neighborhood else self.county.name
        return f"{self.get_kind_display()} — {where} — {format_jalali(self.date)}"

    def get_absolute_url(self) -> str:
        return reverse("desks:desk", args=[self.pk])

    @property
    def is_fixed(self) -> bool:
        """Held or announced: a re-plan keeps it where it is."""
        return self.status in (self.Status.HELD, self.Status.ANNOUNCED)

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        q = county_q(scope, action)
        if action == VIEW and scope.has_role(Role.AGENCY):  # an invited agency sees the desk (county branches too)
            q |= Q(pk__in=DeskAgency.objects.filter(agency_id__in=scope.agency_ids).values("desk_id"))
        return q


class DeskAgency(models.Model):
    """An agency asked to a desk: invited, then confirmed, sending a named deputy, or declining; and on
    the day whether it came. The host governorate is never one of these."""

    class Answer(models.TextChoices):
        INVITED = "invited", _("دعوت‌شده")
        CONFIRMED = "confirmed", _("حضور تأیید شد")
        DEPUTY = "deputy", _("اعزام نماینده")
        DECLINED = "declined", _("عدم امکان حضور")

    class Reason(models.TextChoices):
        PROBLEMS = "problems", _("مشکلات اولویت‌دار محله")
        HAND = "hand", _("افزوده دبیرخانه")

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="agencies")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="desk_invitations", verbose_name=_("دستگاه"))
    reason = models.CharField(_("علت دعوت"), max_length=10, choices=Reason.choices, default=Reason.PROBLEMS)
    answer = models.CharField(_("پاسخ"), max_length=10, choices=Answer.choices, default=Answer.INVITED)
    deputy_name = models.CharField(_("نام نماینده"), max_length=150, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("حاضر شد"), null=True)  # None until the day is recorded
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        ordering = ["desk", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["desk", "agency"], name="uniq_desk_agency")]
        verbose_name = _("دستگاه دعوت‌شده")
        verbose_name_plural = _("دستگاه‌های دعوت‌شده")

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_answer_display()}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        q = county_q(scope, action, "desk__")
        if scope.has_role(Role.AGENCY):  # the agency answers its own invitation
            q |= Q(agency_id__in=scope.agency_ids)
        return q


class SignUp(models.Model):
    """A resident signed up at a desk for a program (sports for women and children, a class, a camp).
    Personal data: read only through ``desks.privacy``."""

    class AgeGroup(models.TextChoices):
        CHILD = "child", _("کودک (زیر ۱۲ سال)")
        TEEN = "teen", _("نوجوان (۱۲ تا ۱۸)")
        ADULT = "adult", _("بزرگسال (۱۸ تا ۶۰)")
        SENIOR = "senior", _("سالمند (بالای ۶۰)")

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="signups")
    program = models.CharField(_("برنامه"), max_length=150)
    name = models.CharField(_("نام و نام خانوادگی"), max_length=150)
    mobile = models.CharField(_("تلفن همراه"), max_length=11)
    age_group = models.CharField(_("گروه سنی"), max_length=10, choices=AgeGroup.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["desk", "program", "pk"]
        verbose_name = _("ثبت‌نام")
        verbose_name_plural = _("ثبت‌نام‌ها")

    def __str__(self) -> str:
        return f"{self.program} — {self.pk}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:
            return NONE_Q  # the national HQ sees counts, never residents
        return county_q(scope, CHANGE, "desk__") | Q(desk__neighborhood_id__in=scope.neighborhood_ids)


class SignUpRead(models.Model):
    """Who read a desk's sign-up list (names and mobiles), when and where: the page or the Excel."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="signup_reads")
    purpose = models.CharField(max_length=20)
    rows = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("خواندن فهرست ثبت‌نام")
        verbose_name_plural = _("خواندن‌های فهرست ثبت‌نام")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.desk_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == CHANGE:
            return NONE_Q
        return Q(desk__county__province_id__in=scope.provinces_with(Role.SECRETARIAT))


class PlanSettings(models.Model):
    """A province's limits for the year's plan, set by its secretariat."""

    province = models.OneToOneField("places.Province", on_delete=models.CASCADE, related_name="desk_settings")
    desks_per_wednesday = models.PositiveSmallIntegerField(_("میز در هر چهارشنبه (استان)"), default=4)
    desks_per_wednesday_per_county = models.PositiveSmallIntegerField(_("میز در هر چهارشنبه (هر شهرستان)"), default=2)
    directors_per_desk = models.PositiveSmallIntegerField(_("مدیران کل در هر میز"), default=6)
    min_weeks_between_visits = models.PositiveSmallIntegerField(_("فاصله دو بازدید یک محله (هفته)"), default=4)
    desks_per_agency_per_month = models.PositiveSmallIntegerField(_("میز هر دستگاه در ماه"), default=4)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("تنظیمات برنامه میزهای خدمت")
        verbose_name_plural = _("تنظیمات برنامه میزهای خدمت")

    def __str__(self) -> str:
        return str(self.province)

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == CHANGE:
            return Q(province_id__in=scope.provinces_with(Role.SECRETARIAT))
        return ALL_Q if scope.is_national else Q(province_id__in=scope.province_ids)


class AgencyUnavailability(models.Model):
    """A date an agency cannot send its director (a national meeting, a mission)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="desk_unavailable")
    date = models.DateField(_("تاریخ"))
    reason = models.CharField(_("علت"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["agency", "date"], name="uniq_agency_unavailable")]
        verbose_name = _("روز عدم امکان حضور دستگاه")
        verbose_name_plural = _("روزهای عدم امکان حضور دستگاه")

    def __str__(self) -> str:
        return f"{self.agency} — {self.date}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        mine = Q(agency_id__in=scope.agency_ids) if scope.has_role(Role.AGENCY) else NONE_Q
        if action == CHANGE:
            return Q(agency__province_id__in=scope.provinces_with(Role.SECRETARIAT)) | mine
        return ALL_Q if scope.is_national else Q(agency__province_id__in=scope.province_ids)


class NeighborhoodNeed(models.Model):
    """A provincial agency the secretariat asks to a neighborhood's directors' desk by hand, beside
    those its prioritized open problems call for."""

    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.CASCADE, related_name="desk_needs")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("دستگاه"))
    note = models.CharField(_("توضیح"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["neighborhood", "agency"], name="uniq_neighborhood_need")]
        verbose_name = _("دستگاه افزوده برای محله")
        verbose_name_plural = _("دستگاه‌های افزوده برای محلات")

    def __str__(self) -> str:
        return f"{self.neighborhood} — {self.agency}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return county_q(scope, action, "neighborhood__")


class DeskPlan(models.Model):
    """One solve of a province's year: CP-SAT's status, objective and bound, the settings it ran with and
    the visits it could not plan, with why. Saving it puts its desks on the calendar as «planned»."""

    province = models.ForeignKey("places.Province", on_delete=models.CASCADE, related_name="desk_plans")
    year = models.PositiveSmallIntegerField(_("سال (هجری شمسی)"))
    from_date = models.DateField(_("برنامه از تاریخ"))
    status = models.CharField(_("وضعیت حل"), max_length=10)
    objective = models.FloatField(_("مقدار هدف"))
    bound = models.FloatField(_("کران"))
    seconds = models.FloatField(_("زمان حل (ثانیه)"), default=0)
    options = models.JSONField(_("تنظیمات"), default=dict)
    unplanned = models.JSONField(_("بازدیدهای برنامه‌ریزی‌نشده"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("برنامه سالانه میزهای خدمت")
        verbose_name_plural = _("برنامه‌های سالانه میزهای خدمت")

    def __str__(self) -> str:
        return f"{self.province} — {self.year}"

    @property
    def gap(self) -> float:
        return abs(self.objective - self.bound) / max(abs(self.bound), 1e-9) if self.bound else 0.0

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == CHANGE:
            return Q(province_id__in=scope.provinces_with(Role.SECRETARIAT))
        return ALL_Q if scope.is_national else Q(province_id__in=scope.province_ids)


class CalendarFeed(models.Model):
    """A user's iCalendar feed behind a secret URL; revoking it makes the URL answer 404 for good."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("خوراک تقویم")
        verbose_name_plural = _("خوراک‌های تقویم")

    def __str__(self) -> str:
        return f"{self.user_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return NONE_Q  # each user reaches only their own, by ``user``, never through a scope


class Campaign(models.Model):
    """A province-wide campaign («پویش لبخند»): a lead agency and partners serving every target
    neighborhood within its period, on a timetable."""

    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("استان"))
    name = models.CharField(_("نام پویش"), max_length=150)
    lead = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="led_campaigns", verbose_name=_("دستگاه پیشرو"))
    services = models.TextField(_("خدمات"), help_text=_("هر خدمت در یک سطر"))
    start = models.DateField(_("آغاز"))
    end = models.DateField(_("پایان"))
    lead_per_day = models.PositiveSmallIntegerField(_("محله در روز (دستگاه پیشرو)"), default=2)
    announced_by = models.ForeignKey("meetings.Resolution", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="campaigns", verbose_name=_("مصوبه"))
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    unplanned = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="campaign_period")]
        verbose_name = _("پویش")
        verbose_name_plural = _("پویش‌ها")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("desks:campaign", args=[self.pk])

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == CHANGE:
            return Q(province_id__in=scope.provinces_with(Role.SECRETARIAT))
        if scope.is_national:
            return ALL_Q
        partner_of = CampaignPartner.objects.filter(agency_id__in=scope.agency_ids).values("campaign_id")
        return Q(province_id__in=scope.province_ids) | Q(pk__in=partner_of)


class CampaignPartner(models.Model):
    """A partner of a campaign (a jihadi group, the university of medical sciences, the Imam's Command
    HQ, a county governorate) with how many neighborhoods it serves a day."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="partners")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="campaign_partnerships", verbose_name=_("شریک"))
    capacity = models.PositiveSmallIntegerField(_("محله در روز"), default=1)
    counties = models.ManyToManyField("places.County", blank=True, related_name="+", verbose_name=_("فقط این شهرستان‌ها"))

    objects = ScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "agency"], name="uniq_campaign_partner")]
        verbose_name = _("شریک پویش")
        verbose_name_plural = _("شرکای پویش")

    def __str__(self) -> str:
        return f"{self.campaign} — {self.agency}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return Q(campaign__in=Campaign.objects.filter(Campaign.scope_q(scope, action)))


class CampaignVisit(models.Model):
    """One neighborhood's day of the campaign on its timetable, and what was delivered there."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits")
    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.PROTECT, related_name="campaign_visits")
    date = models.DateField(_("تاریخ"))
    partners = models.ManyToManyField("agencies.Agency", blank=True, related_name="+", verbose_name=_("شرکا"))
    delivered_on = models.DateField(_("تاریخ اجرا"), null=True, blank=True)
    service = models.CharField(_("خدمت ارائه‌شده"), max_length=200, blank=True)
    people_served = models.PositiveIntegerField(_("شمار خدمت‌گیرندگان"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        ordering = ["date", "neighborhood__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "neighborhood"], name="uniq_campaign_neighborhood")]
        verbose_name = _("نوبت پویش")
        verbose_name_plural = _("نوبت‌های پویش")

    def __str__(self) -> str:
        return f"{self.campaign} — {self.neighborhood}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return Q(campaign__in=Campaign.objects.filter(Campaign.scope_q(scope, action)))
