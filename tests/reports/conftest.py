"""A province's Social HQ with two member agencies that must report, one invitee and one governorate
office that need not, a focal point for the first, a target neighborhood and an indicator."""

import pytest

from mahalleh.agencies.models import AgencyKind, ServiceAxis
from mahalleh.core.notify import memory
from mahalleh.core.roles import Role
from mahalleh.meetings.models import BodyMembership
from mahalleh.reports.models import Indicator
from mahalleh.reports.monthly import Month
from tests.factories import AgencyFactory, BodyFactory, NeighborhoodFactory, user_with_role


@pytest.fixture
def hq(province):
    return BodyFactory(province=province, name="قرارگاه اجتماعی استان البرز")


@pytest.fixture
def axis(db):
    axis, _ = ServiceAxis.objects.get_or_create(code="sports_youth", defaults={"name": "ورزش و جوانان", "order": 5})
    return axis


@pytest.fixture
def agency(hq, axis):
    agency = AgencyFactory(province=hq.province, name="اداره کل ورزش و جوانان استان البرز")
    agency.axes.add(axis)
    BodyMembership.objects.create(body=hq, agency=agency)
    return agency


@pytest.fixture
def other_agency(hq):
    agency = AgencyFactory(province=hq.province, name="اداره کل بهزیستی استان البرز")
    BodyMembership.objects.create(body=hq, agency=agency)
    return agency


@pytest.fixture
def not_required(hq):
    invitee = AgencyFactory(province=hq.province, name="گروه‌های جهادی استان البرز")
    BodyMembership.objects.create(body=hq, agency=invitee, role=BodyMembership.Role.INVITEE)
    office = AgencyFactory(province=hq.province, name="اداره کل امور اجتماعی و فرهنگی استانداری", kind=AgencyKind.GOVERNORATE)
    BodyMembership.objects.create(body=hq, agency=office)
    return [invitee, office]


@pytest.fixture
def focal(agency):
    user = user_with_role(Role.AGENCY, agency=agency)
    user.phone = "09120000011"
    user.email = "varzesh@example.ir"
    user.save()
    return user


@pytest.fixture
def hood(county):
    return NeighborhoodFactory(county=county, name="حصار")


@pytest.fixture
def indicator(axis):
    return Indicator.objects.create(axis=axis, code="sport-participants", name="شرکت‌کنندگان ورزش", unit="نفر")


@pytest.fixture
def this_month():
    from django.utils import timezone

    return Month.of(timezone.localdate())


@pytest.fixture
def last_month(this_month):
    return this_month.previous()


@pytest.fixture
def sms_outbox(settings):
    memory.outbox.clear()
    yield memory.outbox
    memory.outbox.clear()
