"""Load the demo data: axes, places, the agency registry, bodies and one login per role.

The data lives in JSON next to the apps it belongs to (``agencies/data``, ``places/data``,
``demo/data``). Loading is idempotent: a row is created when missing, saved only when a field
differs, and many-to-many links are only ever added, so a second run writes nothing (and no audit
rows). Everything runs in one transaction as the "demo-load" actor so the audit log shows the load.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.agencies.models import Agency, AgencyAlias, AgencyGroup, AgencyKind, AgencyLevel, ServiceAxis
from mahalleh.core.actors import Actor
from mahalleh.core.context import acting_as
from mahalleh.core.roles import Role
from mahalleh.core.services import NotAllowed
from mahalleh.meetings.models import Body, BodyMembership
from mahalleh.places.models import City, County, Neighborhood, NeighborhoodContact, Province
from mahalleh.problems.seeding import seed_categories, seed_demo_problems, seed_demo_routing
from mahalleh.reports.seeding import seed_demo_monthly_reports

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import ManyRelatedManager

PACKAGE = Path(__file__).resolve().parent.parent
AXES_FILE = PACKAGE / "agencies" / "data" / "axes.json"
PLACES_FILES = [PACKAGE / "places" / "data" / "alborz.json", PACKAGE / "places" / "data" / "tehran.json"]
AGENCY_FILES = [
    PACKAGE / "agencies" / "data" / "alborz_agencies.json",
    PACKAGE / "agencies" / "data" / "tehran_agencies.json",
]
BODIES_FILE = PACKAGE / "demo" / "data" / "bodies.json"

DEMO_PASSWORD = "mahalleh-demo"
REQUEST_ID = "demo-load"


class DemoDataError(Exception):
    """The demo data files are inconsistent; the message is Persian and names the culprit."""


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role | None  # None: the superuser
    province: str = ""  # province code
    county: str = ""
    agency: str = ""
    neighborhood: str = ""


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "مدیر", "سامانه", None),
    DemoUser("secretariat", "کارشناس", "دبیرخانه", Role.SECRETARIAT, province="alborz"),
    DemoUser("governor", "معاون", "استاندار", Role.GOVERNOR, province="alborz"),
    DemoUser("karaj", "کارشناس", "فرمانداری کرج", Role.COUNTY, province="alborz", county="کرج"),
    DemoUser(
        "varzesh",
        "رابط",
        "ورزش و جوانان",
        Role.AGENCY,
        province="alborz",
        agency="اداره کل ورزش و جوانان استان البرز",
    ),
    DemoUser("shahrdari-karaj", "رابط", "شهرداری کرج", Role.AGENCY, province="alborz", agency="شهرداری کرج"),
    DemoUser(
        "hesar", "مدیر", "محله حصار", Role.NEIGHBORHOOD, province="alborz", county="کرج", neighborhood="حصار"
    ),
    DemoUser("national", "کارشناس", "ستاد ملی", Role.NATIONAL),
    DemoUser(
        "partner",
        "نماینده",
        "گروه‌های جهادی",
        Role.PARTNER,
        province="alborz",
        agency="گروه‌های جهادی استان البرز",
    ),
)


@dataclass
class _Tally:
    created: int = 0
    updated: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DemoDataError(f"پرونده داده نمایشی پیدا نشد: {path}") from exc
    except json.JSONDecodeError as exc:
        raise DemoDataError(f"پرونده داده نمایشی {path.name} JSON معتبر نیست (سطر {exc.lineno}).") from exc


_M = TypeVar("_M", bound=models.Model)


def _upsert(
    model: type[_M], tally: _Tally, lookup: dict[str, Any], values: dict[str, Any] | None = None
) -> _M:
    """Get the row matching ``lookup`` and bring ``values`` up to date, saving only on a real change."""
    values = values or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        tally.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        tally.updated += 1
    return obj


def _add_links(manager: ManyRelatedManager[Any, Any], ids: set[int], tally: _Tally) -> None:
    """Add the missing many-to-many links; adding none would still fire signals (and audit rows)."""
    missing = ids - set(manager.values_list("pk", flat=True))
    if missing:
        manager.add(*sorted(missing))
        tally.updated += 1


def _load_axes(tally: _Tally) -> dict[str, ServiceAxis]:
    axes = {}
    for row in _read(AXES_FILE):
        axes[row["code"]] = _upsert(
            ServiceAxis, tally, {"code": row["code"]}, {"name": row["name"], "order": row["order"]}
        )
    tally.count("axes", len(axes))
    return axes


def _load_places(path: Path, tally: _Tally) -> Province:
    data = _read(path)
    province = _upsert(
        Province, tally, {"code": data["province"]["code"]}, {"name": data["province"]["name"]}
    )
    tally.count("provinces")
    counties: dict[str, County] = {}
    cities: dict[tuple[str, str], City] = {}
    for row in data["counties"]:
        county = _upsert(
            County,
            tally,
            {"province": province, "name": row["name"]},
            {"latitude": row["latitude"], "longitude": row["longitude"]},
        )
        counties[row["name"]] = county
        tally.count("counties")
        for city_name in row.get("cities", []):
            cities[(row["name"], city_name)] = _upsert(City, tally, {"county": county, "name": city_name})
            tally.count("cities")
    for row in data["neighborhoods"]:
        hood_county = counties.get(row["county"])
        if hood_county is None:
            raise DemoDataError(
                f"شهرستان «{row['county']}» محله «{row['name']}» در فهرست شهرستان‌های {path.name} نیست."
            )
        city = cities.get((row["county"], row.get("city", "")))
        hood = _upsert(
            Neighborhood,
            tally,
            {"county": hood_county, "name": row["name"]},
            {
                "city": city,
                "population": row.get("population"),
                "households": row.get("households"),
                "latitude": row.get("latitude"),
                "longitude": row.get("longitude"),
                "is_target": row.get("is_target", False),
                "target_since": datetime.date.fromisoformat(row["target_since"])
                if row.get("target_since")
                else None,
                "priority_rank": row.get("priority_rank"),
                "is_demo": row.get("is_demo", True),
                "house_name": row.get("house_name", ""),
                "facilitation_office": row.get("facilitation_office", ""),
            },
        )
        tally.count("neighborhoods")
        if hood.is_target:
            tally.count(f"target_neighborhoods_{province.code}")
        for contact in row.get("contacts", []):
            _upsert(
                NeighborhoodContact,
                tally,
                {"neighborhood": hood, "kind": contact["kind"], "full_name": contact["full_name"]},
                {"phone": contact.get("phone", ""), "alley": contact.get("alley", "")},
            )
            tally.count("contacts")
    return province


def _load_agencies(path: Path, axes: dict[str, ServiceAxis], tally: _Tally) -> dict[str, Agency]:
    data = _read(path)
    province = Province.objects.filter(code=data["province"]).first()
    if province is None:
        raise DemoDataError(f"استان «{data['province']}» دستگاه‌های {path.name} هنوز بارگذاری نشده است.")
    counties = {c.name: c for c in province.counties.all()}
    agencies: dict[str, Agency] = {}
    for row in data["agencies"]:
        if row["kind"] not in AgencyKind.values or row["level"] not in AgencyLevel.values:
            raise DemoDataError(f"نوع یا سطح دستگاه «{row['name']}» نامعتبر است.")
        county = counties.get(row["county"]) if row.get("county") else None
        if row.get("county") and county is None:
            raise DemoDataError(f"شهرستان «{row['county']}» دستگاه «{row['name']}» در استان {province} نیست.")
        agency = _upsert(
            Agency,
            tally,
            {"province": province, "county": county, "name": row["name"]},
            {
                "kind": row["kind"],
                "level": row["level"],
                "short_name": row.get("short_name", ""),
            },
        )
        agencies[row["name"]] = agency
        try:
            _add_links(agency.axes, {axes[code].pk for code in row.get("axes", [])}, tally)
        except KeyError as exc:
            raise DemoDataError(f"محور «{exc.args[0]}» دستگاه «{row['name']}» تعریف نشده است.") from exc
        for alias in row.get("aliases", []):
            if alias != row["name"]:
                _upsert(AgencyAlias, tally, {"agency": agency, "name": alias})
                tally.count("aliases")
    tally.count("agencies", len(agencies))
    for row in data["agencies"]:  # parents may come later in the file than their branches
        if row.get("parent"):
            parent = agencies.get(row["parent"])
            if parent is None:
                raise DemoDataError(f"دستگاه مادر «{row['parent']}» برای «{row['name']}» در فهرست نیست.")
            _upsert(Agency, tally, {"pk": agencies[row["name"]].pk}, {"parent": parent})
    for row in data["groups"]:
        group = _upsert(AgencyGroup, tally, {"province": province, "name": row["name"]})
        _add_links(group.members, _group_members(row["members"], agencies), tally)
        tally.count("groups")
    return agencies


def _group_members(rule: Any, agencies: dict[str, Agency]) -> set[int]:
    """The members a group rule names: "body" (none: the body's own members), a list of names, or a filter."""
    if rule == "body":
        return set()
    if isinstance(rule, list):
        missing = [name for name in rule if name not in agencies]
        if missing:
            raise DemoDataError(f"دستگاه‌های «{'، '.join(missing)}» عضو گروه در فهرست نیستند.")
        return {agencies[name].pk for name in rule}
    ids = {
        a.pk
        for a in agencies.values()
        if a.kind in rule.get("kind", AgencyKind.values) and a.level in rule.get("level", AgencyLevel.values)
    }
    return ids | {agencies[name].pk for name in rule.get("also", []) if name in agencies}


def _load_bodies(agencies: dict[str, dict[str, Agency]], tally: _Tally) -> None:
    bodies: dict[tuple[str, str], Body] = {}
    for row in _read(BODIES_FILE):
        code = row["province"]
        province = Province.objects.get(code=code)
        registry = agencies[code]

        def agency(name: str, body_name: str = row["name"], registry: dict[str, Agency] = registry) -> Agency:
            if name not in registry:
                raise DemoDataError(f"دستگاه «{name}» در نهاد «{body_name}» در فهرست دستگاه‌ها نیست.")
            return registry[name]

        body = _upsert(
            Body,
            tally,
            {"province": province, "name": row["name"]},
            {
                "kind": row["kind"],
                "county": province.counties.get(name=row["county"]) if row.get("county") else None,
                "parent": bodies[(code, row["parent"])] if row.get("parent") else None,
                "chair_title": row.get("chair_title", ""),
                "secretariat": agency(row["secretariat"]) if row.get("secretariat") else None,
                "cadence": row.get("cadence", Body.Cadence.AD_HOC),
            },
        )
        bodies[(code, row["name"])] = body
        tally.count("bodies")
        for role, key in ((BodyMembership.Role.MEMBER, "members"), (BodyMembership.Role.INVITEE, "invitees")):
            for name in row.get(key, []):
                _upsert(BodyMembership, tally, {"body": body, "agency": agency(name)}, {"role": role})
                tally.count("memberships")


def _load_users(tally: _Tally) -> None:
    # One hash for all: the password is the same and hashing is deliberately slow (~0.3 s each).
    password_hash = ""
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                is_staff=spec.role is None,
                is_superuser=spec.role is None,
            )
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            user.save()
            tally.created += 1
        tally.count("users")
        if spec.role is None:
            continue
        province = Province.objects.get(code=spec.province) if spec.province else None
        scope: dict[str, Any] = {"province": None, "county": None, "agency": None, "neighborhood": None}
        if spec.role in (Role.SECRETARIAT, Role.GOVERNOR):
            scope["province"] = province
        elif spec.role == Role.COUNTY:
            scope["county"] = County.objects.get(province=province, name=spec.county)
        elif spec.role in (Role.AGENCY, Role.PARTNER):
            scope["agency"] = Agency.objects.get(province=province, name=spec.agency)
        elif spec.role == Role.NEIGHBORHOOD:
            scope["neighborhood"] = Neighborhood.objects.get(
                county__province=province, county__name=spec.county, name=spec.neighborhood
            )
        _upsert(RoleAssignment, tally, {"user": user, "role": spec.role, **scope})


SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
# Which province's registry each seed is read against; the rest are Alborz.
SEED_PROVINCE = {"004_shemiranat_news.txt": "tehran"}


def import_seed_meetings() -> int:
    """Build the demo's meetings the way a province would: import each seed document through the
    minutes importer and confirm its draft as the secretariat would. A seed without a date (the news
    report, seed 004) stays a draft for the review screen. Returns the number of meetings made;
    a second run finds every document already imported and makes none.
    """
    from mahalleh.accounts.models import User
    from mahalleh.minutes.importing import import_confirm, import_document
    from mahalleh.minutes.models import MinutesImport

    admin = User.objects.filter(username="admin").first()
    made = 0
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        province = Province.objects.get(code=SEED_PROVINCE.get(path.name, "alborz"))
        outcome = import_document(data=path.read_bytes(), filename=path.name, province=province, actor=admin)
        draft = outcome.draft
        header = draft.data["header"]
        if draft.status != MinutesImport.Status.DRAFT or not header.get("date") or not header.get("body_id"):
            continue
        if admin is None:  # nobody may confirm, as the service would answer
            raise NotAllowed()
        import_confirm(draft=draft, data=draft.data, actor=admin)
        made += 1
    return made


def _load_problems(actor: Actor | None) -> int:
    """Seed 003's Hesar desk problems, recorded by the load's actor, else by Hesar's neighborhood
    manager as at the desk (the intake needs someone who records for that neighborhood)."""
    from mahalleh.accounts.models import User

    recorder = actor or User.objects.filter(username="hesar").first()
    return seed_demo_problems(recorder) if recorder is not None else 0


def load_demo(*, with_meetings: bool = True, actor: Actor | None = None) -> dict[str, int]:
    """Load (or bring up to date) every demo record; returns the number of records of each kind and
    ``created`` / ``updated`` (both 0 on a second run)."""
    tally = _Tally()
    with acting_as(actor, REQUEST_ID), transaction.atomic():
        axes = _load_axes(tally)
        for path in PLACES_FILES:
            _load_places(path, tally)
        agencies: dict[str, dict[str, Agency]] = {}
        for path in AGENCY_FILES:
            agencies[_read(path)["province"]] = _load_agencies(path, axes, tally)
        _load_bodies(agencies, tally)
        tally.count("problem_categories", len(seed_categories()))  # issue 10
        tally.count("problem_routes", seed_demo_routing())
        _load_users(tally)
        if with_meetings:
            tally.count("meetings", import_seed_meetings())
        tally.count("problems", _load_problems(actor))
        if with_meetings:  # issue 11: seed 003's desks and campaign (they name its resolutions)
            from mahalleh.desks.seeding import seed_demo_desks

            tally.count("desks_and_campaigns", seed_demo_desks())
        # issue 12 (lists, indicators): Hesar's lists, the indicator catalog and the target neighborhoods' values
        from mahalleh.places.seeding import seed_demo_lists
        from mahalleh.reports.seeding_indicators import seed_demo_indicators

        tally.count("neighborhood_lists", seed_demo_lists())
        tally.count("indicator_values", seed_demo_indicators())
        tally.count("monthly_reports", seed_demo_monthly_reports())  # issue 12 (monthly reports)
        from mahalleh.reports.seeding_matching import seed_demo_matching  # issue 12, item 5

        tally.count("capacities_and_needs", seed_demo_matching())
    return {**tally.counts, "created": tally.created, "updated": tally.updated}
