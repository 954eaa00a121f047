"""The Excel sheets of the neighborhood's lists: one description per list serves its template, the
import's checks (``core.imports``) and the report's column names."""

from __future__ import annotations

from typing import Any

from mahalleh.core import imports as I
from mahalleh.places.lists_models import NeighborhoodNeed, NeighborhoodPerson

P = NeighborhoodPerson
N = NeighborhoodNeed

_NAME = I.Column("full_name", "نام و نام خانوادگی", I.limited(150), required=True, width=28)
_MOBILE = I.Column("mobile", "تلفن همراه", I.mobile, note="۱۱ رقم و با ۰۹ آغاز شود؛ رقم فارسی یا لاتین.", unique=True)
_CODE = I.Column("national_code", "کد ملی", I.national_code, note="اختیاری؛ ۱۰ رقم.", unique=True)
_GENDER = I.Column("gender", "جنسیت", I.choice(P.Gender.choices), note="اختیاری؛ «زن» یا «مرد».", width=12)
_AGE = I.Column("age_group", "گروه سنی", I.choice(P.AgeGroup.choices),
                note="اختیاری؛ یکی از: " + "، ".join(str(label) for _, label in P.AgeGroup.choices) + ".")
_FIELD = I.Column("field", "رشته / مهارت", I.limited(150), note="اختیاری؛ رشته تحصیلی، هنر یا مهارت.")
_DATE = I.Column("registered_on", "تاریخ ثبت", I.jalali_date, note="اختیاری؛ شمسی، مانند ۱۴۰۳/۰۲/۱۵.", width=14)
_NOTE = I.Column("note", "توضیح", I.limited(300), note="اختیاری.", width=36)


def _program_required(row: dict[str, Any]) -> list[tuple[str, str]]:
    return [] if row.get("program") else [("program", "برای ثبت‌نام‌شدگان، نام برنامه لازم است.")]


PEOPLE: dict[str, I.Sheet] = {
    P.Kind.ELITE: I.Sheet("نخبگان محله", (_NAME, _MOBILE, _CODE, _GENDER, _AGE, _FIELD, _DATE, _NOTE),
                          ("زهرا محمدی", "09121234567", "", "زن", "بزرگسال (۱۸ تا ۶۰)", "پزشکی", "1403/02/15", ""),
                          notes=("نخبگان علمی، فرهنگی، هنری و ورزشی محله؛ هر نفر یک ردیف.",)),
    P.Kind.ACTIVE_WOMAN: I.Sheet("بانوان فعال", (_NAME, _MOBILE, _CODE, _AGE, _FIELD, _DATE, _NOTE),
                                 ("مریم رضایی", "09121234567", "", "بزرگسال (۱۸ تا ۶۰)", "خیاطی", "1403/02/15", "بانویار کوچه")),
    P.Kind.REGISTRANT: I.Sheet(
        "ثبت‌نام‌شدگان برنامه‌ها",
        (_NAME, _MOBILE, _CODE, _GENDER, _AGE,
         I.Column("program", "برنامه", I.limited(150), required=True, note="نام برنامه، مانند «ورزش بانوان»."),
         _DATE, _NOTE),
        ("علی کریمی", "09121234567", "", "مرد", "نوجوان (۱۲ تا ۱۸)", "کلاس رباتیک", "1403/02/15", ""),
        check_row=_program_required),
}

_TITLE = I.Column("title", "عنوان", I.limited(200), required=True, width=32)
_QTY = I.Column("quantity", "مقدار", I.number, note="اختیاری؛ عدد (کلاس، متر مربع، نفر …).", width=12)
_UNIT = I.Column("unit", "واحد", I.limited(40), note="اختیاری؛ مانند «کلاس درس» یا «متر مربع».", width=14)
_PLACE = I.Column("location", "محل", I.limited(200), note="اختیاری.", width=28)
_REF = I.Column("reference", "شماره ثبت در سامانه مربوط", I.limited(60), note="اختیاری.", width=20)
_RECORDED = I.Column("recorded_on", "تاریخ ثبت", I.jalali_date, note="اختیاری؛ شمسی، مانند ۱۴۰۳/۰۲/۱۵.", width=14)

NEEDS: dict[str, I.Sheet] = {
    N.Kind.SCHOOL_SPACE: I.Sheet("کمبود فضای آموزشی", (_TITLE, _QTY, _UNIT, _PLACE, _REF, _RECORDED, _NOTE),
                                 ("دبستان دخترانه", "4", "کلاس درس", "کوچه شهید …", "", "1403/02/15", "")),
    N.Kind.SPORTS_SPACE: I.Sheet("نیاز به فضای ورزشی", (_TITLE, _QTY, _UNIT, _PLACE, _RECORDED, _NOTE),
                                 ("زمین چمن مصنوعی", "800", "متر مربع", "بوستان محله", "1403/02/15", "")),
    N.Kind.EMPLOYMENT: I.Sheet("پایگاه‌های اشتغال مردمی", (_TITLE, _QTY, _UNIT, _PLACE, _RECORDED, _NOTE),
                               ("کارگاه خیاطی خانگی", "12", "نفر شاغل", "خانه محله", "1403/02/15", "")),
}


def sheet_for(kind: str) -> I.Sheet | None:
    return PEOPLE.get(kind) or NEEDS.get(kind)


def is_people(kind: str) -> bool:
    return kind in PEOPLE
