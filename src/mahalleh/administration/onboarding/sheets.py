"""The onboarding workbook's sheets: their Persian titles and headers, an example row and the notes.

One description serves the templates (``workbooks.template``), the reader (headers found by their
Persian text, in any column order) and the report (a column is named by its header).
"""

from __future__ import annotations

from dataclasses import dataclass

from mahalleh.agencies.models import AgencyKind, AgencyLevel
from mahalleh.core.roles import Role


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    note: str = ""
    width: int = 22


@dataclass(frozen=True)
class Sheet:
    kind: str  # counties | neighborhoods | agencies | users
    title: str  # the sheet's name in the workbook
    label: str  # the kind of row, for the summary («شهرستان»)
    columns: tuple[Column, ...]
    example: tuple[str | int, ...]

    def header(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)


ALIAS_SEPARATOR = "؛"
YES = ("بله", "آری", "هست", "1", "true", "yes")

COUNTIES = Sheet("counties", "شهرستان‌ها", "شهرستان", (
    Column("name", "نام شهرستان", True, "نام هر شهرستان یک بار."),
    Column("latitude", "عرض جغرافیایی", note="اختیاری؛ عدد، مانند ۳۵٫۸۳"),
    Column("longitude", "طول جغرافیایی", note="اختیاری؛ عدد، مانند ۵۰٫۹۹"),
), ("کرج", "35.83", "50.99"))

NEIGHBORHOODS = Sheet("neighborhoods", "محلات", "محله", (
    Column("name", "نام محله", True, "در هر شهرستان یک بار."),
    Column("county", "شهرستان", True, "یکی از شهرستان‌های استان یا برگه «شهرستان‌ها»."),
    Column("city", "شهر", note="اختیاری؛ اگر نباشد ساخته می‌شود."),
    Column("population", "جمعیت", note="اختیاری؛ عدد صحیح."),
    Column("households", "خانوار", note="اختیاری؛ عدد صحیح."),
    Column("house_name", "خانه محله", note="اختیاری."),
    Column("house_address", "نشانی خانه محله", note="اختیاری.", width=36),
), ("حصار", "کرج", "کرج", 12000, 3500, "خانه محله حصار", "کرج، خیابان …"))

AGENCY_KINDS = {str(label): value for value, label in AgencyKind.choices}
AGENCY_LEVELS = {str(label): value for value, label in AgencyLevel.choices}

AGENCIES = Sheet("agencies", "دستگاه‌ها", "دستگاه", (
    Column("name", "نام رسمی دستگاه", True, "در هر سطح یک بار.", width=36),
    Column("short_name", "نام کوتاه", note="اختیاری."),
    Column("kind", "نوع", note="یکی از: " + "، ".join(AGENCY_KINDS) + "؛ خالی: دستگاه دولتی."),
    Column("level", "سطح", note="استانی یا شهرستانی؛ خالی: استانی."),
    Column("county", "شهرستان", note="برای دستگاه شهرستانی لازم است."),
    Column("aliases", "نام‌های دیگر", note=f"نام‌هایی که در صورتجلسه‌ها می‌آید، جدا با «{ALIAS_SEPARATOR}».", width=40),
    Column("email", "رایانامه", note="اختیاری."),
    Column("phone", "تلفن", note="اختیاری."),
), ("اداره کل ورزش و جوانان استان", "ورزش و جوانان", "دستگاه دولتی", "استانی", "",
    f"اداره ورزش{ALIAS_SEPARATOR} ورزش و جوانان", "sport@example.ir", "02632000000"))

ROLE_LABELS = {str(label): value for value, label in Role.choices if value != Role.NATIONAL}

USERS = Sheet("users", "کاربران", "کاربر", (
    Column("username", "نام کاربری", True, "حروف لاتین یا فارسی، رقم و @ . + - _؛ یکتا."),
    Column("first_name", "نام"),
    Column("last_name", "نام خانوادگی"),
    Column("phone", "تلفن همراه", note="اختیاری؛ ۱۱ رقم و با ۰۹ آغاز شود."),
    Column("email", "رایانامه", note="اختیاری."),
    Column("password", "گذرواژه اولیه", note="اختیاری؛ خالی: بعداً پیوند تعیین گذرواژه ساخته می‌شود."),
    Column("role", "نقش", True, "یکی از: " + "، ".join(ROLE_LABELS) + ".", width=30),
    Column("county", "شهرستان", note="برای کارشناس فرمانداری؛ برای مدیر محله، شهرستانِ محله."),
    Column("agency", "دستگاه", note="برای رابط دستگاه و شریک: نام رسمی یا یکی از نام‌های دیگر.", width=36),
    Column("neighborhood", "محله", note="برای مدیر محله."),
), ("rezaei", "علی", "رضایی", "09121234567", "rezaei@example.ir", "", "کارشناس رابط دستگاه", "",
    "اداره کل ورزش و جوانان استان", ""))

SHEETS = (COUNTIES, NEIGHBORHOODS, AGENCIES, USERS)
BY_KIND = {s.kind: s for s in SHEETS}

NOTES_TITLE = "راهنما"
NOTES = (
    "هر برگه یک نوع داده است؛ ردیف نخست سرستون‌هاست و ترتیب ستون‌ها مهم نیست.",
    "ردیف نمونه (ردیف دوم) را پاک کنید یا با داده خود جایگزین کنید.",
    "ستون‌های ستاره‌دار لازم‌اند؛ بقیه اختیاری‌اند.",
    "همه ردیف‌ها با هم بررسی می‌شوند: اگر حتی یک ردیف خطا داشته باشد هیچ چیز ثبت نمی‌شود و گزارش، شماره ردیف و ستون خطا را نشان می‌دهد.",
    "یک کارنامه می‌تواند همه برگه‌ها یا فقط برخی را داشته باشد؛ محلات، دستگاه‌ها و کاربران می‌توانند به شهرستان‌ها و دستگاه‌های همین کارنامه یا ثبت‌شده در سامانه اشاره کنند.",
    "رقم‌های فارسی و لاتین هر دو پذیرفته می‌شوند.",
)
