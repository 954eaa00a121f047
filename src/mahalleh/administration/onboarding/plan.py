"""Check every row of an onboarding workbook against the province and against the other rows, and
turn the rows into a plan of what to create. Nothing is written here: a workbook with any problem is
refused whole (``OnboardingRejected`` with the report), one without becomes a ``Plan`` for ``importer``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from rapidfuzz import fuzz, process

from mahalleh.accounts.models import User
from mahalleh.administration.forms import clean_mobile
from mahalleh.administration.onboarding import sheets as S
from mahalleh.administration.onboarding.workbooks import Problem, Rows
from mahalleh.administration.services import password_problems
from mahalleh.agencies.matching import match_one, name_key
from mahalleh.agencies.models import Agency, AgencyAlias, AgencyLevel
from mahalleh.core.roles import Role
from mahalleh.core.services import DomainError
from mahalleh.core.templatetags.persian import fa_int
from mahalleh.core.text import normalize, to_latin_digits
from mahalleh.places.models import County, Neighborhood, Province


class OnboardingRejected(DomainError):
    """The workbook has problems; nothing was written. ``problems`` is the row-by-row report."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"کارنامه {fa_int(len(problems))} خطا دارد و هیچ چیز ثبت نشد.")
        self.problems = problems


@dataclass
class Plan:
    """What the workbook makes, each row a dict of clean values; places are named by normalized keys."""

    counties: list[dict[str, Any]] = field(default_factory=list)
    neighborhoods: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[dict[str, Any]] = field(default_factory=list)
    users: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"counties": len(self.counties), "neighborhoods": len(self.neighborhoods),
                "agencies": len(self.agencies), "aliases": sum(len(a["aliases"]) for a in self.agencies),
                "users": len(self.users)}


def suggest(written: str, names: list[str]) -> str:
    """« نزدیک‌ترین نام: «…»» for the closest of ``names`` (rapidfuzz), or nothing when none is close."""
    if not names:
        return ""
    best = process.extractOne(normalize(written), {n: normalize(n) for n in names}, scorer=fuzz.WRatio, score_cutoff=60)
    return f" نزدیک‌ترین نام: «{best[2]}»." if best else ""


class Checker:
    def __init__(self, province: Province) -> None:
        self.province = province
        self.problems: list[Problem] = []
        self.plan = Plan()
        self.counties: dict[str, str] = {normalize(n): n for n in County.objects.filter(province=province).values_list("name", flat=True)}
        self.new_counties: set[str] = set()
        self.hoods: dict[tuple[str, str], str] = {
            (normalize(c), normalize(n)): n
            for c, n in Neighborhood.objects.filter(county__province=province).values_list("county__name", "name")
        }
        self.db_agencies = list(Agency.objects.filter(province=province).values_list("pk", "name", "county__name"))
        # Agencies by every name they go by (name_key): ("db", pk) or ("new", index in plan.agencies).
        self.agency_names: dict[tuple[str, ...], tuple[str, int] | None] = {}
        self.agency_display: list[str] = []
        for pk, name, _county in self.db_agencies:
            self._agency_name(name, ("db", pk))
        for agency_id, alias in AgencyAlias.objects.filter(agency__province=province).values_list("agency_id", "name"):
            self._agency_name(alias, ("db", agency_id))
        self.usernames: dict[str, int] = {}

    def _agency_name(self, name: str, ref: tuple[str, int]) -> None:
        key = name_key(name)
        if key:
            seen = self.agency_names.get(key, ref)
            self.agency_names[key] = ref if seen == ref else None  # None: two agencies share the name
            self.agency_display.append(name)

    def add(self, sheet: S.Sheet, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet.title, row, sheet.header(column) if column else "", message))

    # ---- shared cells ----------------------------------------------------------------------------

    def county(self, sheet: S.Sheet, row: int, value: str, *, required: bool) -> str | None:
        if not value:
            if required:
                self.add(sheet, row, "county", "شهرستان خالی است.")
            return None
        key = normalize(value)
        if key not in self.counties:
            self.add(sheet, row, "county", f"شهرستان «{value}» در استان {self.province.name} نیست."
                     + suggest(value, list(self.counties.values())))
            return None
        return key

    def number(self, sheet: S.Sheet, row: int, column: str, value: str, *, integer: bool) -> Any:
        if not value:
            return None
        text = to_latin_digits(value).replace("٫", ".").replace(",", "").replace("٬", "")
        try:
            number = int(text) if integer else float(text)
        except ValueError:
            self.add(sheet, row, column, f"«{value}» {'عدد صحیح' if integer else 'عدد'} نیست.")
            return None
        if integer and number < 0:
            self.add(sheet, row, column, "عدد نباید منفی باشد.")
            return None
        return number

    def email(self, sheet: S.Sheet, row: int, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.add(sheet, row, "email", f"رایانامه «{value}» نادرست است.")
        return value

    # ---- sheets ----------------------------------------------------------------------------------

    def counties_sheet(self, rows: Rows) -> None:
        sheet, seen = rows.sheet, dict[str, int]()
        for row, cells in rows.rows:
            name = cells.get("name", "")
            key = normalize(name)
            if not name:
                self.add(sheet, row, "name", "نام شهرستان خالی است.")
                continue
            if key in seen:
                self.add(sheet, row, "name", f"نام تکراری: «{name}» در ردیف {fa_int(seen[key])} هم آمده است.")
                continue
            seen[key] = row
            if key in self.counties:
                self.add(sheet, row, "name", f"شهرستان «{name}» پیش‌تر در استان ثبت شده است.")
                continue
            lat = self.number(sheet, row, "latitude", cells.get("latitude", ""), integer=False)
            lon = self.number(sheet, row, "longitude", cells.get("longitude", ""), integer=False)
            if lat is not None and not -90 <= lat <= 90:
                self.add(sheet, row, "latitude", "عرض جغرافیایی باید میان ۹۰- و ۹۰ باشد.")
            if lon is not None and not -180 <= lon <= 180:
                self.add(sheet, row, "longitude", "طول جغرافیایی باید میان ۱۸۰- و ۱۸۰ باشد.")
            self.plan.counties.append({"name": name, "latitude": lat, "longitude": lon})
        for county in self.plan.counties:  # known to the other sheets from here on
            self.counties[normalize(county["name"])] = county["name"]
            self.new_counties.add(normalize(county["name"]))

    def neighborhoods_sheet(self, rows: Rows) -> None:
        sheet, seen = rows.sheet, dict[tuple[str, str], int]()
        for row, cells in rows.rows:
            name = cells.get("name", "")
            county = self.county(sheet, row, cells.get("county", ""), required=True)
            if not name:
                self.add(sheet, row, "name", "نام محله خالی است.")
                continue
            if county is None:
                continue
            key = (county, normalize(name))
            if key in seen:
                self.add(sheet, row, "name", f"نام تکراری: محله «{name}» در ردیف {fa_int(seen[key])} هم آمده است.")
                continue
            seen[key] = row
            if key in self.hoods:
                self.add(sheet, row, "name", f"محله «{name}» پیش‌تر در شهرستان {self.counties[county]} ثبت شده است.")
                continue
            self.plan.neighborhoods.append({
                "name": name, "county": county, "city": cells.get("city", ""),
                "population": self.number(sheet, row, "population", cells.get("population", ""), integer=True),
                "households": self.number(sheet, row, "households", cells.get("households", ""), integer=True),
                "house_name": cells.get("house_name", ""), "house_address": cells.get("house_address", ""),
            })
        for hood in self.plan.neighborhoods:
            self.hoods[(hood["county"], normalize(hood["name"]))] = hood["name"]

    def agencies_sheet(self, rows: Rows) -> None:
        sheet, seen = rows.sheet, dict[tuple[str | None, str], int]()
        existing = {(normalize(c) if c else None, normalize(n)) for _pk, n, c in self.db_agencies}
        for row, cells in rows.rows:
            name = cells.get("name", "")
            if not name:
                self.add(sheet, row, "name", "نام دستگاه خالی است.")
                continue
            kind_text, level_text = cells.get("kind", ""), cells.get("level", "")
            kind = S.AGENCY_KINDS.get(kind_text, "government" if not kind_text else "")
            if not kind:
                self.add(sheet, row, "kind", f"نوع «{kind_text}» شناخته نیست؛ یکی از: {'، '.join(S.AGENCY_KINDS)}.")
            level = S.AGENCY_LEVELS.get(level_text, AgencyLevel.PROVINCE if not level_text else "")
            if not level:
                self.add(sheet, row, "level", f"سطح «{level_text}» شناخته نیست؛ استانی یا شهرستانی.")
            county = self.county(sheet, row, cells.get("county", ""), required=level == AgencyLevel.COUNTY)
            key = (county, normalize(name))
            if key in seen:
                self.add(sheet, row, "name", f"نام تکراری: دستگاه «{name}» در ردیف {fa_int(seen[key])} هم آمده است.")
                continue
            seen[key] = row
            if key in existing:
                self.add(sheet, row, "name", f"دستگاه «{name}» پیش‌تر در استان ثبت شده است.")
                continue
            aliases = [a.strip() for a in cells.get("aliases", "").replace(";", S.ALIAS_SEPARATOR).replace("\n", S.ALIAS_SEPARATOR).split(S.ALIAS_SEPARATOR) if a.strip()]
            self.plan.agencies.append({
                "name": name, "short_name": cells.get("short_name", ""), "kind": kind, "level": level, "county": county,
                "aliases": list(dict.fromkeys(aliases)), "email": self.email(sheet, row, cells.get("email", "")),
                "phone": cells.get("phone", ""), "_row": row,
            })
        for index, agency in enumerate(self.plan.agencies):
            for written in (agency["name"], *agency["aliases"]):
                ref = self.agency_names.get(name_key(written))
                if written != agency["name"] and ref is not None and ref != ("new", index):
                    self.add(sheet, agency["_row"], "aliases", f"نام دیگر «{written}» نام دستگاه دیگری است.")
                self._agency_name(written, ("new", index))

    def agency(self, sheet: S.Sheet, row: int, value: str) -> tuple[str, int] | None:
        key = name_key(value)
        if key in self.agency_names:
            ref = self.agency_names[key]
            if ref is None:
                self.add(sheet, row, "agency", f"نام «{value}» به بیش از یک دستگاه می‌خورد؛ نام رسمی را بنویسید.")
            return ref
        match = match_one(value, province=self.province)  # the minutes matcher: spelling variants of known agencies
        if match.agency_id is not None and match.method in ("exact", "alias", "group"):
            return ("db", match.agency_id)
        hint = f" نزدیک‌ترین نام: «{match.agency_name}»." if match.agency_name else suggest(value, self.agency_display)
        self.add(sheet, row, "agency", f"دستگاه «{value}» در استان {self.province.name} شناخته نیست." + hint)
        return None

    def users_sheet(self, rows: Rows) -> None:
        sheet = rows.sheet
        taken = {u.lower() for u in User.objects.values_list("username", flat=True)}
        username_ok = UnicodeUsernameValidator()
        for row, cells in rows.rows:
            username = cells.get("username", "")
            ok = True
            if not username:
                self.add(sheet, row, "username", "نام کاربری خالی است.")
                continue
            try:
                username_ok(username)
            except ValidationError:
                self.add(sheet, row, "username", f"نام کاربری «{username}» نادرست است؛ فقط حروف، رقم و @ . + - _.")
                ok = False
            if username.lower() in self.usernames:
                self.add(sheet, row, "username", f"نام کاربری تکراری: «{username}» در ردیف {fa_int(self.usernames[username.lower()])} هم آمده است.")
                continue
            self.usernames[username.lower()] = row
            if username.lower() in taken:
                self.add(sheet, row, "username", f"نام کاربری «{username}» پیش‌تر در سامانه ثبت شده است.")
                ok = False
            try:
                phone = clean_mobile(cells.get("phone", ""))
            except ValueError as exc:
                self.add(sheet, row, "phone", f"«{cells.get('phone')}»: {exc}")
                ok, phone = False, ""
            email = self.email(sheet, row, cells.get("email", ""))
            password = cells.get("password", "")
            person = User(username=username, first_name=cells.get("first_name", ""), last_name=cells.get("last_name", ""), email=email)
            if password and (problems := password_problems(password, person)):
                self.add(sheet, row, "password", " ".join(problems))
                ok = False
            scope = self.role_scope(sheet, row, cells)
            if ok and scope is not None:
                self.plan.users.append({"username": username, "first_name": person.first_name,
                                        "last_name": person.last_name, "phone": phone, "email": email,
                                        "password": password, **scope})

    def role_scope(self, sheet: S.Sheet, row: int, cells: dict[str, str]) -> dict[str, Any] | None:
        text = cells.get("role", "")
        role = S.ROLE_LABELS.get(text) or (text if text in S.ROLE_LABELS.values() else "")
        if not role:
            hint = " نقش ستاد ملی را فقط مدیر کل سامانه می‌دهد." if text in (Role.NATIONAL, str(Role.NATIONAL.label)) else ""
            self.add(sheet, row, "role", f"نقش «{text}» شناخته نیست؛ یکی از: {'، '.join(S.ROLE_LABELS)}." + hint)
            return None
        if role in (Role.SECRETARIAT, Role.GOVERNOR):
            return {"role": role, "scope": ("province", None)}
        if role == Role.COUNTY:
            county = self.county(sheet, row, cells.get("county", ""), required=True)
            return {"role": role, "scope": ("county", county)} if county else None
        if role in (Role.AGENCY, Role.PARTNER):
            if not cells.get("agency"):
                self.add(sheet, row, "agency", "برای این نقش، دستگاه لازم است.")
                return None
            agency = self.agency(sheet, row, cells["agency"])
            return {"role": role, "scope": ("agency", agency)} if agency else None
        hood = cells.get("neighborhood", "")
        if not hood:
            self.add(sheet, row, "neighborhood", "برای مدیر محله، محله لازم است.")
            return None
        county = self.county(sheet, row, cells.get("county", ""), required=False) if cells.get("county") else None
        if cells.get("county") and county is None:
            return None
        places = [k for k in self.hoods if k[1] == normalize(hood) and (county is None or k[0] == county)]
        if len(places) != 1:
            message = (f"محله «{hood}» در دو شهرستان هست؛ شهرستان را هم بنویسید." if places else
                       f"محله «{hood}» در استان {self.province.name} نیست." + suggest(hood, list(self.hoods.values())))
            self.add(sheet, row, "neighborhood", message)
            return None
        return {"role": role, "scope": ("neighborhood", places[0])}


def check(province: Province, sheets: list[Rows], problems: list[Problem]) -> Plan:
    """The plan of a workbook read by ``workbooks.read``; raises ``OnboardingRejected`` with every problem."""
    checker = Checker(province)
    checker.problems.extend(problems)
    for rows in sheets:
        getattr(checker, f"{rows.sheet.kind}_sheet")(rows)
    if checker.problems:
        raise OnboardingRejected(checker.problems)
    if not any(checker.plan.counts().values()):
        raise DomainError("کارنامه هیچ ردیف داده‌ای ندارد.")
    return checker.plan
