"""Ad-hoc office closures and manual Maghrib times: the admin's corrections to the calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Closure(models.Model):
    """A day the province's offices are closed beyond the official holidays (e.g. air pollution)."""

    date = models.DateField(_("تاریخ"), unique=True)
    reason = models.CharField(_("علت"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("تعطیلی موردی")
        verbose_name_plural = _("تعطیلی‌های موردی")

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"


class MaghribOverride(models.Model):
    """A Maghrib time set by hand for a place (by its key, e.g. ``county:3``) on one date."""

    place_key = models.CharField(_("مکان"), max_length=64)
    date = models.DateField(_("تاریخ"))
    time = models.TimeField(_("اذان مغرب"))
    note = models.CharField(_("توضیح"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place_key", "date"], name="uniq_maghrib_override")]
        verbose_name = _("اصلاح اذان مغرب")
        verbose_name_plural = _("اصلاحات اذان مغرب")

    def __str__(self) -> str:
        return f"{self.place_key} {self.date} {self.time}"
