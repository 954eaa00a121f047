"""The neighborhood's lists (issue 12): its elites, active women and registrants for programs; its shortages
of school spaces, needs for sports spaces and people's employment bases; the document of its cultural and
social issues.

Three models, not seven and not one generic table. What separates the lists is who may read them: the
people (``NeighborhoodPerson``: names, mobiles, national codes of elites, active women and registrants)
are personal data, read only by the roles that need it and read-logged (``places.privacy``); the needs
(``NeighborhoodNeed``: a title, a quantity and where) and the documents are the neighborhood's record,
read by whoever reads the neighborhood. Within each the lists share every field but one or two, so a
``kind`` says which list a row is on; a generic key/value table would have lost the types (a mobile, a
Jalali date) that the forms and the Excel import check, and seven models would repeat the same fields
and pages seven times.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.roles import Role
from mahalleh.core.scoping import CHANGE, NONE_Q, VIEW, Scope, ScopedManager


def personal_q(scope: Scope, prefix: str = "") -> Q:
    """Who reads and keeps a neighborhood's people: the province's secretariat, the county's staff and
    the neighborhood's manager; national HQ, the governor, agencies and partners never do."""
    p = prefix
    return (
        Q(**{f"{p}neighborhood__county__province_id__in": scope.provinces_with(Role.SECRETARIAT)})
        | Q(**{f"{p}neighborhood__county_id__in": scope.county_ids})
        | Q(**{f"{p}neighborhood_id__in": scope.neighborhood_ids})
    )


def record_q(scope: Scope, action: str) -> Q:
    """A neighborhood's non-personal record: read as the neighborhood is, kept by whoever may change it."""
    from mahalleh.places.models import Neighborhood

    return Q(neighborhood__in=Neighborhood.objects.filter(Neighborhood.scope_q(scope, action)).values("pk"))


class NeighborhoodPerson(models.Model):
    """A person on one of the neighborhood's lists. Personal data: read through ``places.privacy``."""

    class Kind(models.TextChoices):
        ELITE = "elite", _("نخبگان محله")
        ACTIVE_WOMAN = "active_woman", _("بانوان فعال")
        REGISTRANT = "registrant", _("ثبت‌نام‌شدگان برنامه‌ها")

    class Gender(models.TextChoices):
        FEMALE = "female", _("زن")
        MALE = "male", _("مرد")

    class AgeGroup(models.TextChoices):
        CHILD = "child", _("کودک (زیر ۱۲ سال)")
        TEEN = "teen", _("نوجوان (۱۲ تا ۱۸)")
        ADULT = "adult", _("بزرگسال (۱۸ تا ۶۰)")
        SENIOR = "senior", _("سالمند (بالای ۶۰)")

    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.CASCADE, related_name="people",
                                     verbose_name=_("محله"))
    kind = models.CharField(_("فهرست"), max_length=20, choices=Kind.choices, db_index=True)
    full_name = models.CharField(_("نام و نام خانوادگی"), max_length=150)
    mobile = models.CharField(_("تلفن همراه"), max_length=11, blank=True)
    national_code = models.CharField(_("کد ملی"), max_length=10, blank=True)
    gender = models.CharField(_("جنسیت"), max_length=10, choices=Gender.choices, blank=True)
    age_group = models.CharField(_("گروه سنی"), max_length=10, choices=AgeGroup.choices, blank=True)
    field = models.CharField(_("رشته / مهارت"), max_length=150, blank=True)
    program = models.CharField(_("برنامه"), max_length=150, blank=True)
    registered_on = models.DateField(_("تاریخ ثبت"), null=True, blank=True)
    note = models.CharField(_("توضیح"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # claimed by each edit (optimistic locking)

    objects = ScopedManager()

    class Meta:
        ordering = ["neighborhood", "kind", "full_name", "pk"]
        indexes = [models.Index(fields=["neighborhood", "kind"], name="person_list")]
        verbose_name = _("فرد در فهرست محله")
        verbose_name_plural = _("افراد فهرست‌های محله")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("places:people", args=[self.kind]) + f"?neighborhood={self.neighborhood_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        assert action in (VIEW, CHANGE)
        return personal_q(scope)


class NeighborhoodNeed(models.Model):
    """A shortage or a need the neighborhood recorded: a school space, a sports space, an employment base."""

    class Kind(models.TextChoices):
        SCHOOL_SPACE = "school_space", _("کمبود فضای آموزشی")
        SPORTS_SPACE = "sports_space", _("نیاز به فضای ورزشی")
        EMPLOYMENT = "employment", _("پایگاه‌های اشتغال مردمی")

    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.CASCADE, related_name="needs",
                                     verbose_name=_("محله"))
    kind = models.CharField(_("فهرست"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("عنوان"), max_length=200)
    quantity = models.DecimalField(_("مقدار"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("واحد"), max_length=40, blank=True)
    location = models.CharField(_("محل"), max_length=200, blank=True)
    reference = models.CharField(_("شماره ثبت در سامانه مربوط"), max_length=60, blank=True)
    recorded_on = models.DateField(_("تاریخ ثبت"), null=True, blank=True)
    note = models.CharField(_("توضیح"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        ordering = ["neighborhood", "kind", "title", "pk"]
        indexes = [models.Index(fields=["neighborhood", "kind"], name="need_list")]
        verbose_name = _("نیاز ثبت‌شده محله")
        verbose_name_plural = _("نیازها و کمبودهای محله")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("places:needs", args=[self.kind]) + f"?neighborhood={self.neighborhood_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return record_q(scope, action)


class NeighborhoodDocument(models.Model):
    """The document of the neighborhood's cultural and social issues (سند مسائل فرهنگی و اجتماعی محله),
    one per edition: its date, a summary anyone who reads the neighborhood may read, and the file."""

    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.CASCADE, related_name="documents",
                                     verbose_name=_("محله"))
    title = models.CharField(_("عنوان"), max_length=200, default="سند مسائل فرهنگی و اجتماعی محله")
    date = models.DateField(_("تاریخ تدوین"))
    summary = models.TextField(_("خلاصه مسائل"), blank=True)
    file = models.FileField(_("پرونده"), upload_to="neighborhood-documents/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        ordering = ["neighborhood", "-date", "-pk"]
        verbose_name = _("سند مسائل فرهنگی و اجتماعی")
        verbose_name_plural = _("اسناد مسائل فرهنگی و اجتماعی")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("places:documents") + f"?neighborhood={self.neighborhood_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return record_q(scope, action)


class ListImport(models.Model):
    """One Excel import into a neighborhood's list: what was written and what was left out, and why."""

    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.CASCADE, related_name="list_imports")
    kind = models.CharField(_("فهرست"), max_length=20)
    filename = models.CharField(_("نام پرونده"), max_length=255)
    sha256 = models.CharField(max_length=64)
    created = models.PositiveIntegerField(_("ردیف ثبت‌شده"), default=0)
    skipped = models.PositiveIntegerField(_("ردیف کنارگذاشته"), default=0)
    errors = models.JSONField(_("خطاها"), default=list, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("ورود فهرست از اکسل")
        verbose_name_plural = _("ورودهای فهرست از اکسل")

    def __str__(self) -> str:
        return f"{self.kind} ← {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("places:list_import", args=[self.neighborhood_id, self.kind]) + f"?run={self.pk}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return personal_q(scope) if action == VIEW else NONE_Q


class ListRead(models.Model):
    """Who read names and mobiles of a neighborhood's list, when, how (the page, print or Excel) and how
    many rows; a list across neighborhoods writes one row per neighborhood it showed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.CASCADE, related_name="list_reads")
    kind = models.CharField(max_length=20)
    purpose = models.CharField(max_length=20)
    rows = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("خواندن فهرست افراد محله")
        verbose_name_plural = _("خواندن‌های فهرست افراد محله")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.kind}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == CHANGE:
            return NONE_Q
        return Q(neighborhood__county__province_id__in=scope.provinces_with(Role.SECRETARIAT))
