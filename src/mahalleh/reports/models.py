"""Indicators per axis (issue 12): an admin-editable catalog, and per neighborhood dated values with a
baseline and a target.

A value belongs to a neighborhood and is scoped as the neighborhood is (``Neighborhood.scope_q``): the
province's roles read every neighborhood of their province, a county its own, a neighborhood manager
theirs. The monthly agency reports (issue 12, item 4) report against the same catalog.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mahalleh.core.scoping import CHANGE, VIEW, Scope, ScopedManager


class Indicator(models.Model):
    """One indicator of the catalog, under one of the seven axes («نرخ بیکاری», «سرانه فضای ورزشی» …)."""

    axis = models.ForeignKey("agencies.ServiceAxis", on_delete=models.PROTECT, related_name="indicators", verbose_name=_("محور"))
    code = models.SlugField(_("کد"), max_length=40, unique=True)
    name = models.CharField(_("نام شاخص"), max_length=200)
    unit = models.CharField(_("واحد"), max_length=40, blank=True)
    higher_is_better = models.BooleanField(_("بیشتر بهتر است"), default=True)
    description = models.TextField(_("تعریف و روش سنجش"), blank=True)
    is_active = models.BooleanField(_("فعال"), default=True)
    order = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    class Meta:
        ordering = ["axis__order", "order", "name"]
        verbose_name = _("شاخص")
        verbose_name_plural = _("شاخص‌ها")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """A dated value of one indicator in one neighborhood: a measurement, its baseline or its target."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("خط پایه")
        MEASURED = "measured", _("اندازه‌گیری")
        TARGET = "target", _("هدف")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("شاخص"))
    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.CASCADE, related_name="indicator_values",
                                     verbose_name=_("محله"))
    kind = models.CharField(_("نوع"), max_length=10, choices=Kind.choices, default=Kind.MEASURED)
    date = models.DateField(_("تاریخ"))
    value = models.DecimalField(_("مقدار"), max_digits=14, decimal_places=3)
    note = models.CharField(_("توضیح"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("ثبت‌کننده"))
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # claimed by each edit (optimistic locking)

    objects = ScopedManager()

    class Meta:
        ordering = ["neighborhood", "indicator", "date"]
        indexes = [models.Index(fields=["neighborhood", "indicator", "date"], name="indicator_value_series")]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "neighborhood", "kind", "date"], name="uniq_indicator_value"),
        ]
        verbose_name = _("مقدار شاخص")
        verbose_name_plural = _("مقادیر شاخص‌ها")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        from mahalleh.places.models import Neighborhood

        assert action in (VIEW, CHANGE)
        return Q(neighborhood__in=Neighborhood.objects.filter(Neighborhood.scope_q(scope, action)).values("pk"))


# ---- monthly agency reports (issue 12, item 4): their models live in ``monthly_models`` ----------------
from mahalleh.reports.monthly_models import (  # noqa: E402, F401
    MonthlyAttachment,
    MonthlyIndicatorLine,
    MonthlyReminderSent,
    MonthlyReport,
    MonthlyServiceLine,
    MonthlySettings,
)
