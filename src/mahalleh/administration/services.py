"""The writes of the user administration: accounts, roles and their handover, deactivation.

Each is ``<entity>_<verb>(*, ..., actor)``: atomic, run as ``actor`` (audited), refused with a Persian
``DomainError`` when the account or the role's scope lies outside what the actor administers
(``selectors``). Creates take an idempotency key; edits claim the ``AccountRecord`` version.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mahalleh.accounts.models import ApiToken, RoleAssignment, User
from mahalleh.administration import selectors
from mahalleh.administration.models import AccountRecord, RoleChange
from mahalleh.agencies.models import Agency
from mahalleh.core.audit import record_event
from mahalleh.core.roles import ROLE_SCOPE_FIELD, Role
from mahalleh.core.services import DomainError, NotAllowed, acts, bump_version, idempotent
from mahalleh.places.models import County, Neighborhood, Province

NOT_YOURS = "این حساب در حوزه مدیریت شما نیست."
SCOPE_NOT_YOURS = "این نقش بیرون از استانی است که مدیریت آن با شماست."
SCOPE_FIELDS = ("province", "county", "agency", "neighborhood")


def _require_manages(user: User, actor: User) -> None:
    if not selectors.manageable_users(actor).filter(pk=user.pk).exists():
        raise NotAllowed(NOT_YOURS)


def _require_province(province: Province | None, actor: User) -> Province:
    if province is None or not selectors.grantable_provinces(actor).filter(pk=province.pk).exists():
        raise NotAllowed(SCOPE_NOT_YOURS)
    return province


def password_problems(password: str, user: User) -> list[str]:
    """The settings' password validators' messages for ``password`` (empty: acceptable)."""
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        return [str(m) for m in exc.messages]
    return []


def _record(user: User, actor: User) -> AccountRecord:
    """The account's record, made at its first administration (its province: where its roles are)."""
    record = AccountRecord.objects.filter(user=user).first()
    if record is None:
        provinces = selectors.provinces_of(user)
        record = AccountRecord.objects.create(user=user, province_id=provinces[0] if provinces else None)
    return record


@acts
@idempotent
@transaction.atomic
def user_create(*, username: str, first_name: str = "", last_name: str = "", phone: str = "", email: str = "",
                password: str | None, province: Province, actor: User,
                idempotency_key: uuid.UUID | None = None) -> User:
    """A new account of ``province``, with ``password`` (checked by the settings' validators) or, when
    None, no usable password until the person follows an invite link (``invite_link``)."""
    _require_province(province, actor)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"نام کاربری «{username}» پیش‌تر ثبت شده است.")
    user = User(username=username, first_name=first_name.strip(), last_name=last_name.strip(),
                phone=phone.strip(), email=email.strip())
    if password:
        if problems := password_problems(password, user):
            raise DomainError(" ".join(problems))
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    AccountRecord.objects.create(user=user, province=province, created_by=actor)
    return user


@acts
@transaction.atomic
def user_update(*, user: User, first_name: str, last_name: str, phone: str, email: str, version: int | None,
                actor: User) -> User:
    """Edit an account's name and contact details; a stale ``version`` writes nothing."""
    _require_manages(user, actor)
    record = _record(user, actor)
    bump_version(record, version)
    user.first_name, user.last_name, user.phone, user.email = (
        first_name.strip(), last_name.strip(), phone.strip(), email.strip()
    )
    user.save(update_fields=["first_name", "last_name", "phone", "email"])
    return user


def end_sessions(user: User) -> int:
    """Delete every stored session signed in as ``user`` (the database session engine's rows)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@acts
@transaction.atomic
def user_deactivate(*, user: User, reason: str, version: int | None, actor: User) -> User:
    """A leaver: the account stays (no deletes) but can no longer sign in; its sessions and API tokens
    end now. Its roles stay, so that they can be handed over (``role_handover``)."""
    _require_manages(user, actor)
    if user.pk == actor.pk:
        raise DomainError("حساب خودتان را نمی‌توانید غیرفعال کنید.")
    record = _record(user, actor)
    record.version = bump_version(record, version)
    if not user.is_active:
        raise DomainError("این حساب پیش‌تر غیرفعال شده است.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    record.deactivated_at, record.deactivated_by, record.deactivation_reason = timezone.now(), actor, reason.strip()
    record.save(update_fields=["deactivated_at", "deactivated_by", "deactivation_reason"])
    tokens = ApiToken.objects.filter(user=user)
    token_count = tokens.count()
    tokens.delete()
    sessions = end_sessions(user)
    record_event(user, "user deactivated", reason=reason.strip(), sessions=sessions, tokens=token_count)
    return user


@acts
@transaction.atomic
def user_reactivate(*, user: User, version: int | None, actor: User) -> User:
    _require_manages(user, actor)
    record = _record(user, actor)
    record.version = bump_version(record, version)
    if user.is_active:
        raise DomainError("این حساب فعال است.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    record.deactivated_at, record.deactivated_by, record.deactivation_reason = None, None, ""
    record.save(update_fields=["deactivated_at", "deactivated_by", "deactivation_reason"])
    record_event(user, "user reactivated")
    return user


def _scope_of_role(role: str, scope: dict[str, Any], actor: User) -> dict[str, Any]:
    """The one scope field the role needs, checked to lie in a province the actor administers."""
    try:
        needed = ROLE_SCOPE_FIELD[Role(role)]
    except ValueError as exc:
        raise DomainError("نقش نامعتبر است.") from exc
    if role not in dict(selectors.grantable_roles(actor)):
        raise NotAllowed("اعطای نقش ستاد ملی فقط با مدیر کل سامانه است.")
    if needed is None:
        return {}
    value = scope.get(needed)
    if value is None:
        label = {"province": "استان", "county": "شهرستان", "agency": "دستگاه", "neighborhood": "محله"}[needed]
        raise DomainError(f"برای این نقش باید {label} مشخص شود.")
    province: Province | None
    if isinstance(value, Province):
        province = value
    elif isinstance(value, County | Agency):
        province = value.province
    elif isinstance(value, Neighborhood):
        province = value.county.province
    else:
        raise DomainError("محدوده نقش نامعتبر است.")
    _require_province(province, actor)
    return {needed: value}


@acts
@idempotent
@transaction.atomic
def role_grant(*, user: User, role: str, actor: User, note: str = "", idempotency_key: uuid.UUID | None = None,
               **scope: Any) -> RoleChange:
    """Give ``user`` the role over one province/county/agency/neighborhood (``scope``); giving a role
    already held changes nothing (and says so)."""
    _require_manages(user, actor)
    fields = _scope_of_role(role, scope, actor)
    if user.role_assignments.filter(role=role, **fields).exists():
        raise DomainError("این کاربر همین نقش را دارد.")
    RoleAssignment.objects.create(user=user, role=role, **fields)
    _record(user, actor)
    return RoleChange.objects.create(kind=RoleChange.Kind.GRANT, role=role, to_user=user, actor=actor, note=note, **fields)


def _fields_of(assignment: RoleAssignment) -> dict[str, Any]:
    return {f: getattr(assignment, f) for f in SCOPE_FIELDS if getattr(assignment, f"{f}_id")}


def _lock(assignment: RoleAssignment, actor: User) -> RoleAssignment:
    """The assignment, locked for this transaction, if the actor still may change it (a racing
    handover of the same role finds it gone)."""
    locked = selectors.manageable_assignments(actor).select_for_update(of=("self",)).filter(pk=assignment.pk).first()
    if locked is None:
        raise DomainError("این نقش دیگر در اختیار این کاربر نیست؛ صفحه را دوباره بارگذاری کنید.")
    return locked


@acts
@idempotent
@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: User, note: str = "",
                idempotency_key: uuid.UUID | None = None) -> RoleChange:
    assignment = _lock(assignment, actor)
    fields = _fields_of(assignment)
    user = assignment.user
    _record(user, actor)
    assignment.delete()
    return RoleChange.objects.create(kind=RoleChange.Kind.REVOKE, role=assignment.role, from_user=user, actor=actor,
                                     note=note, **fields)


@acts
@idempotent
@transaction.atomic
def role_handover(*, assignment: RoleAssignment, to_user: User, actor: User, note: str = "",
                  idempotency_key: uuid.UUID | None = None) -> RoleChange:
    """A focal point leaves and another takes the agency: in one transaction the role moves from the
    assignment's holder to ``to_user`` (an active account the actor manages) and the move is kept in
    the role history. Either both happen or neither."""
    assignment = _lock(assignment, actor)
    _require_manages(to_user, actor)
    if not to_user.is_active:
        raise DomainError("نقش را فقط به حساب فعال می‌توان تحویل داد.")
    from_user = assignment.user
    if from_user.pk == to_user.pk:
        raise DomainError("تحویل‌گیرنده همان دارنده کنونی نقش است.")
    fields = _fields_of(assignment)
    _record(from_user, actor)
    _record(to_user, actor)
    assignment.delete()
    if not to_user.role_assignments.filter(role=assignment.role, **fields).exists():
        RoleAssignment.objects.create(user=to_user, role=assignment.role, **fields)
    change = RoleChange.objects.create(kind=RoleChange.Kind.HANDOVER, role=assignment.role, from_user=from_user,
                                       to_user=to_user, actor=actor, note=note, **fields)
    record_event(to_user, "role handed over", role=assignment.get_role_display(), from_user=str(from_user),
                 scope=str(next(iter(fields.values()), "")))
    return change


@acts
def invite_link_issued(*, user: User, actor: User) -> None:
    """Audit that a set-password link for ``user`` was shown to ``actor`` (the link itself is not stored)."""
    _require_manages(user, actor)
    with transaction.atomic():
        record_event(user, "invite link issued")
