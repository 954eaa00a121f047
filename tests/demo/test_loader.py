"""The demo loader: idempotent, complete, audited, all-or-nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.agencies.models import Agency, AgencyAlias, AgencyGroup, ServiceAxis
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.demo import loader
from mahalleh.demo.loader import DEMO_PASSWORD, load_demo
from mahalleh.meetings.models import Body, BodyMembership
from mahalleh.places.models import County, Neighborhood, NeighborhoodContact, Province

MODELS = [
    ServiceAxis,
    Province,
    County,
    Neighborhood,
    NeighborhoodContact,
    Agency,
    AgencyAlias,
    AgencyGroup,
    Body,
    BodyMembership,
    User,
    RoleAssignment,
    AuditEntry,
]


@pytest.fixture(scope="module")
def first_load(django_db_setup, django_db_blocker):
    """One load for the module (it takes seconds), rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        counts = load_demo(with_meetings=False)
        yield counts
        transaction.set_rollback(True)


@pytest.fixture
def loaded(first_load, db):
    return first_load


def _snapshot():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_loading_twice_changes_nothing(loaded):
    before = _snapshot()
    again = load_demo(with_meetings=False)
    assert (again["created"], again["updated"]) == (0, 0)
    assert _snapshot() == before  # no duplicates and not one audit row more
    assert {k: v for k, v in again.items() if k not in ("created", "updated")} == {
        k: v for k, v in loaded.items() if k not in ("created", "updated")
    }


def test_alborz_has_its_seven_counties_and_66_target_neighborhoods(loaded):
    alborz = Province.objects.get(code="alborz")
    assert loaded["target_neighborhoods_alborz"] == 66
    assert Neighborhood.objects.filter(county__province=alborz, is_target=True).count() == 66
    assert set(alborz.counties.values_list("name", flat=True)) == {
        "کرج",
        "فردیس",
        "نظرآباد",
        "ساوجبلاغ",
        "اشتهارد",
        "طالقان",
        "چهارباغ",
    }
    for county, name in (("کرج", "حصار"), ("چهارباغ", "قائمیه"), ("کرج", "سهرابیه")):
        hood = Neighborhood.objects.get(county__province=alborz, county__name=county, name=name)
        assert (
            hood.is_demo
            and hood.population
            and hood.latitude
            and hood.contacts.filter(kind="manager").exists()
        )
    ranks = list(Neighborhood.objects.filter(county__province=alborz).values_list("priority_rank", flat=True))
    assert sorted(ranks) == list(range(1, 67))
    phones = NeighborhoodContact.objects.values_list("phone", flat=True)
    assert all(p.startswith("0912000") and len(p) == 11 for p in phones)
    shemiranat = Neighborhood.objects.filter(county__name="شمیرانات").values_list("name", flat=True)
    assert set(shemiranat) == {"چیذر", "قیطریه", "دربند"}


def test_registry_axes_groups_and_bodies(loaded):
    alborz = Province.objects.get(code="alborz")
    assert ServiceAxis.objects.count() == 7
    assert 60 <= Agency.objects.filter(province=alborz).count() <= 100
    water = Agency.objects.get(province=alborz, name="اداره کل آب و فاضلاب استان البرز")
    assert "آبفای استان" in set(water.aliases.values_list("name", flat=True))
    branch = Agency.objects.get(name="اداره ورزش و جوانان شهرستان کرج")
    assert (branch.level, branch.county.name, branch.parent.name) == (
        "county",
        "کرج",
        "اداره کل ورزش و جوانان استان البرز",
    )
    governors = AgencyGroup.objects.get(province=alborz, name="فرمانداران محترم تابعه")
    assert governors.members.count() == 7 and not governors.members.exclude(kind="governorate").exists()
    assert not AgencyGroup.objects.get(province=alborz, name="ادارات عضو کارگروه").members.exists()
    hq = Body.objects.get(province=alborz, kind=Body.Kind.PROVINCIAL_HQ)
    assert (hq.name, hq.cadence, hq.secretariat.name) == (
        "قرارگاه اجتماعی استان البرز",
        "weekly",
        "اداره کل امور اجتماعی و فرهنگی استانداری",
    )
    assert hq.members.filter(name="اداره کل ورزش و جوانان استان البرز").exists()
    group = Body.objects.get(province=alborz, kind=Body.Kind.WORKING_GROUP)
    assert group.parent == hq and group.name == "کارگروه فرهنگی، اجتماعی، سلامت، زنان و خانواده استان"
    assert Body.objects.filter(province=alborz, kind=Body.Kind.COUNTY_HQ).count() == 7
    assert Body.objects.filter(county__name="شمیرانات", kind=Body.Kind.COUNTY_HQ).exists()


def test_every_role_has_a_demo_user_who_can_log_in(loaded):
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD), user.username
    assert User.objects.get(username="admin").is_superuser
    focal = RoleAssignment.objects.filter(role=Role.AGENCY).values_list("agency__name", flat=True)
    assert set(focal) == {"اداره کل ورزش و جوانان استان البرز", "شهرداری کرج"}
    hesar = RoleAssignment.objects.get(role=Role.NEIGHBORHOOD)
    assert hesar.neighborhood.name == "حصار"
    assert RoleAssignment.objects.get(role=Role.COUNTY).county.name == "کرج"


def test_the_load_is_audited_as_demo_load(loaded):
    audited = AuditEntry.objects.filter(request_id="demo-load", action="create")
    assert audited.count() >= loaded["agencies"] + loaded["neighborhoods"]
    assert audited.filter(object_repr="اداره کل آب و فاضلاب استان البرز").exists()
    assert not audited.filter(after__has_key="password").exists()


def test_meetings_come_from_the_seed_import_only_when_asked(loaded, monkeypatch):
    calls = []
    monkeypatch.setattr(loader, "import_seed_meetings", lambda: calls.append(1) or 5)
    assert load_demo(with_meetings=True)["meetings"] == 5 and calls == [1]
    assert "meetings" not in load_demo(with_meetings=False) and calls == [1]


def test_commands_print_the_counts_and_the_logins(loaded):
    out = StringIO()
    call_command("load_demo", "--without-meetings", "--skip-checks", stdout=out)
    assert "(created): 0" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    out = StringIO()
    call_command("demo_logins", "--skip-checks", stdout=out)
    text = out.getvalue()
    for username in (
        "admin",
        "secretariat",
        "governor",
        "karaj",
        "varzesh",
        "shahrdari-karaj",
        "hesar",
        "national",
        "partner",
    ):
        assert f"\n{username} " in text
    assert "حصار" in text and "neighborhood_manager" in text


def test_every_category_is_routed_in_every_demo_county_and_hesar_has_its_desk_problems(loaded):
    from mahalleh.places.models import County
    from mahalleh.problems.models import Category, Problem
    from mahalleh.problems.services import route

    categories = list(Category.objects.all())
    assert len(categories) >= 10
    for county in County.objects.select_related("province"):
        hood = county.neighborhoods.first()
        if hood is None:
            continue
        unrouted = [c.code for c in categories if route(hood, c) is None]
        assert not unrouted, (county.name, unrouted)
    karaj = County.objects.get(province__code="alborz", name="کرج").neighborhoods.first()
    assert route(karaj, Category.objects.get(code="lighting")).name == "شهرداری کرج"  # the county's own rule
    hesar = Problem.objects.filter(neighborhood__name="حصار")
    assert sorted(hesar.values_list("category__code", flat=True)) == [
        "construction_debris", "leisure_house", "lighting", "sewage", "sports_hall"]
    assert all(p.agency_id is not None and p.tracking_code for p in hesar)
