"""The Alborz demo's monthly agency reports (seed 000: every member agency reports its progress monthly)
for the months of 1405 so far: 1405/01 … 1405/08 filed (most accepted, some returned, some late, some
never filed) and the current month 1405/09 in draft for some. The pattern is a fixed function of the
agency's place in the (name-ordered) list of required agencies and of the month, so a load gives the same
demo each time; each report is found or made, so a second load adds nothing.

The two demo focal points show both sides: «varzesh» has its 1405/08 report returned by the secretariat
and 1405/09 in draft; «shahrdari-karaj» has not filed 1405/08 (late) and has 1405/09 in draft.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from mahalleh.accounts.notify import focal_points
from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.places.models import Neighborhood, Province
from mahalleh.reports import monthly
from mahalleh.reports.models import Indicator
from mahalleh.reports.monthly import Month
from mahalleh.reports.monthly_models import MonthlyIndicatorLine, MonthlyReport, MonthlyServiceLine

YEAR = 1405
FILED_MONTHS = range(1, 9)  # 1405/01 … 1405/08
CURRENT = Month(YEAR, 9)
VARZESH = "اداره کل ورزش و جوانان استان البرز"
SHAHRDARI = "شهرداری کرج"
Status = MonthlyReport.Status

# One indicator per axis when the catalog has none for it (the dashboards' catalog is used when loaded).
FALLBACK_INDICATORS = {
    "health": ("m-health-visits", "ویزیت پزشکی رایگان ساکنان", "نفر"),
    "social_cultural": ("m-cultural-programs", "برنامه‌های فرهنگی برگزارشده", "برنامه"),
    "construction_housing": ("m-housing-cases", "پرونده‌های مسکن رسیدگی‌شده", "پرونده"),
    "skills_employment": ("m-jobs", "اشتغال ایجادشده", "نفر"),
    "sports_youth": ("m-sport-participants", "شرکت‌کنندگان برنامه‌های ورزشی", "نفر"),
    "women_family": ("m-women-trained", "بانوان آموزش‌دیده", "نفر"),
    "education": ("m-school-spaces", "فضای آموزشی افزوده", "کلاس"),
}
NARRATIVE = ("در ماه {month}، {agency} در محلات هدف استان {what} را پیگیری کرد و نتیجه را به دبیرخانه "
             "قرارگاه اجتماعی اعلام می‌کند. هماهنگی با مدیران محله و دفاتر تسهیل‌گری ادامه دارد.")


def _indicators(axes: list[ServiceAxis]) -> list[Indicator]:
    out = []
    for axis in axes:
        found = Indicator.objects.filter(axis=axis, is_active=True).order_by("order", "pk").first()
        if found is None and axis.code in FALLBACK_INDICATORS:
            code, name, unit = FALLBACK_INDICATORS[axis.code]
            found, _ = Indicator.objects.get_or_create(code=code, defaults={"axis": axis, "name": name, "unit": unit})
        if found is not None:
            out.append(found)
    return out


def _plan(i: int, m: int) -> tuple[str | None, int]:
    """(status, days after the due date it was first filed; negative: before) or (None, 0) for never filed."""
    h = (i * 7 + m * 3) % 20
    if m <= 6:
        plan = {0: (None, 0), 1: (Status.ACCEPTED, 4), 2: (Status.ACCEPTED, 9), 3: (Status.RETURNED, -1)}
        return plan.get(h, (Status.ACCEPTED, -(h % 4)))
    if m == 7:
        plan = {0: (None, 0), 1: (None, 0), 2: (Status.RETURNED, 0), 3: (Status.ACCEPTED, 3), 4: (Status.ACCEPTED, 6)}
        return plan.get(h, (Status.ACCEPTED, -(h % 3)))
    if h <= 3:
        return None, 0
    if h in (4, 5):
        return Status.SUBMITTED, h - 2
    if h == 6:
        return Status.RETURNED, -1
    return (Status.SUBMITTED, -(h % 3)) if h <= 12 else (Status.ACCEPTED, -(h % 4))


def _at(d: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time(hour, 0)))


def _make(agency: Agency, month: Month, status: str, filed: datetime.date | None, *, hoods: list[Neighborhood],
          indicators: list[Indicator], n: int) -> MonthlyReport | None:
    if MonthlyReport.objects.filter(agency=agency, year=month.year, month=month.month).exists():
        return None
    axes = list(agency.axes.all()) or ([indicators[0].axis] if indicators else [])
    what = "، ".join(a.name for a in axes[:2]) or "برنامه‌های خود"
    focal = next(iter(focal_points(agency.pk)), None)
    report = MonthlyReport.objects.create(
        agency=agency, province_id=agency.province_id, year=month.year, month=month.month, status=status, is_demo=True,
        narrative=NARRATIVE.format(month=month.label, agency=agency.name, what=what), filed_on=filed,
        submitted_at=_at(filed, 10) if filed else None, submitted_by=focal if filed else None)
    if status in (Status.ACCEPTED, Status.RETURNED) and filed is not None:
        reviewed = min(filed + datetime.timedelta(days=3), timezone.localdate())
        report.reviewed_at = _at(reviewed, 12)
        if status == Status.RETURNED:
            report.review_note = "آمار خدمات به تفکیک محله کامل نیست؛ تعداد بهره‌مندان هر محله را بنویسید."
        report.save()
    own = [ind for ind in indicators if ind.axis_id in {a.pk for a in axes}] or indicators[:1]
    MonthlyIndicatorLine.objects.bulk_create([
        MonthlyIndicatorLine(report=report, indicator=ind, value=Decimal(10 + (n * 13 + month.month * 7 + k) % 90))
        for k, ind in enumerate(own[:2])])
    if hoods and axes:
        MonthlyServiceLine.objects.bulk_create([
            MonthlyServiceLine(report=report, neighborhood=hoods[(n + month.month + k) % len(hoods)], axis=axes[k % len(axes)],
                               service=f"خدمات {axes[k % len(axes)].name} در محله", unit="نفر",
                               quantity=Decimal(20 + (n * 11 + month.month * 5 + k * 3) % 180))
            for k in range(1 + (n + month.month) % 2)])
    return report


def seed_demo_monthly_reports(*, today: datetime.date | None = None) -> int:
    """The demo's monthly reports (found or made); returns how many there are in Alborz."""
    province = Province.objects.filter(code="alborz").first()
    if province is None:
        return 0
    today = today or timezone.localdate()
    agencies = list(monthly.required_agencies(province).prefetch_related("axes").order_by("name"))
    hoods = list(Neighborhood.objects.filter(county__province=province, is_target=True).order_by("name")[:20])
    indicators = _indicators(list(ServiceAxis.objects.order_by("order")))
    for i, agency in enumerate(agencies):
        for m in FILED_MONTHS:
            month = Month(YEAR, m)
            status, offset = _plan(i, m)
            if agency.name == VARZESH and m == 8:
                status, offset = Status.RETURNED, -2
            elif agency.name == SHAHRDARI and m == 8:
                status = None
            due = monthly.due_date(province, month)
            filed = due + datetime.timedelta(days=offset) if status is not None else None
            if filed is not None and filed > today:  # a load before the day it was filed: still a draft
                status, filed = Status.DRAFT, None
            if status is None:
                continue  # never filed: no report at all (the late list shows the agency)
            _make(agency, month, status, filed, hoods=hoods, indicators=indicators, n=i)
        if CURRENT.has_begun(today) and (i % 3 == 0 or agency.name in (VARZESH, SHAHRDARI)):
            _make(agency, CURRENT, Status.DRAFT, None, hoods=hoods, indicators=indicators, n=i)
    return MonthlyReport.objects.filter(province=province).count()
