"""Provinces, counties, cities, neighborhoods and the people in neighborhood roles."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.models_base import NormalizedNameMixin
from mahalleh.core.scoping import ALL_Q, CHANGE, NONE_Q, VIEW, Scope, ScopedManager


class Province(NormalizedNameMixin, models.Model):
    name = models.CharField(_("نام"), max_length=100, unique=True)
    code = models.SlugField(_("کد"), max_length=20, unique=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("استان")
        verbose_name_plural = _("استان‌ها")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return NONE_Q
        return Q(pk__in=scope.province_ids)


class County(NormalizedNameMixin, models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="counties", verbose_name=_("استان"))
    name = models.CharField(_("نام"), max_length=100)
    latitude = models.FloatField(_("عرض جغرافیایی"), null=True, blank=True)
    longitude = models.FloatField(_("طول جغرافیایی"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["province__name", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="uniq_county_name")]
        verbose_name = _("شهرستان")
        verbose_name_plural = _("شهرستان‌ها")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return NONE_Q
        return Q(province_id__in=scope.province_ids)


class City(NormalizedNameMixin, models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="cities", verbose_name=_("شهرستان"))
    name = models.CharField(_("نام"), max_length=100)

    objects = ScopedManager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="uniq_city_name")]
        verbose_name = _("شهر")
        verbose_name_plural = _("شهرها")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return NONE_Q
        return Q(county__province_id__in=scope.province_ids)


class Neighborhood(NormalizedNameMixin, models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="neighborhoods", verbose_name=_("شهرستان"))
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.SET_NULL, related_name="neighborhoods", verbose_name=_("شهر"))
    name = models.CharField(_("نام"), max_length=150)
    population = models.PositiveIntegerField(_("جمعیت"), null=True, blank=True)
    households = models.PositiveIntegerField(_("خانوار"), null=True, blank=True)
    latitude = models.FloatField(_("عرض جغرافیایی"), null=True, blank=True)
    longitude = models.FloatField(_("طول جغرافیایی"), null=True, blank=True)
    boundary = models.JSONField(_("محدوده (GeoJSON)"), null=True, blank=True)
    is_target = models.BooleanField(_("محله هدف"), default=False, db_index=True)
    target_since = models.DateField(_("هدف از تاریخ"), null=True, blank=True)
    priority_rank = models.PositiveIntegerField(_("رتبه اولویت"), null=True, blank=True)
    facilitation_office = models.CharField(_("دفتر تسهیل‌گری / تحول اجتماعی"), max_length=200, blank=True)
    house_name = models.CharField(_("خانه محله"), max_length=200, blank=True)
    house_address = models.CharField(_("نشانی خانه محله"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("داده نمایشی"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # claimed by each edit (optimistic locking)

    objects = ScopedManager()

    class Meta:
        ordering = ["county__name", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="uniq_neighborhood_name")]
        verbose_name = _("محله")
        verbose_name_plural = _("محلات")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:neighborhood", args=[self.pk])

    @property
    def place_key(self) -> str:
        return f"neighborhood:{self.pk}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        from mahalleh.core.roles import PROVINCE_ROLES

        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return (
                Q(county__province_id__in=scope.provinces_with("secretariat"))
                | Q(county_id__in=scope.county_ids)
                | Q(pk__in=scope.neighborhood_ids)
            )
        wide = scope.provinces_with(*PROVINCE_ROLES, "county_staff", "agency_focal", "partner")
        return Q(county__province_id__in=wide) | Q(pk__in=scope.neighborhood_ids)


class NeighborhoodContact(models.Model):
    """A person in a neighborhood role. Personal data: only CONTACT_ROLES in scope see it."""

    class Kind(models.TextChoices):
        MANAGER = "manager", _("مدیر محله")
        ZONE_OFFICER = "zone_officer", _("مسئول پهنه شهرداری")
        ALLEY_VOLUNTEER = "alley_volunteer", _("بانویار کوچه")
        FACILITATOR = "facilitator", _("تسهیل‌گر")
        OTHER = "other", _("سایر")

    neighborhood = models.ForeignKey(Neighborhood, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("محله"))
    kind = models.CharField(_("نقش"), max_length=20, choices=Kind.choices)
    full_name = models.CharField(_("نام و نام خانوادگی"), max_length=150)
    phone = models.CharField(_("تلفن"), max_length=20, blank=True)
    alley = models.CharField(_("کوچه"), max_length=100, blank=True)
    note = models.CharField(_("توضیح"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)  # claimed by each edit (optimistic locking)

    objects = ScopedManager()

    class Meta:
        ordering = ["neighborhood", "kind", "full_name"]
        verbose_name = _("فرد در نقش محله")
        verbose_name_plural = _("افراد در نقش‌های محله")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.full_name}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        # Only CONTACT_ROLES, each where it works; national HQ, agencies and partners read none of it.
        provinces = scope.provinces_with("secretariat") if action == CHANGE else scope.provinces_with("secretariat", "governor")
        return (
            Q(neighborhood__county__province_id__in=provinces)
            | Q(neighborhood__county_id__in=scope.county_ids)
            | Q(neighborhood_id__in=scope.neighborhood_ids)
        )


# The neighborhood's lists (issue 12): their own module, named here so Django finds them as the app's models.
from mahalleh.places.lists_models import (  # noqa: E402
    ListImport,
    ListRead,
    NeighborhoodDocument,
    NeighborhoodNeed,
    NeighborhoodPerson,
)

__all__ = [
    "City", "County", "ListImport", "ListRead", "Neighborhood", "NeighborhoodContact", "NeighborhoodDocument",
    "NeighborhoodNeed", "NeighborhoodPerson", "Province",
]
