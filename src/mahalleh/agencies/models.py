"""The registry of executive agencies, the names they go by in minutes, the seven service axes, and the
services agencies declare capacity for, the neighborhoods' needs of them and the adopted allocations."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.models_base import NormalizedNameMixin
from mahalleh.core.scoping import ALL_Q, CHANGE, VIEW, Scope, ScopedManager, ScopedQuerySet


class ServiceAxis(models.Model):
    """One of the program's seven service axes (seed 004)."""

    code = models.SlugField(_("کد"), max_length=30, unique=True)
    name = models.CharField(_("نام"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("محور خدمت")
        verbose_name_plural = _("محورهای خدمت")

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", _("دستگاه دولتی")
    GOVERNORATE = "governorate", _("استانداری / فرمانداری")
    REVOLUTIONARY = "revolutionary", _("نهاد انقلابی")
    MUNICIPALITY = "municipality", _("شهرداری")
    POLICE = "police", _("نیروی انتظامی")
    UNIVERSITY = "university", _("دانشگاه")
    JIHADI = "jihadi", _("گروه جهادی")
    BENEFACTORS = "benefactors", _("خیرین")
    MEDIA = "media", _("رسانه")
    OTHER = "other", _("سایر")


class AgencyLevel(models.TextChoices):
    NATIONAL = "national", _("ملی")
    PROVINCE = "province", _("استانی")
    COUNTY = "county", _("شهرستانی")


class AgencyQuerySet(ScopedQuerySet["Agency"]):
    pass


class Agency(NormalizedNameMixin, models.Model):
    name = models.CharField(_("نام رسمی"), max_length=200)
    short_name = models.CharField(_("نام کوتاه"), max_length=100, blank=True)
    kind = models.CharField(_("نوع"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.GOVERNMENT)
    level = models.CharField(_("سطح"), max_length=10, choices=AgencyLevel.choices, default=AgencyLevel.PROVINCE)
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="agencies", verbose_name=_("استان"))
    county = models.ForeignKey(
        "places.County", null=True, blank=True, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("شهرستان")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="branches", verbose_name=_("دستگاه مادر")
    )
    axes = models.ManyToManyField(ServiceAxis, blank=True, related_name="agencies", verbose_name=_("محورهای خدمت"))
    email = models.EmailField(_("رایانامه"), blank=True)
    phone = models.CharField(_("تلفن"), max_length=30, blank=True)
    is_active = models.BooleanField(_("فعال"), default=True)
    is_demo = models.BooleanField(_("داده نمایشی"), default=False)
    version = models.PositiveIntegerField(default=1)  # claimed by each edit (optimistic locking)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["province", "county", "name"], name="uniq_agency_name")]
        verbose_name = _("دستگاه")
        verbose_name_plural = _("دستگاه‌ها")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agencies:agency", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return Q(province_id__in=scope.provinces_with("secretariat"))
        return Q(province_id__in=scope.province_ids)


class AgencyAlias(NormalizedNameMixin, models.Model):
    """Another name the agency goes by in minutes («آبفای استان»)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("دستگاه"))
    name = models.CharField(_("نام دیگر"), max_length=200)

    objects = ScopedManager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="uniq_agency_alias")]
        verbose_name = _("نام دیگر دستگاه")
        verbose_name_plural = _("نام‌های دیگر دستگاه‌ها")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return Q(agency__province_id__in=scope.provinces_with("secretariat"))
        return Q(agency__province_id__in=scope.province_ids)


class AgencyGroup(NormalizedNameMixin, models.Model):
    """A phrase that stands for several agencies («فرمانداران محترم تابعه» = every county governorate)."""

    province = models.ForeignKey("places.Province", on_delete=models.CASCADE, related_name="agency_groups", verbose_name=_("استان"))
    name = models.CharField(_("عبارت"), max_length=200)
    members = models.ManyToManyField(Agency, related_name="groups", verbose_name=_("دستگاه‌ها"))

    objects = ScopedManager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="uniq_agency_group")]
        verbose_name = _("گروه دستگاه‌ها")
        verbose_name_plural = _("گروه‌های دستگاه‌ها")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return Q(province_id__in=scope.provinces_with("secretariat"))
        return Q(province_id__in=scope.province_ids)


class RegistryStamp(models.Model):
    """A random token renewed, in the writing transaction, by every change to what the agency
    matcher reads (agencies, aliases, groups and their members, counties, provinces). Each process
    keeps its loaded registry under the token it read and reloads when the token differs, so a
    write in one worker reaches all of them. Random, never a counter: a registry read inside a
    rolled-back write must not match the token of a later commit."""

    key = models.CharField(max_length=30, primary_key=True)
    token = models.UUIDField()

    MATCHING = "matching"

    class Meta:
        verbose_name = _("نشان تغییر فهرست دستگاه‌ها")
        verbose_name_plural = _("نشان‌های تغییر فهرست دستگاه‌ها")

    def __str__(self) -> str:
        return f"{self.key}: {self.token}"

    @classmethod
    def renew(cls, key: str = MATCHING) -> None:
        cls.objects.update_or_create(key=key, defaults={"token": uuid.uuid4()})

    @classmethod
    def read(cls, key: str = MATCHING) -> uuid.UUID | None:
        return cls.objects.filter(key=key).values_list("token", flat=True).first()


# ---- capacities (issue 12, item 5: «احصاء ظرفیت دستگاه‌ها و نسبت‌یابی خدمت هر کدام با محلات هدف», seed 002)


class Unit(models.TextChoices):
    """The fixed units a service is counted in; a capacity or a need in any other unit is refused."""

    PERSON = "person", _("نفر")
    SESSION = "session", _("جلسه")
    HOUR = "hour", _("ساعت")
    COURSE = "course", _("دوره")
    VISIT = "visit", _("ویزیت")
    PACKAGE = "package", _("بسته")
    SPACE = "space", _("باب فضا")
    CLASSROOM = "classroom", _("کلاس درس")
    SQUARE_METRE = "sqm", _("متر مربع")
    ITEM = "item", _("مورد")


class Period(models.TextChoices):
    MONTH = "month", _("ماهانه")
    SEASON = "season", _("فصلی")
    YEAR = "year", _("سالانه")


MONTHS_IN = {Period.MONTH: 1, Period.SEASON: 3, Period.YEAR: 12}
PARTS = {Period.YEAR: range(0, 1), Period.SEASON: range(1, 5), Period.MONTH: range(1, 13)}  # Allocation.part
# A quantity above this is a typing slip, not a capacity or a need of a neighborhood program.
MAX_QUANTITY = 1_000_000


class Service(models.Model):
    """A service of the catalog, under one axis, counted in one unit («کلاس آموزش مهارت، نفر»).
    Edited in the admin; a capacity, a need and a problem category name one."""

    axis = models.ForeignKey(ServiceAxis, on_delete=models.PROTECT, related_name="services", verbose_name=_("محور"))
    code = models.SlugField(_("کد"), max_length=40, unique=True)
    name = models.CharField(_("نام خدمت"), max_length=150)
    unit = models.CharField(_("واحد"), max_length=12, choices=Unit.choices)
    description = models.CharField(_("توضیح"), max_length=300, blank=True)
    is_active = models.BooleanField(_("فعال"), default=True)
    order = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    objects = ScopedManager()

    class Meta:
        ordering = ["axis__order", "order", "name"]
        verbose_name = _("خدمت")
        verbose_name_plural = _("فهرست خدمات")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        # One catalog read by every role (``within`` turns away users with none); edited in the admin.
        return ALL_Q if action == VIEW else Q(pk__in=[])


class AgencyService(models.Model):
    """What an agency declares it can give: a service, so much per period, in the counties it covers."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="capacities", verbose_name=_("دستگاه"))
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="capacities", verbose_name=_("خدمت"))
    capacity = models.PositiveIntegerField(_("ظرفیت در هر دوره"))
    period = models.CharField(_("دوره"), max_length=6, choices=Period.choices, default=Period.YEAR)
    counties = models.ManyToManyField("places.County", related_name="agency_services", verbose_name=_("شهرستان‌های تحت پوشش"))
    note = models.CharField(_("توضیح"), max_length=300, blank=True)
    is_active = models.BooleanField(_("فعال"), default=True)
    version = models.PositiveIntegerField(default=1)  # claimed by each edit (optimistic locking)

    objects = ScopedManager()

    class Meta:
        ordering = ["agency__name", "service__axis__order", "service__order"]
        constraints = [models.UniqueConstraint(
            fields=["agency", "service", "period"], name="uniq_agency_service_period",
            violation_error_message="این دستگاه برای این خدمت با همین دوره پیش‌تر ظرفیت ثبت کرده است؛ همان را ویرایش کنید.")]
        verbose_name = _("ظرفیت خدمت دستگاه")
        verbose_name_plural = _("ظرفیت‌های خدمت دستگاه‌ها")

    def __str__(self) -> str:
        return f"{self.agency}: {self.service}"

    def get_absolute_url(self) -> str:
        return reverse("agencies:service_edit", args=[self.pk])

    def in_months(self, months: int) -> int:
        """The capacity over a plan of ``months`` months (a year's 120 is 10 in a month; a month's 10 is 120 a year)."""
        return self.capacity * months // MONTHS_IN[Period(self.period)]

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:
            return ALL_Q
        secretariat = Q(agency__province_id__in=scope.provinces_with("secretariat"))
        own = Q(agency_id__in=scope.agency_ids)  # the agency's focal points (and a partner its group's)
        if action == CHANGE:
            return secretariat | own
        return Q(agency__province_id__in=scope.province_ids) | own


class ServiceNeed(models.Model):
    """A neighborhood's need for a service, as assessed at its baseline or entered later, in the
    service's unit. Needs counted from open problems are not rows: ``reports.matching`` counts them."""

    class Source(models.TextChoices):
        BASELINE = "baseline", _("خط پایه")
        ENTERED = "entered", _("ثبت‌شده")

    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.CASCADE, related_name="service_needs",
                                     verbose_name=_("محله"))
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="needs", verbose_name=_("خدمت"))
    quantity = models.PositiveIntegerField(_("مقدار نیاز"))
    source = models.CharField(_("منبع"), max_length=10, choices=Source.choices, default=Source.BASELINE)
    note = models.CharField(_("توضیح"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("ثبت‌کننده"))
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        ordering = ["neighborhood__county__name", "neighborhood__name", "service__axis__order", "service__order"]
        constraints = [models.UniqueConstraint(
            fields=["neighborhood", "service", "source"], name="uniq_service_need",
            violation_error_message="نیاز این محله به این خدمت با همین منبع پیش‌تر ثبت شده است؛ همان را ویرایش کنید.")]
        verbose_name = _("نیاز خدمت محله")
        verbose_name_plural = _("نیازهای خدمت محلات")

    def __str__(self) -> str:
        return f"{self.neighborhood}: {self.service} ({self.quantity})"

    def get_absolute_url(self) -> str:
        return reverse("reports:need_edit", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        from mahalleh.places.models import Neighborhood

        return Q(neighborhood__in=Neighborhood.objects.filter(Neighborhood.scope_q(scope, action)).values("pk"))


class Allocation(models.Model):
    """One row of an adopted allocation: so much of an agency's capacity to one neighborhood's need.

    The rows of one adoption share ``batch``; adopting again for the same province and plan period
    (``year``, ``horizon``, ``part``: the year, a season 1–4 or a month 1–12) replaces them."""

    province = models.ForeignKey("places.Province", on_delete=models.CASCADE, related_name="allocations",
                                 verbose_name=_("استان"))
    year = models.PositiveSmallIntegerField(_("سال"))
    horizon = models.CharField(_("دوره برنامه"), max_length=6, choices=Period.choices)
    part = models.PositiveSmallIntegerField(_("فصل یا ماه"), default=0)  # 0 for a year
    capacity = models.ForeignKey(AgencyService, on_delete=models.CASCADE, related_name="allocations",
                                 verbose_name=_("ظرفیت"))
    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.CASCADE, related_name="allocations",
                                     verbose_name=_("محله"))
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("خدمت"))
    quantity = models.PositiveIntegerField(_("مقدار"))
    batch = models.UUIDField(_("شناسه برنامه"))
    adopted_at = models.DateTimeField(_("زمان تصویب"))
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("تصویب‌کننده"))

    objects = ScopedManager()

    class Meta:
        ordering = ["neighborhood__county__name", "neighborhood__name", "service__axis__order", "service__order"]
        indexes = [models.Index(fields=["province", "year", "horizon", "part"], name="allocation_period")]
        verbose_name = _("تخصیص ظرفیت")
        verbose_name_plural = _("تخصیص‌های ظرفیت")

    def __str__(self) -> str:
        return f"{self.capacity} → {self.neighborhood}: {self.quantity}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        from mahalleh.places.models import Neighborhood

        if action == CHANGE:
            return Q(province_id__in=scope.provinces_with("secretariat"))
        hoods = Neighborhood.objects.filter(Neighborhood.scope_q(scope, VIEW)).values("pk")
        return Q(neighborhood__in=hoods) | Q(capacity__agency_id__in=scope.agency_ids)
