"""Who a province administrator may see and manage: the one scoping of the user administration.

``accounts.User`` has no ``scope_q`` (users are not a province's records), so these functions are the
scope of the administration pages: the superuser reaches every account; the secretariat of a province
sees the accounts whose roles, or whose ``AccountRecord``, are in that province, and manages those of
them that hold no role anywhere else (nor are superuser, staff or national HQ). Anything else is a 404.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.administration.models import AccountRecord
from mahalleh.agencies.models import Agency
from mahalleh.core.actors import AnyUser
from mahalleh.core.roles import Role
from mahalleh.core.scoping import scope_of
from mahalleh.places.models import County, Neighborhood, Province

ADMIN_ROLE = Role.SECRETARIAT


def admin_provinces(user: AnyUser | None) -> frozenset[int] | None:
    """The provinces whose accounts ``user`` administers; None for every province (the superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if getattr(user, "is_superuser", False):
        return None
    return scope_of(user).provinces_with(ADMIN_ROLE)


def is_province_admin(user: AnyUser) -> bool:
    provinces = admin_provinces(user)
    return provinces is None or bool(provinces)


def with_province(**lookups: object) -> QuerySet[RoleAssignment]:
    """Role assignments with the province each lies in (``prov``; None for national HQ), filtered by
    ``lookups`` on it (``prov__in=...``: given as keywords, as the annotation is not a model field)."""
    qs = RoleAssignment.objects.annotate(
        prov=Coalesce("province_id", "county__province_id", "agency__province_id", "neighborhood__county__province_id")
    )
    return qs.filter(**lookups) if lookups else qs


def provinces_of(user: User) -> list[int]:
    """The provinces ``user``'s roles lie in."""
    return sorted({prov for ra in with_province(user=user) if (prov := getattr(ra, "prov", None)) is not None})


def _listed() -> QuerySet[User]:
    roles = RoleAssignment.objects.select_related("province", "county", "agency", "neighborhood").order_by("role", "pk")
    return User.objects.prefetch_related(Prefetch("role_assignments", queryset=roles)).order_by("username")


def visible_users(actor: AnyUser | None) -> QuerySet[User]:
    provinces = admin_provinces(actor)
    if provinces is None:
        return _listed()
    if not provinces:
        return User.objects.none()
    in_province = with_province(prov__in=provinces).values("user_id")
    recorded = AccountRecord.objects.filter(province_id__in=provinces).values("user_id")
    return _listed().filter(Q(pk__in=in_province) | Q(pk__in=recorded))


def manageable_users(actor: AnyUser | None) -> QuerySet[User]:
    """The accounts ``actor`` may edit, deactivate and give roles to."""
    provinces = admin_provinces(actor)
    if provinces is None:
        return _listed()
    elsewhere = with_province().filter(Q(prov__isnull=True) | ~Q(prov__in=provinces)).values("user_id")
    return visible_users(actor).exclude(pk__in=elsewhere).exclude(is_superuser=True).exclude(is_staff=True)


def manageable_assignments(actor: AnyUser | None) -> QuerySet[RoleAssignment]:
    """The role assignments ``actor`` may take back or hand over: in their provinces, of users they manage."""
    provinces = admin_provinces(actor)
    if provinces is None:
        return with_province().select_related("user", "province", "county", "agency", "neighborhood")
    qs = with_province(prov__in=provinces).select_related("user", "province", "county", "agency", "neighborhood")
    return qs.filter(user__in=manageable_users(actor).values("pk"))


def grantable_provinces(actor: AnyUser | None) -> QuerySet[Province]:
    provinces = admin_provinces(actor)
    return Province.objects.all() if provinces is None else Province.objects.filter(pk__in=provinces)


def grantable_counties(actor: AnyUser | None) -> QuerySet[County]:
    return County.objects.filter(province__in=grantable_provinces(actor)).select_related("province")


def grantable_agencies(actor: AnyUser | None) -> QuerySet[Agency]:
    return Agency.objects.filter(province__in=grantable_provinces(actor), is_active=True)


def grantable_neighborhoods(actor: AnyUser | None) -> QuerySet[Neighborhood]:
    return Neighborhood.objects.filter(county__province__in=grantable_provinces(actor)).select_related("county")


def grantable_roles(actor: AnyUser | None) -> list[tuple[str, str]]:
    """National HQ only from the superuser; never the superuser flag (that is the Django admin's)."""
    everything = admin_provinces(actor) is None
    return [(value, str(label)) for value, label in Role.choices if everything or value != Role.NATIONAL]
