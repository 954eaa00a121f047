"""Writes to the places registry: one service each, atomic, as its actor, within the actor's scope.

Who decides what about a neighborhood: the province (its secretariat, or the superuser) announces
targets, ranks them and keeps the registry's figures (``PROVINCE_FIELDS``); the local roles that may
change a neighborhood (county staff, its neighborhood manager) keep only what is theirs: the
neighborhood house (``LOCAL_FIELDS``) and the people in its roles. The form shows each only its own
fields, and ``neighborhood_save`` refuses a change of the province's fields by anyone else.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, cast

from django.db import models, transaction
from django.forms import ModelForm

from mahalleh.core import imports
from mahalleh.core.actors import Actor, AnyUser
from mahalleh.core.audit import record_event
from mahalleh.core.scoping import CHANGE, scope_of
from mahalleh.core.services import DomainError, NotAllowed, acts, idempotent, save_form
from mahalleh.core.templatetags.persian import fa_int
from mahalleh.places import sheets
from mahalleh.places.models import (
    ListImport,
    Neighborhood,
    NeighborhoodContact,
    NeighborhoodDocument,
    NeighborhoodNeed,
    NeighborhoodPerson,
)

# The neighborhood's own: what the people who run it keep up to date.
LOCAL_FIELDS = ("house_name", "house_address")
# The province's decisions and the registry's figures: everything else a neighborhood form edits.
PROVINCE_FIELDS = (
    "name", "county", "city", "population", "households", "latitude", "longitude", "is_target", "target_since",
    "priority_rank", "facilitation_office",
)
PROVINCE_ONLY = (
    "اعلام و رتبه‌بندی محلات هدف و مشخصات ثبتی محله (جمعیت، خانوار، موقعیت، دفتر تسهیل‌گری) با دبیرخانه استان است؛ "
    "شما فقط خانه محله و افراد در نقش‌های محله را ویرایش می‌کنید. تغییر «{fields}» پذیرفته نشد."
)
CREATE_PROVINCE_ONLY = "ثبت محله تازه با دبیرخانه استان است."


def decides_for_province(actor: AnyUser | None, province_id: int | None) -> bool:
    """Whether ``actor`` speaks for the province ``province_id``: its secretariat, or the superuser."""
    return scope_of(actor).decides_for_province(province_id)


def _changed_province_fields(new: Neighborhood) -> list[str]:
    stored = Neighborhood.objects.get(pk=new.pk)
    fields = [cast("models.Field[Any, Any]", Neighborhood._meta.get_field(name)) for name in PROVINCE_FIELDS]
    return [str(f.verbose_name) for f in fields if getattr(stored, f.attname) != getattr(new, f.attname)]


@acts
@idempotent
@transaction.atomic
def neighborhood_save(*, form: ModelForm[Neighborhood], actor: Actor, idempotency_key: uuid.UUID | None = None) -> Neighborhood:
    """Create or edit a neighborhood from a validated ``NeighborhoodForm``: its city must be of its
    county; only the province creates one or changes its ``PROVINCE_FIELDS`` (anyone else: ``NotAllowed``,
    nothing written); a stale version, or a neighborhood outside the actor's scope, writes nothing."""
    new = form.instance
    province_id = new.county.province_id if new.county_id else None
    if not decides_for_province(actor, province_id):
        if new.pk is None:
            raise NotAllowed(CREATE_PROVINCE_ONLY)
        if changed := _changed_province_fields(new):
            raise NotAllowed(PROVINCE_ONLY.format(fields="، ".join(changed)))
    if new.city is not None and new.city.county_id != new.county_id:
        raise DomainError("شهر انتخاب‌شده از شهرستان این محله نیست.")
    return save_form(form=form, actor=actor)


@acts
@idempotent
@transaction.atomic
def contact_save(
    *, form: ModelForm[NeighborhoodContact], actor: Actor, idempotency_key: uuid.UUID | None = None
) -> NeighborhoodContact:
    """Add or edit a person in a neighborhood role (``ContactForm``): the neighborhood's own, so its
    local roles keep it as the province does; a stale version or a neighborhood outside the actor's
    scope writes nothing."""
    return save_form(form=form, actor=actor)


# ---- the neighborhood's lists (issue 12) -----------------------------------------------------------

LIST_ROW_SAVED = "list row saved"
LIST_IMPORTED = "list imported"
EVENT_LABELS = {LIST_IMPORTED: "ورود فهرست محله از اکسل"}
IMPORT_NOT_YOURS = "فهرست‌های این محله را دبیرخانه استان، فرمانداری شهرستان و مدیر همین محله نگه می‌دارند."


class ImportRejected(DomainError):
    """The workbook has bad rows and the user asked for all or nothing: nothing was written."""

    def __init__(self, report: imports.Report) -> None:
        super().__init__(
            f"کارنامه {fa_int(len(report.bad_rows))} ردیف نادرست از {fa_int(report.total)} ردیف دارد و هیچ ردیفی "
            "ثبت نشد. ردیف‌ها را درست کنید و دوباره بفرستید، یا «فقط ردیف‌های درست ثبت شوند» را برگزینید.")
        self.report = report


@acts
@idempotent
@transaction.atomic
def list_row_save(
    *, form: ModelForm[Any], actor: Actor, idempotency_key: uuid.UUID | None = None
) -> NeighborhoodPerson | NeighborhoodNeed | NeighborhoodDocument:
    """Add or edit a row of a neighborhood's list (a person, a need, a document) from its validated form:
    its neighborhood's local roles and the province's secretariat; a stale version or a neighborhood
    outside the actor's scope writes nothing."""
    instance = form.instance
    if instance.pk is None:
        instance.created_by = actor if getattr(actor, "pk", None) else None
    return cast("NeighborhoodPerson | NeighborhoodNeed | NeighborhoodDocument", save_form(form=form, actor=actor))


@acts
@idempotent
@transaction.atomic
def list_import(
    *, neighborhood: Neighborhood, kind: str, data: bytes, filename: str, keep_valid: bool, actor: Actor,
    idempotency_key: uuid.UUID | None = None,
) -> ListImport:
    """Import an Excel list into the neighborhood: every row checked first (``core.imports``); with a bad
    row, nothing is written (``ImportRejected`` with the report) unless ``keep_valid``, when the good rows
    are written and the bad ones reported on the ``ListImport``. A resent form imports once."""
    sheet = sheets.sheet_for(kind)
    if sheet is None:
        raise DomainError("این فهرست شناخته نیست.")
    people = sheets.is_people(kind)
    model: Any = NeighborhoodPerson if people else NeighborhoodNeed
    # Whoever keeps the neighborhood's lists may change the neighborhood (its local roles, the province).
    if not Neighborhood.objects.restrict(actor, CHANGE).filter(pk=neighborhood.pk).exists():
        raise NotAllowed(IMPORT_NOT_YOURS)
    report = imports.read(data, sheet)
    if report.errors and not keep_valid:
        raise ImportRejected(report)
    if not report.rows:
        raise ImportRejected(report)
    user = actor if getattr(actor, "pk", None) else None
    fields = {c.key for c in sheet.columns}
    for _number, row in report.rows:
        model.objects.create(neighborhood=neighborhood, kind=kind, created_by=user,
                             **{k: v for k, v in row.items() if k in fields})
    run = ListImport.objects.create(
        neighborhood=neighborhood, kind=kind, filename=filename[:255], sha256=hashlib.sha256(data).hexdigest(),
        created=len(report.rows), skipped=len(report.bad_rows), errors=[str(e) for e in report.errors][:500], actor=cast(Any, user))
    record_event(run, LIST_IMPORTED, kind=kind, created=run.created, skipped=run.skipped)
    return run

