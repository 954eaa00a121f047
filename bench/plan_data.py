"""Deterministic generated provinces for the desk plan: an Alborz-sized one and the nation's 31.

    from bench.plan_data import alborz, nation
    inp = alborz()            # 66 neighborhoods, 9 counties, ~25 provincial agencies, Jalali year 1405
    inputs = nation()         # 31 provinces, 2,020 neighborhoods in all

Working Wednesdays and candidate Fridays of the Jalali year leave out Iran's official holidays (the
``holidays`` package, IR). Each neighborhood needs 2-6 provincial agencies, drawn with a skew (sport,
municipality and water are wanted everywhere) so some agencies are over-needed as in a real province.
"""

from __future__ import annotations

import datetime
import math
import random

import holidays
import jdatetime

from mahalleh.desks.planning.inputs import Agency, Neighborhood, PlanInput, Settings

YEAR = 1405
AGENCIES = [
    "اداره کل ورزش و جوانان", "شهرداری", "شرکت آب و فاضلاب", "اداره کل آموزش و پرورش",
    "اداره کل بهزیستی", "کمیته امداد امام خمینی (ره)", "دانشگاه علوم پزشکی", "اداره کل راه و شهرسازی",
    "شرکت توزیع نیروی برق", "شرکت گاز", "اداره کل فرهنگ و ارشاد اسلامی", "اداره کل تعاون، کار و رفاه اجتماعی",
    "فرماندهی انتظامی", "اداره کل میراث فرهنگی", "بنیاد مسکن انقلاب اسلامی", "اداره کل محیط زیست",
    "اداره کل کتابخانه‌های عمومی", "سازمان تبلیغات اسلامی", "اداره کل ثبت اسناد و املاک", "اداره کل دادگستری",
    "سازمان فنی و حرفه‌ای", "اداره کل جهاد کشاورزی", "سپاه (قرارگاه محرومیت‌زدایی)", "اداره کل اوقاف و امور خیریه",
    "هلال احمر",
]
COUNTY_OFFICES = ["آموزش و پرورش", "بهزیستی", "شهرداری", "آب و فاضلاب", "ورزش و جوانان", "کمیته امداد",
                  "شبکه بهداشت", "برق", "گاز", "ارشاد"]
ALBORZ_COUNTIES = ["کرج", "فردیس", "ساوجبلاغ", "نظرآباد", "اشتهارد", "طالقان", "چهارباغ", "کمال‌شهر", "محمدشهر"]
PROVINCES = [
    ("tehran", 210), ("khorasan-razavi", 150), ("isfahan", 125), ("fars", 110), ("khuzestan", 110),
    ("east-azerbaijan", 90), ("mazandaran", 85), ("west-azerbaijan", 80), ("kerman", 80), ("sistan", 75),
    ("alborz", 66), ("gilan", 66), ("kermanshah", 60), ("golestan", 55), ("hormozgan", 55), ("lorestan", 55),
    ("hamadan", 50), ("kurdistan", 50), ("markazi", 45), ("qazvin", 45), ("ardabil", 45), ("yazd", 40),
    ("qom", 40), ("zanjan", 38), ("bushehr", 36), ("chaharmahal", 30), ("north-khorasan", 30),
    ("kohgiluyeh", 28), ("semnan", 26), ("south-khorasan", 24), ("ilam", 21),
]
assert sum(n for _, n in PROVINCES) == 2020 and len(PROVINCES) == 31


def year_days(year: int = YEAR) -> tuple[tuple[datetime.date, ...], tuple[datetime.date, ...]]:
    """The Jalali year's working Wednesdays and its Fridays that are not official holidays."""
    start = jdatetime.date(year, 1, 1).togregorian()
    end = jdatetime.date(year + 1, 1, 1).togregorian()
    off = holidays.country_holidays("IR", years=range(start.year, end.year + 1))
    wednesdays, fridays = [], []
    d = start
    while d < end:
        if d not in off:
            if d.weekday() == 2:
                wednesdays.append(d)
            elif d.weekday() == 4:
                fridays.append(d)
        d += datetime.timedelta(days=1)
    return tuple(wednesdays), tuple(fridays)


def province(code: str, hoods: int, *, seed: int = 0, counties: list[str] | None = None,
             settings: Settings | None = None, year: int = YEAR, time_limit_s: float = 4.0) -> PlanInput:
    rng = random.Random(f"{code}:{seed}")
    wednesdays, fridays = year_days(year)
    names = counties or [f"{code}-شهرستان-{i + 1}" for i in range(max(3, round(hoods / 8)))]
    agencies = tuple(
        Agency(f"{code}:a{i:02d}", name,
               frozenset(rng.sample(wednesdays, rng.randint(0, 4))))
        for i, name in enumerate(AGENCIES)
    )
    popularity = [1 / (i + 1) ** 0.7 for i in range(len(agencies))]
    ranks = list(range(1, hoods + 1))
    rng.shuffle(ranks)
    neighborhoods = []
    for i in range(hoods):
        county = names[i % len(names)] if i < len(names) else rng.choice(names)
        wanted = rng.randint(2, 6)
        needs: list[str] = []
        while len(needs) < wanted:
            a = rng.choices(agencies, weights=popularity)[0].key
            if a not in needs:
                needs.append(a)
        branches = rng.sample(COUNTY_OFFICES, rng.randint(1, 4))
        neighborhoods.append(Neighborhood(
            key=f"{code}:n{i:03d}", name=f"محله {i + 1} {county}", county=county, priority=ranks[i],
            needs=tuple(needs), county_needs=tuple(f"{county}:{b}" for b in branches),
        ))
    branch_agencies = tuple(
        Agency(key, f"{key.split(':')[1]} شهرستان {key.split(':')[0]}")
        for key in sorted({k for h in neighborhoods for k in h.county_needs})
    )
    if settings is None:
        per_wednesday = max(4, math.ceil(2 * hoods / len(wednesdays) * 1.4))
        settings = Settings(desks_per_wednesday=per_wednesday, desks_per_wednesday_per_county=2,
                            time_limit_s=time_limit_s)
    return PlanInput(
        province=code, year=year, wednesdays=wednesdays, neighborhoods=tuple(neighborhoods),
        agencies=agencies + branch_agencies, settings=settings,
        fridays={c: fridays for c in names},
    )


def alborz(seed: int = 0, settings: Settings | None = None, time_limit_s: float = 4.0) -> PlanInput:
    return province("alborz", 66, seed=seed, counties=ALBORZ_COUNTIES, settings=settings,
                    time_limit_s=time_limit_s)


def nation(seed: int = 0, settings: Settings | None = None, time_limit_s: float = 3.0) -> list[PlanInput]:
    """The 31 provinces; 3 s of CP-SAT each keeps the nation within its 2 minutes."""
    return [
        alborz(seed, settings, time_limit_s) if code == "alborz"
        else province(code, n, seed=seed, settings=settings, time_limit_s=time_limit_s)
        for code, n in PROVINCES
    ]
