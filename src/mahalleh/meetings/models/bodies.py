"""Bodies that meet: the provincial Social HQ, its working groups, the county HQs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.models_base import NormalizedNameMixin
from mahalleh.core.scoping import ALL_Q, CHANGE, VIEW, Scope, ScopedManager

if TYPE_CHECKING:
    from mahalleh.agencies.models import Agency


class Body(NormalizedNameMixin, models.Model):
    class Kind(models.TextChoices):
        PROVINCIAL_HQ = "provincial_hq", _("قرارگاه اجتماعی استان")
        WORKING_GROUP = "working_group", _("کارگروه")
        COUNTY_HQ = "county_hq", _("قرارگاه / ستاد شهرستان")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("هفتگی")
        BIWEEKLY = "biweekly", _("دوهفته یکبار")
        MONTHLY = "monthly", _("ماهانه")
        AD_HOC = "ad_hoc", _("بنا به نیاز")

    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="bodies", verbose_name=_("استان"))
    county = models.ForeignKey(
        "places.County", null=True, blank=True, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("شهرستان")
    )
    name = models.CharField(_("نام"), max_length=200)
    kind = models.CharField(_("نوع"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("نهاد بالادست")
    )
    chair_title = models.CharField(_("رئیس"), max_length=200, blank=True)
    secretariat = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("دبیرخانه")
    )
    cadence = models.CharField(_("دوره تشکیل"), max_length=10, choices=Cadence.choices, default=Cadence.AD_HOC)
    members: models.ManyToManyField[Agency, BodyMembership] = models.ManyToManyField(
        "agencies.Agency", through="BodyMembership", related_name="bodies", verbose_name=_("اعضا")
    )
    created_by_resolution = models.ForeignKey(
        "meetings.Resolution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("ایجادشده با مصوبه"),
    )
    version = models.PositiveIntegerField(default=1)  # claimed by each edit (optimistic locking)

    objects = ScopedManager()

    class Meta:
        ordering = ["province__name", "county__name", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="uniq_body_name")]
        verbose_name = _("نهاد")
        verbose_name_plural = _("نهادها (قرارگاه‌ها و کارگروه‌ها)")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:body", args=[self.pk])

    def member_names(self) -> dict[int, str]:
        """The member agencies, id -> name, by name (what the agency matcher expands «the members» to)."""
        return dict(self.memberships.order_by("agency__name").values_list("agency_id", "agency__name"))

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return Q(province_id__in=scope.provinces_with("secretariat")) | Q(county_id__in=scope.county_ids)
        return Q(province_id__in=scope.province_ids)


class BodyMembership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("عضو")
        INVITEE = "invitee", _("مدعو")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("دستگاه"))
    role = models.CharField(_("نوع عضویت"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "agency"], name="uniq_body_member")]
        verbose_name = _("عضویت")
        verbose_name_plural = _("عضویت‌ها")

    def __str__(self) -> str:
        return f"{self.agency} در {self.body}"


class TargetAnnouncement(models.Model):
    """The body that announced a neighborhood as a target of the program. That the neighborhood is a
    target, and since when, is the neighborhood's own (``places``); who said so is a body's act."""

    neighborhood = models.OneToOneField(
        "places.Neighborhood", on_delete=models.CASCADE, related_name="target_announcement", verbose_name=_("محله")
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="target_announcements", verbose_name=_("اعلام‌کننده"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("اعلام محله هدف")
        verbose_name_plural = _("اعلام‌های محله هدف")

    def __str__(self) -> str:
        return f"{self.neighborhood} به اعلام {self.body}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:  # national HQ reads every province's records
            return ALL_Q
        if action == CHANGE:
            return Q(body__province_id__in=scope.provinces_with("secretariat")) | Q(body__county_id__in=scope.county_ids)
        return Q(body__province_id__in=scope.province_ids)
