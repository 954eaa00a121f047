"""Users, their scoped roles and their API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalleh.core.audit import record_event
from mahalleh.core.roles import ROLE_SCOPE_FIELD, Role
from mahalleh.core.scoping import Scope, forget_scope


class User(AbstractUser):
    phone = models.CharField(_("تلفن همراه"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("کاربر")
        verbose_name_plural = _("کاربران")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # set_password() leaves the raw password in _password until the save; every path that changes a
        # password (change, reset, admin, `changepassword`) comes through here.
        password_changed = getattr(self, "_password", None) is not None and not self._state.adding
        super().save(*args, **kwargs)
        forget_scope(self)  # e.g. made superuser or deactivated: this object's next read builds it again
        if password_changed:
            from mahalleh.accounts.services import password_changed as after_password_change

            after_password_change(user=self)

    def build_scope(self) -> Scope:
        if self.is_superuser:
            return Scope(is_global=True, can_write_global=True, roles=frozenset({"admin"}))
        roles: set[str] = set()
        provinces: set[int] = set()
        counties: set[int] = set()
        agencies: set[int] = set()
        neighborhoods: set[int] = set()
        per_province: dict[int, set[str]] = {}
        is_global = False
        # Bare columns, not instances: this runs once per request, before every scoped read.
        assignments = self.role_assignments.values_list(
            "role", "province_id", "county_id", "county__province_id", "agency_id", "agency__province_id",
            "neighborhood_id", "neighborhood__county__province_id",
        )
        for role, province_id, county_id, county_province, agency_id, agency_province, hood_id, hood_province in (
            assignments
        ):
            roles.add(role)
            if role == Role.NATIONAL:
                is_global = True
            elif role == Role.COUNTY and county_id:
                counties.add(county_id)
                province_id = county_province
            elif role in (Role.AGENCY, Role.PARTNER) and agency_id:
                agencies.add(agency_id)
                province_id = agency_province
            elif role == Role.NEIGHBORHOOD and hood_id:
                neighborhoods.add(hood_id)
                province_id = hood_province
            if province_id:
                provinces.add(province_id)
                per_province.setdefault(province_id, set()).add(role)
        return Scope(
            is_global=is_global,
            roles=frozenset(roles),
            province_ids=frozenset(provinces),
            county_ids=frozenset(counties),
            agency_ids=frozenset(agencies),
            neighborhood_ids=frozenset(neighborhoods),
            province_roles={p: frozenset(r) for p, r in per_province.items()},
        )


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("نقش"), max_length=32, choices=Role.choices)
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("استان"))
    county = models.ForeignKey("places.County", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("شهرستان"))
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("دستگاه"))
    neighborhood = models.ForeignKey(
        "places.Neighborhood", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("محله")
    )

    class Meta:
        verbose_name = _("نقش کاربر")
        verbose_name_plural = _("نقش‌های کاربران")

    def __str__(self) -> str:
        target = self.province or self.county or self.agency or self.neighborhood or ""
        return f"{self.get_role_display()} {target}".strip()

    # A user's scope is read from these rows once per request; the user object the caller holds (a form's,
    # a service's, a test's) drops the scope it kept, so it sees the change at once.
    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        forget_scope(self._state.fields_cache.get("user"))

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        deleted = super().delete(*args, **kwargs)
        forget_scope(self._state.fields_cache.get("user"))
        return deleted

    def clean(self) -> None:
        needed = ROLE_SCOPE_FIELD.get(Role(self.role))
        if needed and getattr(self, f"{needed}_id") is None:
            raise ValidationError(_("برای این نقش باید %(field)s مشخص شود.") % {"field": needed})


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is stored. It works until ``expires_at`` unless revoked
    (``mahalleh revoke_token``, or a change of its user's password)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("نام"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("انقضا"))
    revoked_at = models.DateTimeField(_("ابطال"), null=True, blank=True)

    class Meta:
        verbose_name = _("توکن API")
        verbose_name_plural = _("توکن‌های API")

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str, *, days: int | None = None) -> tuple[ApiToken, str]:
        """A new token and its key (shown once). Recorded in the audit as ``token_issued``."""
        key = secrets.token_urlsafe(32)
        lifetime = datetime.timedelta(days=settings.API_TOKEN_DAYS if days is None else days)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash(key), expires_at=timezone.now() + lifetime)
        record_event(token, "token_issued", user=user.username, name=name, expires_at=token.expires_at)
        return token, key

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class LoginAddress(models.Model):
    """One row per address that tried to sign in: held for the length of each sign-in so that the tries
    of one address are checked one at a time (``accounts.lockout.login_gate``)."""

    ip = models.CharField(max_length=45, unique=True)
    last_try_at = models.DateTimeField()

    class Meta:
        verbose_name = _("نشانی ورود")
        verbose_name_plural = _("نشانی‌های ورود")

    def __str__(self) -> str:
        return self.ip
