"""The desks API: scoped like the pages (out of scope is a 404), names and mobiles only on the sign-ups
list and read-logged, idempotent creates, Persian refusals that save nothing, a stale version a 409."""

import datetime
import json
import uuid

import pytest

from mahalleh.core.roles import Role
from mahalleh.desks import services
from mahalleh.desks.models import Desk, DeskAgency, DeskPlan, SignUp, SignUpRead
from tests.desks.conftest import FRIDAY, HOLIDAY_WEDNESDAY, LAST_WEDNESDAY, WEDNESDAY
from tests.factories import AgencyFactory, CountyFactory, NeighborhoodFactory, ProvinceFactory, user_with_role

pytestmark = pytest.mark.django_db

NAME, MOBILE = "مریم رضایی", "09121112233"


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


@pytest.fixture
def desk(secretariat, hesar, sport, welfare):
    return services.desk_schedule(actor=secretariat, kind=Desk.Kind.DIRECTORS, neighborhood=hesar, date=WEDNESDAY,
                                  agencies=[sport, welfare])


@pytest.fixture
def far():
    """A desk, a secretariat and an agency of another province."""
    province = ProvinceFactory(name="قم", code="qom")
    county = CountyFactory(province=province)
    hood = NeighborhoodFactory(county=county, name="محله دور")
    agency = AgencyFactory(province=province, name="اداره کل ورزش قم")
    desk = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=county, neighborhood=hood, date=WEDNESDAY,
                               end_time=datetime.time(17, 0))
    DeskAgency.objects.create(desk=desk, agency=agency)
    return {"desk": desk, "secretariat": user_with_role(Role.SECRETARIAT, province=province),
            "focal": user_with_role(Role.AGENCY, agency=agency), "agency": agency}


def test_the_list_is_scoped_like_the_calendar_and_filtered(client, secretariat, desk, far, county,
                                                           django_assert_max_num_queries):
    friday = services.desk_schedule(actor=secretariat, kind=Desk.Kind.FRIDAY, county=county, date=FRIDAY)
    client.force_login(secretariat)
    with django_assert_max_num_queries(8):  # no query per desk
        rows = items(client.get("/api/desks/"))
    assert [r["id"] for r in rows] == [friday.pk, desk.pk]  # by date
    assert rows[1]["neighborhood"]["name"] == "حصار" and rows[1]["date_jalali"] == "1405/09/18"
    assert rows[0]["neighborhood"] is None and rows[0]["place"] == f"مصلی {county.name}"

    def ids(**query):
        return [r["id"] for r in items(client.get("/api/desks/", query))]

    assert ids(kind="friday") == [friday.pk]
    assert ids(neighborhood=desk.neighborhood_id) == [desk.pk]
    assert ids(county=county.pk) == [friday.pk, desk.pk]
    assert ids(status="announced") == []
    assert ids(date_from="2026-12-05") == [desk.pk] and ids(date_to="2026-12-05") == [friday.pk]
    assert ids(date_from="2026-12-10", date_to="2026-12-31") == []
    bad = client.get("/api/desks/", {"date_from": "1405/09/18"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["msg"] == "تاریخ نامعتبر است."
    assert client.get("/api/desks/", {"kind": "picnic"}).status_code == 422
    assert client.get("/api/desks/", {"county": "9" * 20}).status_code == 422  # bounded here, not by the database
    client.force_login(far["secretariat"])
    assert [r["id"] for r in items(client.get("/api/desks/"))] == [far["desk"].pk]
    assert client.get(f"/api/desks/{desk.pk}/").status_code == 404


def test_the_detail_has_invitations_and_counts_but_no_resident(client, secretariat, county_user, desk, sport,
                                                              sport_focal, far, hesar_manager):
    services.desk_answer(actor=sport_focal, invitation=desk.agencies.get(agency=sport), answer="deputy",
                         deputy_name="رضا کریمی", version=1)
    for name, program in ((NAME, "ورزش بانوان"), ("سارا احمدی", "ورزش بانوان"), ("علی محمدی", "کلاس قرآن")):
        services.signup_add(actor=hesar_manager, desk=desk, program=program, name=name, mobile=MOBILE, age_group="adult")
    client.force_login(sport_focal)  # the invited agency sees the desk
    body = client.get(f"/api/desks/{desk.pk}/").json()
    answers = {i["agency"]["name"]: (i["answer"], i["deputy_name"], i["attended"]) for i in body["invitations"]}
    assert answers == {"اداره کل ورزش و جوانان": ("deputy", "رضا کریمی", None), "اداره کل بهزیستی": ("invited", "", None)}
    assert body["signups_count"] == 3 and body["problems_count"] == 0
    assert body["signups_by_program"] == [{"program": "ورزش بانوان", "count": 2}, {"program": "کلاس قرآن", "count": 1}]
    assert NAME not in json.dumps(body, ensure_ascii=False) and MOBILE not in json.dumps(body)
    assert not SignUpRead.objects.exists()
    client.force_login(far["focal"])
    assert client.get(f"/api/desks/{desk.pk}/").status_code == 404
    client.force_login(user_with_role(Role.COUNTY, county=far["desk"].county))
    assert client.get(f"/api/desks/{desk.pk}/").status_code == 404


def test_scheduling_refuses_a_friday_whole_and_is_idempotent(client, secretariat, hesar, governorate, sport):
    client.force_login(secretariat)
    body = {"kind": "directors", "neighborhood": hesar.pk, "date": FRIDAY.isoformat(), "agencies": [sport.pk]}
    friday = post(client, "/api/desks/", body)
    assert friday.status_code == 400 and "در روز چهارشنبه برگزار می‌شود" in friday.json()["detail"]
    holiday = post(client, "/api/desks/", {**body, "date": HOLIDAY_WEDNESDAY.isoformat()})
    assert holiday.status_code == 400 and "تعطیل رسمی است" in holiday.json()["detail"]
    early = post(client, "/api/desks/", {**body, "date": WEDNESDAY.isoformat(), "end": "14:00"})
    assert early.status_code == 400 and "پس از ساعت شروع" in early.json()["detail"]
    host = post(client, "/api/desks/", {**body, "date": WEDNESDAY.isoformat(), "agencies": [governorate.pk]})
    assert host.status_code == 400 and "میزبان" in host.json()["detail"]
    assert not Desk.objects.exists() and not DeskAgency.objects.exists()

    key = str(uuid.uuid4())
    first = post(client, "/api/desks/", {**body, "date": WEDNESDAY.isoformat()}, **{"Idempotency-Key": key})
    again = post(client, "/api/desks/", {**body, "date": WEDNESDAY.isoformat()}, **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert Desk.objects.count() == 1 and DeskAgency.objects.count() == 1
    made = first.json()
    assert made["host"]["name"] == "فرمانداری کرج" and made["start"] == "15:00:00"
    assert "16:50:00" < made["end"] < "17:20:00"  # Maghrib at Hesar in December
    assert [i["agency"]["id"] for i in made["invitations"]] == [sport.pk]


def test_scheduling_is_for_those_who_plan_desks_in_that_county(client, hesar, hesar_manager, sport_focal, far):
    body = {"kind": "directors", "neighborhood": hesar.pk, "date": WEDNESDAY.isoformat(), "end": "17:00"}
    for outsider in (hesar_manager, sport_focal, far["secretariat"]):  # the page's 404 too
        client.force_login(outsider)
        assert post(client, "/api/desks/", body).status_code == 404
    client.force_login(user_with_role(Role.SECRETARIAT, province=hesar.county.province))
    assert post(client, "/api/desks/", {**body, "agencies": [far["agency"].pk]}).status_code == 404  # not seen
    assert not Desk.objects.filter(county=hesar.county).exists()


def test_the_status_claims_the_version_and_is_held_once(client, secretariat, hesar, county_user, other_county):
    past = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hesar.county, neighborhood=hesar, date=LAST_WEDNESDAY,
                               end_time=datetime.time(17, 0))
    url = f"/api/desks/{past.pk}/status/"
    client.force_login(user_with_role(Role.COUNTY, county=other_county))
    assert post(client, url, {"version": 1, "status": "held"}).status_code == 404
    client.force_login(county_user)
    announced = post(client, url, {"version": 1, "status": "announced"})
    assert announced.status_code == 200 and announced.json()["version"] == 2
    stale = post(client, url, {"version": 1, "status": "cancelled"})  # a tab loaded before the announcement
    assert stale.status_code == 409 and "کاربر دیگری" in stale.json()["detail"]
    held = post(client, url, {"version": 2, "status": "held"})
    assert held.status_code == 200 and held.json()["status"] == "held" and held.json()["held_at"]
    again = post(client, url, {"version": 3, "status": "held"})
    assert again.status_code == 400 and "پیش‌تر ثبت شده" in again.json()["detail"]
    past.refresh_from_db()
    assert (past.status, past.version) == ("held", 3)
    assert post(client, url, {"version": 3, "status": "done"}).status_code == 422


def test_a_desk_is_not_held_before_its_day(client, secretariat, desk):
    client.force_login(secretariat)
    future = post(client, f"/api/desks/{desk.pk}/status/", {"version": desk.version, "status": "held"})
    assert future.status_code == 400 and "روزش نرسیده" in future.json()["detail"]
    desk.refresh_from_db()
    assert desk.status == Desk.Status.PLANNED


def test_the_invited_agency_answers_and_no_other(client, desk, sport, welfare, sport_focal, far):
    mine, theirs = desk.agencies.get(agency=sport), desk.agencies.get(agency=welfare)
    client.force_login(sport_focal)
    refused = post(client, f"/api/desks/invitations/{theirs.pk}/answer/", {"version": 1, "answer": "confirmed"})
    assert refused.status_code == 403 and refused.json()["detail"] == services.NOT_INVITED
    url = f"/api/desks/invitations/{mine.pk}/answer/"
    no_name = post(client, url, {"version": 1, "answer": "deputy"})
    assert no_name.status_code == 400 and "نام نماینده" in no_name.json()["detail"]
    ok = post(client, url, {"version": 1, "answer": "deputy", "deputy_name": "رضا کریمی"})
    assert ok.status_code == 200 and (ok.json()["answer"], ok.json()["deputy_name"]) == ("deputy", "رضا کریمی")
    assert post(client, url, {"version": 1, "answer": "confirmed"}).status_code == 409
    theirs.refresh_from_db()
    assert theirs.answer == DeskAgency.Answer.INVITED
    client.force_login(far["focal"])
    assert post(client, url, {"version": 2, "answer": "confirmed"}).status_code == 404


def test_signups_are_read_through_the_log_and_only_where_the_page_serves_them(
        client, desk, county_user, secretariat, hesar_manager, sport_focal, far):
    services.signup_add(actor=hesar_manager, desk=desk, program="ورزش بانوان", name=NAME, mobile=MOBILE, age_group="adult")
    url = f"/api/desks/{desk.pk}/signups/"
    for reader in (county_user, secretariat, hesar_manager):
        client.force_login(reader)
        rows = client.get(url).json()
        assert [(r["name"], r["mobile"], r["program"]) for r in rows] == [(NAME, MOBILE, "ورزش بانوان")]
    assert list(SignUpRead.objects.values_list("purpose", "rows")) == [("api", 1)] * 3
    for refused in (sport_focal, far["secretariat"]):  # the agency sees the desk, never its residents
        client.force_login(refused)
        assert client.get(url).status_code == 404
    assert SignUpRead.objects.count() == 3
    national = user_with_role(Role.NATIONAL)
    client.force_login(national)
    assert client.get(url).status_code == 404 and client.get(f"/api/desks/{desk.pk}/").json()["signups_count"] == 1


def test_a_signup_is_added_once_per_key_and_a_bad_mobile_saves_nothing(client, desk, hesar_manager, sport_focal):
    url = f"/api/desks/{desk.pk}/signups/"
    body = {"program": "ورزش بانوان", "name": NAME, "mobile": "+98 912 111 2233", "age_group": "adult"}
    client.force_login(sport_focal)
    assert post(client, url, body).status_code == 404
    client.force_login(hesar_manager)
    bad = post(client, url, {**body, "mobile": "12345"})
    assert bad.status_code == 400 and "تلفن همراه معتبر نیست" in bad.json()["detail"]
    empty = post(client, url, {**body, "name": "  "})
    assert empty.status_code == 400 and "«نام» را بنویسید" in empty.json()["detail"]
    assert not SignUp.objects.exists()
    key = str(uuid.uuid4())
    first = post(client, url, body, **{"Idempotency-Key": key})
    again = post(client, url, body, **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert first.json()["mobile"] == MOBILE and SignUp.objects.count() == 1
    assert post(client, url, {**body, "age_group": "baby"}).status_code == 422


def test_a_cancelled_desk_takes_no_signup(client, desk, secretariat, hesar_manager):
    services.desk_set_status(actor=secretariat, desk=desk, status=Desk.Status.CANCELLED, version=desk.version)
    client.force_login(hesar_manager)
    refused = post(client, f"/api/desks/{desk.pk}/signups/",
                   {"program": "ورزش بانوان", "name": NAME, "mobile": MOBILE, "age_group": "adult"})
    assert refused.status_code == 400 and "لغو شد" in refused.json()["detail"]
    assert not SignUp.objects.exists()


def test_plans_of_the_province_with_what_could_not_be_planned(client, province, secretariat, hesar, sport, far, desk):
    plan = DeskPlan.objects.create(
        province=province, year=1405, from_date=datetime.date(2026, 3, 21), status="feasible", objective=120, bound=100,
        unplanned=[{"kind": "directors", "neighborhood": str(hesar.pk), "agency": str(sport.pk),
                    "reason": "اداره کل ورزش و جوانان در ۸ محله بیش از چهارشنبه‌های کاری سال"},
                   {"kind": "county", "neighborhood": str(hesar.pk), "agency": None, "reason": "بدون چهارشنبه"}])
    Desk.objects.filter(pk=desk.pk).update(plan=plan)
    older = DeskPlan.objects.create(province=province, year=1404, from_date=datetime.date(2025, 3, 21),
                                    status="optimal", objective=0, bound=0)
    theirs = DeskPlan.objects.create(province=far["desk"].county.province, year=1405, status="optimal", objective=0,
                                     bound=0, from_date=datetime.date(2026, 3, 21))
    client.force_login(sport_focal := user_with_role(Role.AGENCY, agency=sport))  # the province's agencies read it
    assert [p["id"] for p in items(client.get("/api/desks/plans/"))] == [older.pk, plan.pk]  # the latest first
    client.force_login(secretariat)
    rows = items(client.get("/api/desks/plans/"))
    assert {r["id"] for r in rows} == {plan.pk, older.pk}
    assert [r["id"] for r in items(client.get("/api/desks/plans/", {"year": 1405}))] == [plan.pk]
    one = client.get(f"/api/desks/plans/{plan.pk}/").json()
    assert (one["status"], one["objective"], one["bound"], one["desks_count"]) == ("feasible", 120, 100, 1)
    assert one["gap"] == pytest.approx(0.2) and one["province"]["name"] == province.name
    assert one["unplanned"][0] == {"kind": "directors", "neighborhood": {"id": hesar.pk, "name": "حصار"},
                                   "agency": {"id": sport.pk, "name": sport.name},
                                   "reason": "اداره کل ورزش و جوانان در ۸ محله بیش از چهارشنبه‌های کاری سال"}
    assert one["unplanned"][1]["agency"] is None  # the whole visit
    assert client.get(f"/api/desks/plans/{theirs.pk}/").status_code == 404
    assert client.get("/api/desks/plans/", {"year": 99}).status_code == 422
    client.force_login(sport_focal)
    assert client.get(f"/api/desks/plans/{plan.pk}/").status_code == 200
