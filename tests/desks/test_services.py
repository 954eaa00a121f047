"""Desk services: when a desk may be, until when, who is asked and who answers, holding it once, the day
recorded (problems, sign-ups, who came) and its summary sent to the HQ; every refusal Persian and whole."""

import datetime
import uuid

import pytest

from mahalleh.core.models import MaghribOverride
from mahalleh.core.services import DomainError, NotAllowed
from mahalleh.desks import services
from mahalleh.desks.models import Desk, DeskAgency, SignUp
from tests.desks.conftest import FRIDAY, HOLIDAY_WEDNESDAY, LAST_WEDNESDAY, WEDNESDAY

pytestmark = pytest.mark.django_db


def schedule(actor, hood, date=WEDNESDAY, **kw):
    return services.desk_schedule(actor=actor, kind=kw.pop("kind", Desk.Kind.DIRECTORS), neighborhood=hood, date=date, **kw)


def test_a_directors_desk_runs_from_three_until_maghrib_hosted_by_the_governorate(secretariat, hesar, governorate, sport):
    desk = schedule(secretariat, hesar, agencies=[sport])
    assert desk.start_time == datetime.time(15, 0)
    assert datetime.time(16, 50) < desk.end_time < datetime.time(17, 20)  # Maghrib in Karaj in early December
    assert desk.host == governorate and not desk.end_is_override
    assert list(desk.agencies.values_list("agency", flat=True)) == [sport.pk]
    assert desk.county == hesar.county and desk.place == "محله حصار"


def test_the_maghrib_override_wins(secretariat, hesar, governorate):
    MaghribOverride.objects.create(place_key=hesar.place_key, date=WEDNESDAY, time=datetime.time(17, 31))
    assert schedule(secretariat, hesar).end_time == datetime.time(17, 31)


@pytest.mark.parametrize(("date", "kind", "message"), [
    (datetime.date(2026, 12, 8), Desk.Kind.DIRECTORS, "در روز چهارشنبه برگزار می‌شود"),
    (HOLIDAY_WEDNESDAY, Desk.Kind.COUNTY, "تعطیل رسمی است"),
    (FRIDAY, Desk.Kind.DIRECTORS, "در روز چهارشنبه"),
])
def test_a_neighborhood_desk_needs_a_working_wednesday(secretariat, hesar, date, kind, message):
    with pytest.raises(DomainError, match=message):
        schedule(secretariat, hesar, date=date, kind=kind)
    assert not Desk.objects.exists()


def test_the_friday_desk_is_on_a_friday_at_the_prayer_hall(secretariat, hesar, county):
    with pytest.raises(DomainError, match="جمعه نیست"):
        services.desk_schedule(actor=secretariat, kind=Desk.Kind.FRIDAY, county=county, date=WEDNESDAY)
    desk = services.desk_schedule(actor=secretariat, kind=Desk.Kind.FRIDAY, county=county, date=FRIDAY)
    assert desk.neighborhood is None and desk.place == f"مصلی {county.name}"


def test_a_maghrib_before_three_is_refused_and_an_end_by_hand_must_follow_the_start(secretariat, hesar):
    MaghribOverride.objects.create(place_key=hesar.place_key, date=WEDNESDAY, time=datetime.time(14, 45))
    with pytest.raises(DomainError, match="پیش از ساعت شروع"):
        schedule(secretariat, hesar)
    with pytest.raises(DomainError, match="پس از ساعت شروع"):
        schedule(secretariat, hesar, end=datetime.time(14, 0))
    desk = schedule(secretariat, hesar, end=datetime.time(18, 0))
    assert desk.end_time == datetime.time(18, 0) and desk.end_is_override
    assert Desk.objects.count() == 1


def test_the_host_is_not_a_guest_and_levels_match_the_kind(secretariat, hesar, governorate, sport, county):
    with pytest.raises(DomainError, match="میزبان"):
        schedule(secretariat, hesar, agencies=[governorate])
    with pytest.raises(DomainError, match="اداره شهرستان"):
        schedule(secretariat, hesar, kind=Desk.Kind.COUNTY, agencies=[sport])
    assert not Desk.objects.exists()


def test_only_the_secretariat_or_the_county_schedules(hesar, hesar_manager, county_user, sport_focal):
    for outsider in (hesar_manager, sport_focal):
        with pytest.raises(NotAllowed):
            schedule(outsider, hesar)
    assert schedule(county_user, hesar).pk


def test_the_invited_agency_confirms_or_sends_a_named_deputy(secretariat, hesar, sport, welfare, sport_focal):
    desk = schedule(secretariat, hesar, agencies=[sport, welfare])
    mine = desk.agencies.get(agency=sport)
    theirs = desk.agencies.get(agency=welfare)
    with pytest.raises(NotAllowed, match="دعوت نشده"):
        services.desk_answer(actor=sport_focal, invitation=theirs, answer=DeskAgency.Answer.CONFIRMED, version=theirs.version)
    with pytest.raises(DomainError, match="نام نماینده"):
        services.desk_answer(actor=sport_focal, invitation=mine, answer=DeskAgency.Answer.DEPUTY, version=mine.version)
    services.desk_answer(actor=sport_focal, invitation=mine, answer=DeskAgency.Answer.DEPUTY, deputy_name="رضا کریمی",
                         version=mine.version)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.answer, mine.deputy_name, mine.answered_by) == ("deputy", "رضا کریمی", sport_focal)
    assert theirs.answer == DeskAgency.Answer.INVITED


def test_held_once_and_not_before_its_day(secretariat, hesar):
    future = schedule(secretariat, hesar)
    with pytest.raises(DomainError, match="روزش نرسیده"):
        services.desk_set_status(actor=secretariat, desk=future, status=Desk.Status.HELD, version=future.version,
                                 today=datetime.date(2026, 12, 3))
    past = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hesar.county, neighborhood=hesar, date=LAST_WEDNESDAY,
                               end_time=datetime.time(17, 0))
    held = services.desk_set_status(actor=secretariat, desk=past, status=Desk.Status.HELD, version=past.version)
    assert held.status == Desk.Status.HELD and held.held_at is not None
    with pytest.raises(DomainError, match="پیش‌تر ثبت شده"):
        services.desk_set_status(actor=secretariat, desk=held, status=Desk.Status.HELD, version=held.version)


def test_signups_refuse_a_malformed_mobile_and_keep_one_form(secretariat, hesar, hesar_manager):
    desk = schedule(secretariat, hesar)
    with pytest.raises(DomainError, match="تلفن همراه معتبر نیست"):
        services.signup_add(actor=hesar_manager, desk=desk, program="ورزش بانوان", name="مریم", mobile="12345",
                            age_group=SignUp.AgeGroup.ADULT)
    key = uuid.uuid4()
    for _ in range(2):  # a retry of the same form
        services.signup_add(actor=hesar_manager, desk=desk, program="ورزش بانوان", name="مریم", mobile="+98 912 111 2233",
                            age_group=SignUp.AgeGroup.ADULT, idempotency_key=key)
    assert list(SignUp.objects.values_list("mobile", flat=True)) == ["09121112233"]


def test_a_desk_problem_is_a_problem_of_its_neighborhood_linked_to_the_desk(secretariat, hesar, hesar_manager, province):
    from mahalleh.agencies.models import ServiceAxis
    from mahalleh.problems.models import Category, Problem

    axis = ServiceAxis.objects.create(code="sport", name="ورزش", order=1)
    hall = Category.objects.create(axis=axis, code="sports_hall", name="سالن ورزشی", service_days=20)
    desk = schedule(secretariat, hesar)
    key = uuid.uuid4()
    first = services.desk_problem_intake(actor=hesar_manager, desk=desk, category=hall, description="سالن ورزشی ندارد",
                                         idempotency_key=key)
    again = services.desk_problem_intake(actor=hesar_manager, desk=desk, category=hall, description="سالن ورزشی ندارد",
                                         idempotency_key=key)
    assert first.pk == again.pk and Problem.objects.count() == 1
    assert list(desk.problems.all()) == [first] and first.neighborhood == hesar


def test_the_summary_goes_to_the_agenda_once(secretariat, hesar, province):
    from mahalleh.meetings.models import Meeting
    from tests.factories import BodyFactory, MeetingFactory

    desk = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hesar.county, neighborhood=hesar, date=LAST_WEDNESDAY,
                               end_time=datetime.time(17, 0), status=Desk.Status.HELD)
    SignUp.objects.create(desk=desk, program="ورزش بانوان", name="م", mobile="09121112233", age_group="adult")
    meeting = MeetingFactory(body=BodyFactory(province=province), date=WEDNESDAY, status=Meeting.Status.PLANNED)
    item = services.desk_send_summary(actor=secretariat, desk=desk, meeting=meeting)
    assert "ثبت‌نام" in item.text and "حصار" in item.text and item.meeting == meeting
    with pytest.raises(DomainError, match="پیش‌تر در دستور"):
        services.desk_send_summary(actor=secretariat, desk=desk, meeting=meeting)
    assert meeting.agenda_items.count() == 1


def test_a_desk_asks_whom_the_neighborhoods_prioritized_problems_call_for(secretariat, hesar, sport, welfare, province):
    from mahalleh.agencies.models import AgencyLevel, ServiceAxis
    from mahalleh.desks.models import NeighborhoodNeed
    from mahalleh.problems.models import Category, Problem
    from tests.factories import AgencyFactory

    branch = AgencyFactory(province=province, county=hesar.county, level=AgencyLevel.COUNTY, parent=sport,
                           name="اداره ورزش و جوانان کرج")
    axis = ServiceAxis.objects.create(code="sport", name="ورزش", order=1)
    hall = Category.objects.create(axis=axis, code="hall", name="سالن", service_days=10)
    Problem.objects.create(neighborhood=hesar, category=hall, agency=branch, description="سالن", tracking_code="10000000001",
                           priority_rank=1)
    NeighborhoodNeed.objects.create(neighborhood=hesar, agency=welfare)
    directors = schedule(secretariat, hesar)
    assert list(directors.agencies.order_by("pk").values_list("agency", flat=True)) == [sport.pk, welfare.pk]
    county = schedule(secretariat, hesar, kind=Desk.Kind.COUNTY, date=WEDNESDAY + datetime.timedelta(days=7))
    assert list(county.agencies.values_list("agency", flat=True)) == [branch.pk]
