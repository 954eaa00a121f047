"""The Alborz demo's desks, from seed 003: the Hesar desk held on 1401/04/22 (its problems, the
women's and children's sports sign-ups, the directors-general who came), the next desk announced by
resolution 4 (Wednesday 1401/04/29 in Ghaemieh, Chaharbagh) and the «پویش لبخند» campaign of
resolution 5 with its partners. Each is found or made, so a second load adds nothing."""

from __future__ import annotations

import datetime

from mahalleh.agencies.models import Agency
from mahalleh.desks import services
from mahalleh.desks.models import Campaign, CampaignPartner, Desk, DeskAgency, PlanSettings, SignUp
from mahalleh.desks.services import provincial
from mahalleh.meetings.models import Resolution
from mahalleh.places.models import Neighborhood, Province
from mahalleh.problems.models import Problem

HESAR_DAY = datetime.date(2022, 7, 13)  # 1401/04/22
GHAEMIEH_DAY = datetime.date(2022, 7, 20)  # 1401/04/29
HQ_DAY = datetime.date(2022, 7, 14)  # 1401/04/23, seed 003's meeting
SIGNUPS = [("ورزش بانوان و نونهالان", "فاطمه محمدی (نمایشی)", "09120000001", SignUp.AgeGroup.ADULT),
           ("ورزش بانوان و نونهالان", "زهرا کریمی (نمایشی)", "09120000002", SignUp.AgeGroup.CHILD)]
PARTNERS = ["گروه‌های جهادی استان البرز", "دانشگاه علوم پزشکی البرز", "ستاد اجرایی فرمان حضرت امام (ره) استان البرز"]


def _desk(kind: str, hood: Neighborhood, date: datetime.date, status: str, **extra: object) -> tuple[Desk, bool]:
    found = Desk.objects.filter(kind=kind, neighborhood=hood, date=date).first()
    if found is not None:
        return found, False
    end, _ = services.end_time(county=hood.county, neighborhood=hood, date=date)
    desk = Desk.objects.create(kind=kind, county=hood.county, neighborhood=hood, date=date, end_time=end, status=status,
                               place=services.default_place(hood, hood.county, kind), host=services.host_of(hood.county),
                               **extra)
    return desk, True


def seed_demo_desks() -> int:
    """The demo's desks and campaign (found or made); returns how many there are."""
    province = Province.objects.filter(code="alborz").first()
    if province is None:
        return 0
    PlanSettings.objects.get_or_create(province=province)
    hesar = Neighborhood.objects.filter(county__province=province, county__name="کرج", name="حصار").select_related("county").first()
    if hesar is not None:
        desk, new = _desk(Desk.Kind.DIRECTORS, hesar, HESAR_DAY, Desk.Status.HELD)
        if new:
            problems = list(Problem.objects.filter(neighborhood=hesar).select_related("agency__parent"))
            desk.problems.set(problems)
            guests = {top.pk: top for p in problems if p.agency and (top := provincial(p.agency)) is not None}
            for agency in guests.values():
                DeskAgency.objects.create(desk=desk, agency=agency, answer=DeskAgency.Answer.CONFIRMED, attended=True)
            for program, name, mobile, age in SIGNUPS:
                SignUp.objects.create(desk=desk, program=program, name=name, mobile=mobile, age_group=age)
    resolutions = Resolution.objects.filter(meeting__date=HQ_DAY, meeting__body__province=province)
    ghaemieh = Neighborhood.objects.filter(county__province=province, name="قائمیه").select_related("county").first()
    if ghaemieh is not None:
        _desk(Desk.Kind.DIRECTORS, ghaemieh, GHAEMIEH_DAY, Desk.Status.ANNOUNCED,
              announced_by=resolutions.filter(number=4).first())
    lead = Agency.objects.filter(province=province, name__startswith="اداره کل تعاون").first()
    if lead is not None and not Campaign.objects.filter(province=province, name="پویش لبخند").exists():
        campaign = Campaign.objects.create(
            province=province, name="پویش لبخند", lead=lead, start=HQ_DAY, end=datetime.date(2023, 7, 13),
            services="ویزیت و خدمات دندانپزشکی\nآموزش بهداشت دهان و دندان", announced_by=resolutions.filter(number=5).first())
        for agency in Agency.objects.filter(province=province, name__in=PARTNERS):
            CampaignPartner.objects.create(campaign=campaign, agency=agency, capacity=2)
    return (Desk.objects.filter(county__province=province, date__in=[HESAR_DAY, GHAEMIEH_DAY]).count()
            + Campaign.objects.filter(province=province, name="پویش لبخند").count())
