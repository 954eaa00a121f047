"""The demo's neighborhood lists (issue 12): a few people, needs and a document for Hesar, each marked
«نمایشی»; found or made by its natural key, so a second load writes nothing."""

from __future__ import annotations

from decimal import Decimal

from mahalleh.core.jalali import from_jalali
from mahalleh.places.models import Neighborhood, NeighborhoodDocument, NeighborhoodNeed, NeighborhoodPerson

P, N = NeighborhoodPerson.Kind, NeighborhoodNeed.Kind
PEOPLE = [
    (P.ELITE, "دکتر سمیه احمدی (نمایشی)", "09120000101", "female", "پزشکی", ""),
    (P.ELITE, "محمد رضایی (نمایشی)", "09120000102", "male", "مهندسی عمران", ""),
    (P.ELITE, "علی نوری (نمایشی)", "09120000103", "male", "قهرمان کشتی", ""),
    (P.ACTIVE_WOMAN, "مریم کاظمی (نمایشی)", "09120000104", "female", "خیاطی", ""),
    (P.ACTIVE_WOMAN, "فاطمه صادقی (نمایشی)", "09120000105", "female", "بانویار کوچه ۲", ""),
    (P.REGISTRANT, "زهرا موسوی (نمایشی)", "09120000106", "female", "", "ورزش بانوان"),
    (P.REGISTRANT, "حسین کریمی (نمایشی)", "09120000107", "male", "", "کلاس رباتیک نوجوانان"),
]
NEEDS = [
    (N.SCHOOL_SPACE, "دبستان دخترانه", Decimal(4), "کلاس درس", "خیابان اصلی حصار", "۱۴۰۳-۱۲۳"),
    (N.SCHOOL_SPACE, "هنرستان فنی", Decimal(1), "مدرسه", "", ""),
    (N.SPORTS_SPACE, "زمین چمن مصنوعی", Decimal(800), "متر مربع", "بوستان محله", ""),
    (N.SPORTS_SPACE, "سالن ورزش بانوان", Decimal(1), "سالن", "", ""),
    (N.EMPLOYMENT, "کارگاه خیاطی خانگی", Decimal(12), "نفر شاغل", "خانه محله", ""),
    (N.EMPLOYMENT, "بازارچه محلی", Decimal(20), "غرفه", "", ""),
]
DOCUMENT = ("سند مسائل فرهنگی و اجتماعی محله حصار (نمایشی)", from_jalali(1403, 6, 1),
            "اعتیاد و حاشیه‌نشینی، ترک تحصیل نوجوانان، کمبود فضای ورزشی و فرهنگی، بیکاری جوانان و زنان سرپرست خانوار.")


def seed_demo_lists() -> int:
    """Hesar's demo lists (found or made); returns how many rows they have."""
    hood = Neighborhood.objects.filter(county__province__code="alborz", county__name="کرج", name="حصار").first()
    if hood is None:
        return 0
    for kind, name, mobile, gender, field, program in PEOPLE:
        NeighborhoodPerson.objects.get_or_create(neighborhood=hood, kind=kind, full_name=name, defaults={
            "mobile": mobile, "gender": gender, "field": field, "program": program, "age_group": "adult",
            "registered_on": from_jalali(1404, 2, 10)})
    for need_kind, title, qty, unit, location, ref in NEEDS:
        NeighborhoodNeed.objects.get_or_create(neighborhood=hood, kind=need_kind, title=title, defaults={
            "quantity": qty, "unit": unit, "location": location, "reference": ref, "recorded_on": from_jalali(1403, 9, 1)})
    title, date, summary = DOCUMENT
    NeighborhoodDocument.objects.get_or_create(neighborhood=hood, title=title, defaults={"date": date, "summary": summary})
    return hood.people.count() + hood.needs.count() + hood.documents.count()
