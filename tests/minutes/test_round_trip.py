"""Round trip: a meeting exported as the official minutes (Word or PDF) and imported back gives the same meeting.

The meeting is built through the meetings services on the demo registry (Alborz: its agencies,
bodies and the secretariat user), exported with ``render_minutes_docx`` or ``render_minutes_pdf`` and read back with
``import_document``; the draft must hold every header field, the agenda, each resolution's number,
text, lead and collaborating agencies (by id) and deadline, and the absentees (by id).
"""

from __future__ import annotations

import datetime

import pytest

from mahalleh.accounts.models import User
from mahalleh.agencies.models import Agency
from mahalleh.core.text import normalize
from mahalleh.demo.loader import load_demo
from mahalleh.meetings import services
from mahalleh.meetings.models import Body, Meeting
from mahalleh.minutes.export import render_minutes_docx, render_minutes_pdf
from mahalleh.minutes.importing import import_document

# (text, lead, collaborators, deadline as written); names as the demo registry spells them
RESOLUTIONS = [
    (
        "مقرر گردید: شهرداری کرج نسبت به جمع آوری نخاله های ساختمانی منطقه حصار اقدام و نتیجه را به دبیرخانه "
        "قرارگاه اعلام نماید.",
        "شهرداری کرج",
        [],
        "یک ماه",
    ),
    (
        "مقرر گردید: ظرفیت مدارس بعد از ساعت اداری برای ورزش بانوان در محله ها مورد استفاده قرار گیرد.",
        "اداره کل ورزش و جوانان استان البرز",
        ["فرمانداری شهرستان کرج", "فرمانداری شهرستان فردیس"],
        "دو هفته",
    ),
    (
        "مقرر گردید: گزارش پیشرفت مصوبات هر ماه در جلسه قرارگاه ارائه شود.",
        "فرمانداری شهرستان نظرآباد",
        ["شهرداری فردیس"],
        "بطور مستمر",
    ),
    (
        "مقرر گردید: اداره کل آب و فاضلاب استان موضوع فاضلاب محله حصار را پیگیری نماید.",
        "اداره کل آب و فاضلاب استان البرز",
        [],
        "",
    ),
    (
        "مقرر گردید: خانه های محله مناطق هدف با همکاری شهرداری ها تجهیز و گزارش آن به دبیرخانه ارسال شود.",
        "اداره کل امور شهری و شوراهای استانداری",
        ["شهرداری کرج", "شهرداری فردیس", "فرمانداری شهرستان ساوجبلاغ"],
        "تا پایان مرداد ۱۴۰۲",
    ),
]
ABSENT = ["فرمانداری شهرستان طالقان", "فرمانداری شهرستان اشتهارد", "شهرداری فردیس"]
AGENDA = ["گزارش اداره کل امور شهری و شوراها درباره سگ های بلاصاحب", "گزارش میز خدمت محله حصار"]


@pytest.fixture
def demo(db):
    load_demo(with_meetings=False)
    return User.objects.get(username="secretariat")


def _agency(body: Body, name: str) -> Agency:
    return Agency.objects.get(province=body.province, name=name)


def _build_meeting(actor: User) -> Meeting:
    body = Body.objects.get(name="قرارگاه اجتماعی استان البرز")
    meeting = services.meeting_schedule(
        body=body,
        date=datetime.date(2023, 7, 13),  # 1402/04/22
        start_time=datetime.time(7, 30),
        place="سالن جلسات شهدای دولت",
        number=14,
        invitation_number="۲۱/۲۵/۲۵۶۷۵",
        invitation_date=datetime.date(2023, 7, 10),
        chair="استاندار محترم",
        agenda=AGENDA,
        actor=actor,
    )
    for n, (text, lead, others, deadline) in enumerate(RESOLUTIONS, 1):
        services.resolution_create(
            meeting=meeting,
            number=n,
            text=text,
            lead_agency=_agency(body, lead),
            collaborators=[_agency(body, o) for o in others],
            deadline_raw=deadline,
            actor=actor,
        )
    absent = [_agency(body, name).pk for name in ABSENT]
    services.attendance_record(meeting=meeting, entries={pk: ("absent", "") for pk in absent}, actor=actor)
    return Meeting.objects.get(pk=meeting.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_export_imports_back_as_the_same_meeting(demo, form):
    meeting = _build_meeting(demo)
    body = meeting.body
    data = render_minutes_docx(meeting) if form == "docx" else render_minutes_pdf(meeting)

    outcome = import_document(data=data, filename=f"x.{form}", province=body.province, actor=demo)
    draft = outcome.draft.data
    h = draft["header"]

    assert outcome.created
    assert h["body_id"] == body.pk
    assert h["number"] == 14
    assert h["date"] == "2023-07-13"
    assert h["time"] == "07:30"
    assert normalize(h["place"]) == normalize(meeting.place)
    assert normalize(h["invitation_number"]) == normalize(meeting.invitation_number)
    assert h["invitation_date"] == "2023-07-10"
    agenda = [i.text for i in meeting.agenda_items.order_by("order")]
    assert len(agenda) == len(AGENDA)
    assert [normalize(a) for a in draft["agenda"]] == [normalize(a) for a in agenda]

    got = draft["resolutions"]
    assert [r["number"] for r in got] == list(range(1, len(RESOLUTIONS) + 1))
    saved = list(meeting.resolutions.order_by("number"))
    for (text, lead, others, deadline), r, res in zip(RESOLUTIONS, got, saved, strict=True):
        assert normalize(r["text"]) == normalize(text.removeprefix("مقرر گردید: ")), r["text"]
        ids = [a["agency_id"] for a in r["agencies"]]
        assert ids[0] == _agency(body, lead).pk, r["agencies"]
        assert sorted(ids[1:]) == sorted(_agency(body, o).pk for o in others), r["agencies"]
        assert normalize(r["deadline_raw"]) == normalize(deadline)
        assert r["deadline_kind"] == res.deadline_kind
        assert r["due_date"] == (res.due_date.isoformat() if res.due_date else None)

    assert sorted(a["agency_id"] for a in draft["absentees"]) == sorted(_agency(body, n).pk for n in ABSENT)


@pytest.mark.django_db
def test_round_trip_survives_confirmation(demo):
    """Confirming the imported draft (into a second body of the same kind) rebuilds the same resolutions."""
    from mahalleh.minutes.importing import import_confirm

    meeting = _build_meeting(demo)
    outcome = import_document(
        data=render_minutes_docx(meeting), filename="x.docx", province=meeting.body.province, actor=demo
    )
    original = {
        r.number: (r.deadline_raw, {(a.agency_id, a.is_lead) for a in r.assignments.all()})
        for r in meeting.resolutions.all()
    }
    data = outcome.draft.data
    data["header"]["number"] = 15  # the original meeting keeps number 14 in the same body
    copy = import_confirm(draft=outcome.draft, data=data, actor=demo)
    rebuilt = {
        r.number: (r.deadline_raw, {(a.agency_id, a.is_lead) for a in r.assignments.all()})
        for r in copy.resolutions.all()
    }
    assert rebuilt == original
    assert set(copy.attendances.filter(status="absent").values_list("agency_id", flat=True)) == set(
        meeting.attendances.filter(status="absent").values_list("agency_id", flat=True)
    )
