"""Minutes in: upload several files (with a progress bar), then review each draft and confirm it."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from mahalleh.accounts.http import AuthenticatedHtmxRequest, AuthenticatedHttpRequest
from mahalleh.core.files import serve_file
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.scoping import CHANGE, VIEW, get_scoped_or_404
from mahalleh.core.services import DomainError
from mahalleh.core.uploads import kinds_label, max_file_bytes, megabytes
from mahalleh.meetings.models import Meeting
from mahalleh.minutes.forms import (
    MINUTES_ACCEPT,
    MINUTES_KINDS,
    HeaderForm,
    ResolutionFormSet,
    check_minutes_file,
)
from mahalleh.minutes.importing import ALREADY_CONFIRMED, import_confirm, import_document, review_flags
from mahalleh.minutes.models import MinutesImport
from mahalleh.minutes.parsing import MinutesError
from mahalleh.minutes.permissions import import_province
from mahalleh.places.models import Province


def _province(request: HttpRequest) -> Province:
    """Where this user's uploads go (``permissions.import_province``); a 404 for whoever has none."""
    province = import_province(request.user)
    if province is None:
        raise Http404
    return province


@login_required
def upload(request: AuthenticatedHtmxRequest) -> HttpResponse:
    province = _province(request)
    results: list[dict[str, Any]] = []
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            results.append({"name": "", "ok": False, "message": "هیچ پرونده‌ای انتخاب نشده است."})
        for f in files:
            written = f.name
            try:
                check_minutes_file(f)  # by content and size, before anything is read or kept
            except ValidationError as exc:
                results.append({"name": written, "ok": False, "message": " ".join(exc.messages)})
                continue
            try:
                outcome = import_document(data=f.read(), filename=f.name or "minutes", province=province,
                                          actor=request.user)
            except MinutesError as exc:
                results.append({"name": written, "ok": False, "message": exc.message})
                continue
            note = "پیش‌نویس آماده بازبینی است." if outcome.created else "این پرونده پیش‌تر وارد شده است."
            if outcome.replaced:
                note = "نسخه اصلاحی جایگزین پیش‌نویس قبلی شد."
            results.append({"name": written, "ok": True, "message": note, "draft": outcome.draft})
        if request.htmx:
            return render(request, "minutes/_upload_results.html", {"results": results})
    drafts: QuerySet[MinutesImport] = MinutesImport.objects.restrict(request.user).exclude(status=MinutesImport.Status.REPLACED)[:30]
    return render(request, "minutes/upload.html", {"results": results, "drafts": drafts,
                                                    "max_mb": megabytes(max_file_bytes()),
                                                    "accept": MINUTES_ACCEPT, "kinds": kinds_label(MINUTES_KINDS)})


def _initial(draft: MinutesImport) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    h = draft.data["header"]
    header = {
        "body": h.get("body_id"), "number": h.get("number"),
        "date": datetime.date.fromisoformat(h["date"]) if h.get("date") else None,
        "time": h.get("time"), "place": h.get("place"), "invitation_number": h.get("invitation_number"),
        "invitation_date": datetime.date.fromisoformat(h["invitation_date"]) if h.get("invitation_date") else None,
        "chair": h.get("chair"), "secretary": h.get("secretary"), "subject": h.get("subject"),
        "agenda": "\n".join(draft.data.get("agenda") or []), "narrative": h.get("narrative"),
        "absentees": [a["agency_id"] for a in draft.data["absentees"] if a["agency_id"]],
    }
    rows = [
        {"number": r["number"], "text": r["text"], "responsible_written": r["responsible_written"],
         "lead": _ids(r)[0] if _ids(r) else None, "collaborators": _ids(r)[1:], "deadline_raw": r["deadline_raw"]}
        for r in draft.data["resolutions"]
    ]
    return header, rows


def _reviewed(draft: MinutesImport, header: HeaderForm, formset: Any) -> dict[str, Any]:
    h = header.cleaned_data
    data = {
        "header": {
            "body_written": draft.data["header"].get("body_written"), "body_id": h["body"].pk, "number": h["number"],
            "date": h["date"].isoformat(), "time": h["time"].strftime("%H:%M") if h["time"] else None,
            "place": h["place"], "invitation_number": h["invitation_number"],
            "invitation_date": h["invitation_date"].isoformat() if h["invitation_date"] else None,
            "subject": h["subject"], "chair": h["chair"], "secretary": h["secretary"], "narrative": h["narrative"],
        },
        "agenda": [line.strip() for line in (h["agenda"] or "").splitlines() if line.strip()],
        "absentees": [{"written": a.name, "agency_id": a.pk, "agency_name": a.name} for a in h["absentees"]],
        "resolutions": [],
        "sources": draft.data.get("sources", {}),
    }
    for form in formset:
        r = form.cleaned_data
        if not r or r.get("delete"):
            continue
        data["resolutions"].append({
            "number": r["number"], "text": r["text"], "responsible_written": r["responsible_written"],
            "agencies": [{"written": a.name, "agency_id": a.pk, "agency_name": a.name, "confidence": 1.0}
                         for a in dict.fromkeys([r["lead"], *r["collaborators"]]) if a is not None],
            "deadline_raw": r["deadline_raw"],
        })
    return data


def _ids(row: dict[str, Any]) -> list[int]:
    return list(dict.fromkeys(a["agency_id"] for a in row["agencies"] if a["agency_id"]))


@login_required
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = get_scoped_or_404(MinutesImport.objects.select_related("province", "meeting"), request.user, CHANGE, pk=pk)
    header_initial, rows = _initial(draft)
    if request.method == "POST":  # a confirmed draft too: its form resent answers with the meeting made
        header = HeaderForm(request.POST, province=draft.province, user=request.user, initial=header_initial)
        formset = ResolutionFormSet(request.POST, prefix="r", form_kwargs={"province": draft.province, "user": request.user})
        status = 400
        if header.is_valid() and formset.is_valid():
            try:
                meeting = import_confirm(draft=draft, data=_reviewed(draft, header, formset), actor=request.user,
                                         idempotency_key=header.cleaned_data[KEY_FIELD])
            except (MinutesError, DomainError) as exc:
                message = getattr(exc, "message", None) or str(exc)
                header.add_error(None, message)
                status = 409 if message == ALREADY_CONFIRMED else 400
            else:
                messages.success(request, "صورتجلسه تأیید شد و جلسه با مصوبات آن ثبت شد.")
                return redirect(meeting)
    else:
        header = HeaderForm(initial=header_initial, province=draft.province, user=request.user)
        formset = ResolutionFormSet(initial=rows, prefix="r", form_kwargs={"province": draft.province, "user": request.user})
        status = 200
    lines = draft.text.splitlines()
    parsed = draft.data["resolutions"]
    flags = review_flags(draft.data)  # once: a long table's rows each look theirs up
    items = [
        {"form": form, "parsed": parsed[i] if i < len(parsed) else None,
         "source": _line(lines, parsed[i]["line"]) if i < len(parsed) else "",
         "flags": flags["resolutions"].get(i, [])}
        for i, form in enumerate(formset)
    ]
    sources = {k: _line(lines, v) for k, v in draft.data.get("sources", {}).items()}
    ctx = {"draft": draft, "header": header, "formset": formset, "items": items, "sources": sources,
           "header_flags": flags["header"], "debug": settings.DEBUG}
    return render(request, "minutes/review.html", ctx, status=status)


def _line(lines: list[str], number: int | None) -> str:
    if not number or number < 1 or number > len(lines):
        return ""
    return lines[number - 1].strip()[:300]


# The documents minutes came in as: served only to readers of the draft or of the meeting.


@login_required
def import_original(request: HttpRequest, pk: int) -> HttpResponseBase:
    draft = get_scoped_or_404(MinutesImport.objects.all(), request.user, VIEW, pk=pk)
    return serve_file(request, draft.file, download_name=draft.filename)


@login_required
def meeting_original(request: HttpRequest, pk: int) -> HttpResponseBase:
    meeting = get_scoped_or_404(Meeting.objects.all(), request.user, VIEW, pk=pk)
    name = meeting.source_document.name.rsplit("/", 1)[-1] if meeting.source_document else ""
    return serve_file(request, meeting.source_document, download_name=name)
