"""Neighborhood problems (DOMAIN.md §3): a resident's word, categorized, routed to an agency, tracked.

Axes are ``agencies.ServiceAxis`` (the seven axes live in the agency registry, below this app, so a
category points at its axis directly). Every model is scoped by its ``scope_q``; the reporter's name
and mobile are further limited by ``problems.privacy.can_see_reporter`` and every read of them is logged
(``PersonalDataRead``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalleh.core.roles import Role
from mahalleh.core.scoping import ALL_Q, CHANGE, NONE_Q, VIEW, Scope, ScopedManager, ScopedQuerySet
from mahalleh.core.text import normalize


class Category(models.Model):
    """An admin-editable category under one of the seven axes, with its service level."""

    axis = models.ForeignKey("agencies.ServiceAxis", on_delete=models.PROTECT, related_name="problem_categories", verbose_name=_("محور"))
    code = models.SlugField(_("کد"), max_length=40, unique=True)
    name = models.CharField(_("نام"), max_length=100)
    service_days = models.PositiveSmallIntegerField(_("مهلت رسیدگی (روز کاری)"), default=10)
    # issue 12 (capacities): each open problem of the category counts one unit of need for this service
    service = models.ForeignKey("agencies.Service", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="problem_categories", verbose_name=_("خدمت متناظر"))
    is_active = models.BooleanField(_("فعال"), default=True)
    order = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    objects = ScopedManager()

    class Meta:
        ordering = ["axis__order", "order", "name"]
        verbose_name = _("دسته مشکل")
        verbose_name_plural = _("دسته‌های مشکل")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        # The taxonomy is read by every role (``within`` already turns away users with none); it is
        # edited in the admin only (superuser).
        return ALL_Q if action == VIEW else NONE_Q


class RoutingRule(models.Model):
    """Which agency a category goes to: per county, or the province's default (``county`` empty)."""

    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="problem_routes", verbose_name=_("استان"))
    county = models.ForeignKey(
        "places.County", null=True, blank=True, on_delete=models.CASCADE, related_name="problem_routes", verbose_name=_("شهرستان")
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="routes", verbose_name=_("دسته"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="problem_routes", verbose_name=_("دستگاه مسئول"))
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        ordering = ["province", "county", "category"]
        constraints = [
            models.UniqueConstraint(fields=["county", "category"], condition=Q(county__isnull=False), name="uniq_route_county"),
            models.UniqueConstraint(fields=["province", "category"], condition=Q(county__isnull=True), name="uniq_route_province"),
        ]
        verbose_name = _("قاعده ارجاع")
        verbose_name_plural = _("قواعد ارجاع")

    def __str__(self) -> str:
        return f"{self.category} → {self.agency}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == VIEW and scope.is_national:
            return ALL_Q
        if action == CHANGE:  # the secretariat sets the province's routes, a county its own
            return Q(province_id__in=scope.provinces_with(Role.SECRETARIAT)) | Q(county_id__in=scope.county_ids)
        return Q(province_id__in=scope.province_ids)


class Source(models.TextChoices):
    SERVICE_DESK = "service_desk", _("میز خدمت")
    COUNTY = "county", _("احصای فرمانداری")
    NEIGHBORHOOD_HOUSE = "neighborhood_house", _("سرای محله")
    ONLINE = "online", _("ثبت برخط شهروند")
    FIELD_VISIT = "field_visit", _("بازدید میدانی")
    HQ_MEETING = "hq_meeting", _("جلسه قرارگاه")


class Status(models.TextChoices):
    NEW = "new", _("جدید")
    ACCEPTED = "accepted", _("پذیرفته‌شده")
    IN_PROGRESS = "in_progress", _("در حال اقدام")
    ACTION_SCHEDULED = "action_scheduled", _("اقدام برنامه‌ریزی‌شده")
    REFERRED = "referred", _("ارجاع به قرارگاه")
    FIXED = "fixed", _("رفع‌شده")
    DUPLICATE = "duplicate", _("تکراری")
    CLOSED = "closed", _("بسته‌شده")


OPEN_STATUSES = frozenset({Status.NEW, Status.ACCEPTED, Status.IN_PROGRESS, Status.ACTION_SCHEDULED, Status.REFERRED})
CLOSED_STATUSES = frozenset({Status.FIXED, Status.DUPLICATE, Status.CLOSED})


def status_type(status: str) -> str:
    """«open» or «closed», as FixMyStreet types its states (and Open311 reports them)."""
    return "closed" if status in CLOSED_STATUSES else "open"


def problem_q(scope: Scope, action: str, prefix: str = "") -> Q:
    """The problems a scope reaches, for ``Problem`` and every model hanging off one."""
    p = prefix
    if action == VIEW and scope.is_national:  # every province's problems; personal fields stay hidden
        return ALL_Q
    q = Q(**{f"{p}neighborhood__county_id__in": scope.county_ids}) | Q(**{f"{p}neighborhood_id__in": scope.neighborhood_ids})
    if action == VIEW:
        q |= Q(**{f"{p}neighborhood__county__province_id__in": scope.provinces_with(Role.SECRETARIAT, Role.GOVERNOR)})
    else:
        q |= Q(**{f"{p}neighborhood__county__province_id__in": scope.provinces_with(Role.SECRETARIAT)})
    if scope.has_role(Role.AGENCY):  # a partner's agency reaches none (agency_ids holds both)
        q |= Q(**{f"{p}agency_id__in": scope.agency_ids})
        if action == VIEW:
            collaborating = Problem.collaborators.through.objects.filter(agency_id__in=scope.agency_ids)
            q |= Q(**{f"{p}pk__in": collaborating.values("problem_id")})
    return q


class ProblemQuerySet(ScopedQuerySet["Problem"]):
    """Open and overdue are derived at the moment of asking, from the status and ``due_date``."""

    def open(self) -> ProblemQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> ProblemQuerySet:
        return self.open().filter(due_date__lt=today)

    def with_overdue(self, today: datetime.date) -> ProblemQuerySet:
        """Each row annotated ``overdue_now`` for ``today`` (``Problem.is_overdue`` for one row)."""
        return self.annotate(
            overdue_now=models.Case(
                models.When(Q(status__in=OPEN_STATUSES, due_date__lt=today), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class Problem(models.Model):
    neighborhood = models.ForeignKey("places.Neighborhood", on_delete=models.PROTECT, related_name="problems", verbose_name=_("محله"))
    source = models.CharField(_("منبع"), max_length=20, choices=Source.choices, default=Source.SERVICE_DESK)
    # Who raised it: optional (anonymous allowed); read only through ``privacy.reporter_of``.
    reporter_name = models.CharField(_("نام طرح‌کننده"), max_length=150, blank=True)
    reporter_mobile = models.CharField(_("تلفن همراه طرح‌کننده"), max_length=11, blank=True)
    may_call_back = models.BooleanField(_("اجازه تماس"), default=False)
    sms_consent = models.BooleanField(_("رضایت به پیامک"), default=False)
    sms_opt_out = models.BooleanField(_("انصراف از پیامک"), default=False)
    description = models.TextField(_("شرح مشکل"))
    # normalize(description): search and duplicate suggestions match «كوچه» to «کوچه» on any database
    description_normalized = models.TextField(editable=False, default="", db_default="")
    description_public = models.BooleanField(_("شرح در صفحه عمومی نمایش داده شود"), default=False)
    latitude = models.FloatField(_("عرض جغرافیایی"), null=True, blank=True)
    longitude = models.FloatField(_("طول جغرافیایی"), null=True, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="problems", verbose_name=_("دسته"))
    priority_rank = models.PositiveIntegerField(_("رتبه اولویت"), null=True, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="problems", verbose_name=_("دستگاه مسئول")
    )
    collaborators = models.ManyToManyField("agencies.Agency", blank=True, related_name="collaborating_problems", verbose_name=_("دستگاه‌های همکار"))
    status = models.CharField(_("وضعیت"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    tracking_code = models.CharField(_("کد رهگیری"), max_length=11, unique=True)
    due_date = models.DateField(_("سررسید"), null=True, blank=True)  # from the category's working days
    acknowledged_at = models.DateTimeField(_("زمان پذیرش"), null=True, blank=True)
    fixed_at = models.DateTimeField(_("زمان رفع"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates", verbose_name=_("تکرار مشکل")
    )
    # After «fixed» the reporter is asked whether it was; a «no» (or a reply by code) until then reopens it.
    confirm_until = models.DateTimeField(_("مهلت اعلام نظر شهروند"), null=True, blank=True)
    # Open311's token for a POSTed request (``tokens/{token}``); empty for problems raised otherwise.
    token = models.CharField(_("توکن Open311"), max_length=36, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("زمان ثبت"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("ثبت‌کننده"))

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="problem_open_due"),
            # an agency's open problems, most urgent first (the inbox); a neighborhood's (so a county's) by
            # state, newest first (the list): without them the planner ANDs whole-table bitmaps (bench/RESULTS.md)
            models.Index(fields=["agency", "status", "due_date"], name="problem_agency_open_due"),
            models.Index(fields=["neighborhood", "status", "created_at"], name="problem_hood_state_new"),
            # a province's open and overdue problems as the dashboards count them (``pk IN`` the list's rows):
            # read from the index alone, not the table once more per figure (bench/RESULTS.md, issue 12)
            models.Index(fields=["neighborhood", "status", "due_date", "id"], name="problem_hood_status_due"),
        ]
        verbose_name = _("مشکل")
        verbose_name_plural = _("مشکلات")

    def __str__(self) -> str:
        return f"{self.category} — {self.neighborhood}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.description_normalized = normalize(self.description)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "description_normalized"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("problems:problem", args=[self.pk])

    @property
    def original(self) -> Problem:
        """The problem this one's reporters follow: itself, or the end of its ``duplicate_of`` chain."""
        seen = {self.pk}
        problem = self
        while problem.duplicate_of_id is not None and problem.duplicate_of_id not in seen:
            seen.add(problem.duplicate_of_id)
            assert problem.duplicate_of is not None
            problem = problem.duplicate_of
        return problem

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return problem_q(scope, action)

    @property
    def status_type(self) -> str:
        return status_type(self.status)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_closed and self.due_date is not None and self.due_date < today


class ProblemUpdate(models.Model):
    """One line of a problem's timeline: a note (public or internal), a status change, a routing, a refusal."""

    class Kind(models.TextChoices):
        NOTE = "note", _("یادداشت")
        STATUS = "status", _("تغییر وضعیت")
        ROUTED = "routed", _("ارجاع")
        NOT_RESPONSIBLE = "not_responsible", _("عدم مسئولیت")
        MERGED = "merged", _("ادغام با مشکل اصلی")
        PHOTO = "photo", _("عکس")
        ESCALATED = "escalated", _("طرح در جلسه")
        FEEDBACK = "feedback", _("نظر شهروند")
        REOPENED = "reopened", _("بازگشایی")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="updates", verbose_name=_("مشکل"))
    kind = models.CharField(_("نوع"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("متن"), blank=True)
    is_public = models.BooleanField(_("عمومی"), default=False)
    from_status = models.CharField(_("از وضعیت"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("به وضعیت"), max_length=20, choices=Status.choices, blank=True)
    from_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("از دستگاه"))
    to_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("به دستگاه"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("نویسنده"))
    at = models.DateTimeField(_("زمان"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("رویداد مشکل")
        verbose_name_plural = _("رویدادهای مشکل")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.problem_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == CHANGE:  # the timeline is appended to, never edited
            return NONE_Q
        return problem_q(scope, VIEW, "problem__")


class PersonalDataRead(models.Model):
    """One read of a problem's reporter name and mobile: who, when, which problem."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("خواننده"))
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="personal_reads", verbose_name=_("مشکل"))
    at = models.DateTimeField(_("زمان"), auto_now_add=True)
    purpose = models.CharField(_("محل خواندن"), max_length=50, blank=True)  # "detail", "api", "export"...

    objects = ScopedManager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("خواندن داده شخصی")
        verbose_name_plural = _("خواندن‌های داده شخصی")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.problem_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        # Reviewed by the province admin (the secretariat) only; written by ``privacy.reporter_of``.
        if action == CHANGE:
            return NONE_Q
        return Q(problem__neighborhood__county__province_id__in=scope.provinces_with(Role.SECRETARIAT))


class ProblemPhoto(models.Model):
    """A photograph of a problem: taken at intake, or the agency's «before» and «after». Checked to be
    an image by its content (``core.uploads``), with its location metadata stripped before it is kept."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("هنگام ثبت")
        BEFORE = "before", _("پیش از اقدام")
        AFTER = "after", _("پس از اقدام")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="photos", verbose_name=_("مشکل"))
    kind = models.CharField(_("نوع"), max_length=10, choices=Kind.choices, default=Kind.INTAKE)
    image = models.FileField(_("عکس"), upload_to="problems/%Y/%m/")
    is_public = models.BooleanField(_("عمومی"), default=False)  # shown on /track/ (before/after the agency marks so)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("بارگذار"))
    at = models.DateTimeField(_("زمان"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["problem", "at", "id"]
        verbose_name = _("عکس مشکل")
        verbose_name_plural = _("عکس‌های مشکل")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.problem_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        return problem_q(scope, action, "problem__")


class ProblemReminderSent(models.Model):
    """A due-date reminder sent to a problem's agency; the unique key makes each go out once, and again
    only when the due date or the agency changes."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("یادآوری پیش از سررسید")
        OVERDUE = "overdue", _("اعلام تأخیر")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["problem", "agency", "kind", "due_date"], name="uniq_problem_reminder")]
        verbose_name = _("یادآوری مشکل")
        verbose_name_plural = _("یادآوری‌های مشکل")

    def __str__(self) -> str:
        return f"{self.kind} {self.problem_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q:
        if action == CHANGE:
            return NONE_Q
        return problem_q(scope, VIEW, "problem__")
