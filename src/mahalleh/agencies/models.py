"""The registry of executive agencies, the names they go by in minutes, and the seven service axes."""

from __future__ import annotations

import uuid

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
