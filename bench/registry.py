"""The small tables: places, axes, agencies, bodies, users. Written with ``bulk_create`` (no audit, no signals)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from bench.names import AXES, PROVINCES, PROVINCIAL_AGENCIES, WORKING_GROUPS
from bench.plan import Plan
from mahalleh.core.text import normalize, to_persian_digits

BENCH_PASSWORD = "bench-pass-1234"  # every generated user; a benchmark database only


@dataclass
class BodyInfo:
    id: int
    province_id: int
    kind: str
    members: list[int]
    weight: float
    hoods: list[str]


@dataclass
class World:
    """What the activity generator needs to know about the registry it writes against."""

    province_ids: list[int] = field(default_factory=list)
    bodies: list[BodyInfo] = field(default_factory=list)
    agency_short: dict[int, str] = field(default_factory=dict)
    agency_absence: dict[int, float] = field(default_factory=dict)  # how often each agency skips meetings
    focal_user: dict[int, int] = field(default_factory=dict)  # agency id -> its focal point's user id
    secretariat_user: dict[int, int] = field(default_factory=dict)  # province id -> a secretariat user id
    hood_ids_by_province: dict[int, list[int]] = field(default_factory=dict)
    axis_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` spread over ``parts`` as evenly as possible, the remainder on random parts."""
    base, extra = divmod(total, parts)
    sizes = [base] * parts
    for i in rng.sample(range(parts), extra):
        sizes[i] += 1
    return sizes


def build_registry(plan: Plan, rng: random.Random, log: Callable[[str], None]) -> World:
    from mahalleh.accounts.models import RoleAssignment, User
    from mahalleh.agencies.models import Agency, AgencyKind, AgencyLevel, ServiceAxis
    from mahalleh.core.roles import Role
    from mahalleh.meetings.models import Body, BodyMembership
    from mahalleh.places.models import County, Neighborhood, Province

    world = World()
    chosen = PROVINCES[: plan.provinces]
    provinces = Province.objects.bulk_create(
        [Province(name=name, code=code, name_normalized=normalize(name)) for code, name in chosen]
    )
    world.province_ids = [p.pk for p in provinces]

    counties: list[County] = []
    for province, n in zip(provinces, _split(plan.counties, len(provinces), rng), strict=True):
        for i in range(1, n + 1):
            name = f"شهرستان {to_persian_digits(i)} {province.name}"
            counties.append(County(province=province, name=name, name_normalized=normalize(name)))
    counties = County.objects.bulk_create(counties)
    counties_of: dict[int, list[County]] = {p.pk: [] for p in provinces}
    for c in counties:
        counties_of[c.province_id].append(c)

    hoods: list[Neighborhood] = []
    for i in range(plan.neighborhoods):
        county = counties[i % len(counties)] if i < len(counties) else rng.choice(counties)
        name = f"محله {to_persian_digits(i + 1)}"
        population = rng.randint(3000, 40000)
        hoods.append(Neighborhood(
            county=county, name=name, name_normalized=normalize(name), population=population,
            households=population * 10 // 34, is_target=True, latitude=27 + rng.random() * 11,
            longitude=45 + rng.random() * 16,
        ))
    hoods = Neighborhood.objects.bulk_create(hoods)
    hood_names: dict[int, list[str]] = {p.pk: [] for p in provinces}
    province_of_county = {c.pk: c.province_id for c in counties}
    for h in hoods:
        pid = province_of_county[h.county_id]
        hood_names[pid].append(h.name)
        world.hood_ids_by_province.setdefault(pid, []).append(h.pk)

    existing_axes = {a.code: a for a in ServiceAxis.objects.all()}
    new_axes = [ServiceAxis(code=c, name=n, order=i) for i, (c, n) in enumerate(AXES) if c not in existing_axes]
    for a in ServiceAxis.objects.bulk_create(new_axes):
        existing_axes[a.code] = a
    axis_by_index = [existing_axes[c].pk for c, _ in AXES]
    world.axis_ids = axis_by_index

    # Agencies: per province one governorate, up to ten county governorates, directorates-general
    # and county branches of some of them.
    agencies: list[Agency] = []
    axes_of: list[tuple[int, ...]] = []
    roles: list[tuple[int, str, int | None]] = []  # (province id, role in province, county id) per agency
    for province, a_p in zip(provinces, _split(plan.agencies, len(provinces), rng), strict=True):
        cs = counties_of[province.pk]
        n_cg = min(10, len(cs), max(1, (a_p - 1) // 5))
        n_off = min(len(PROVINCIAL_AGENCIES), max(2, round((a_p - 1 - n_cg) * 0.72)))
        n_br = max(0, a_p - 1 - n_cg - n_off)

        def add(name: str, short: str, kind: str, level: str, county: County | None, axes: tuple[int, ...],
                role: str, province: Province = province) -> None:
            agencies.append(Agency(
                name=name, short_name=short, kind=kind, level=level, province=province, county=county,
                name_normalized=normalize(name),
            ))
            axes_of.append(axes)
            roles.append((province.pk, role, county.pk if county else None))

        add(f"استانداری {province.name}", "استانداری", AgencyKind.GOVERNORATE, AgencyLevel.PROVINCE, None, (),
            "governorate")
        for c in cs[:n_cg]:
            add(f"فرمانداری {c.name}", "فرمانداری", AgencyKind.GOVERNORATE, AgencyLevel.COUNTY, c, (), "county_gov")
        for name, short, kind, axes in PROVINCIAL_AGENCIES[:n_off]:
            add(f"{name} استان {province.name}", short, kind, AgencyLevel.PROVINCE, None, axes, "office")
        pairs = [(o, c) for o in range(n_off) for c in cs]
        for o, c in rng.sample(pairs, min(n_br, len(pairs))):
            name, short, kind, axes = PROVINCIAL_AGENCIES[o]
            add(f"{name} شهرستان {c.name}", short, kind, AgencyLevel.COUNTY, c, axes, "branch")
    agencies = Agency.objects.bulk_create(agencies)
    Through = Agency.axes.through
    Through.objects.bulk_create([
        Through(agency_id=a.pk, serviceaxis_id=axis_by_index[i]) for a, axes in zip(agencies, axes_of, strict=True)
        for i in axes
    ])
    for a in agencies:
        world.agency_short[a.pk] = a.short_name
        world.agency_absence[a.pk] = rng.choice((0.04, 0.08, 0.12, 0.2, 0.35))

    # Bodies and their members.
    by_role: dict[tuple[int, str], list[tuple[int, int | None]]] = {}
    for a, (pid, role, cid) in zip(agencies, roles, strict=True):
        by_role.setdefault((pid, role), []).append((a.pk, cid))
    body_rows: list[tuple[Body, list[int], float]] = []
    for province in provinces:
        pid = province.pk
        gov = by_role[(pid, "governorate")][0][0]
        county_govs = by_role.get((pid, "county_gov"), [])
        offices = [a for a, _ in by_role.get((pid, "office"), [])]
        branches = by_role.get((pid, "branch"), [])
        hq = Body(province=province, name=f"قرارگاه اجتماعی استان {province.name}", kind=Body.Kind.PROVINCIAL_HQ,
                  cadence=Body.Cadence.WEEKLY, chair_title=f"استاندار {province.name}", secretariat_id=gov)
        body_rows.append((hq, [gov, *(a for a, _ in county_govs), *offices], 3.0))
        for name in WORKING_GROUPS[: 4 if len(offices) >= 30 else 1]:
            wg = Body(province=province, name=name, kind=Body.Kind.WORKING_GROUP, cadence=Body.Cadence.MONTHLY,
                      chair_title="معاون سیاسی، امنیتی و اجتماعی استاندار", secretariat_id=gov)
            body_rows.append((wg, [gov, *rng.sample(offices, min(19, len(offices)))], 1.5))
        county_name = {c.pk: c.name for c in counties_of[pid]}
        for cg, cid in county_govs:
            local = [a for a, c in branches if c == cid]
            extra = rng.sample(offices, max(0, min(19 - len(local), len(offices))))
            ch = Body(province=province, county_id=cid, name=f"قرارگاه اجتماعی {county_name[cid]}",
                      kind=Body.Kind.COUNTY_HQ, cadence=Body.Cadence.BIWEEKLY, chair_title="فرماندار",
                      secretariat_id=cg)
            body_rows.append((ch, [cg, *local, *extra], 1.0))
    saved = Body.objects.bulk_create([b for b, _, _ in body_rows])
    hq_of = {b.province_id: b.pk for b in saved if b.kind == Body.Kind.PROVINCIAL_HQ}
    for b in saved:
        if b.kind != Body.Kind.PROVINCIAL_HQ:
            b.parent_id = hq_of[b.province_id]
    Body.objects.bulk_update([b for b in saved if b.parent_id], ["parent"])
    BodyMembership.objects.bulk_create([
        BodyMembership(body_id=b.pk, agency_id=a) for b, (_, members, _) in zip(saved, body_rows, strict=True)
        for a in members
    ])
    for b, (_, members, weight) in zip(saved, body_rows, strict=True):
        world.bodies.append(BodyInfo(b.pk, b.province_id, b.kind, members, weight, hood_names[b.province_id]))

    # Users: one focal point per agency, a few secretariat staff per province; one shared password hash.
    password = make_password(BENCH_PASSWORD)
    users = [User(username=f"bench-focal-{a.pk}", first_name="کارشناس رابط", last_name=a.short_name, password=password)
             for a in agencies]
    code_of = {p.pk: p.code for p in provinces}
    for p in provinces:
        users += [User(username=f"bench-sec-{code_of[p.pk]}-{i}", first_name="کارشناس دبیرخانه", last_name=p.name,
                       password=password) for i in range(1, plan.secretariat_per_province + 1)]
    users = User.objects.bulk_create(users)
    assignments: list[RoleAssignment] = []
    for a, u in zip(agencies, users, strict=False):
        assignments.append(RoleAssignment(user=u, role=Role.AGENCY, agency=a))
        world.focal_user[a.pk] = u.pk
    sec_users = users[len(agencies):]
    for i, u in enumerate(sec_users):
        p = provinces[i // plan.secretariat_per_province]
        assignments.append(RoleAssignment(user=u, role=Role.SECRETARIAT, province=p))
        world.secretariat_user.setdefault(p.pk, u.pk)
    RoleAssignment.objects.bulk_create(assignments)

    world.counts.update(provinces=len(provinces), counties=len(counties), neighborhoods=len(hoods),
                        agencies=len(agencies), bodies=len(saved), users=len(users))
    log(f"registry: {len(provinces)} provinces, {len(counties)} counties, {len(hoods)} neighborhoods, "
        f"{len(agencies)} agencies, {len(saved)} bodies, {len(users)} users")
    return world
