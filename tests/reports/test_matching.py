"""Capacities matched to needs (issue 12, item 5): the solver, the gap table, the adoption, bad input."""

from __future__ import annotations

import itertools
import random
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from mahalleh.agencies.models import AgencyService, Allocation, Service, ServiceAxis, ServiceNeed
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.core.services import DomainError, NotAllowed
from mahalleh.core.text import to_latin_digits
from mahalleh.problems.codes import generate as generate_code
from mahalleh.problems.models import Category, Problem, Status
from mahalleh.reports.allocation import CapacityIn, NeedIn, suggest, weight
from mahalleh.reports.matching import PlanPeriod, gap_table, suggest_for
from mahalleh.reports.services_matching import CHANGED, suggestion_adopt
from tests.factories import AgencyFactory, NeighborhoodFactory, user_with_role

# ---- the solver, on plain data ------------------------------------------------------------------------


def need(hood: int, county: int, amount: int, rank: int | None, service: int = 1) -> NeedIn:
    return NeedIn(hood, f"محله {hood}", county, f"شهرستان {county}", service, "سالن ورزشی", amount, rank)


def brute_force(caps: list[CapacityIn], needs: list[NeedIn]) -> int:
    """The best objective by trying every whole allocation (tiny cases only): the solver's, independently."""
    worst = max((n.priority_rank or 0 for n in needs), default=0)
    scale = len(needs) + 1
    arcs = [(c, n) for c in caps for n in needs if c.service == n.service and n.county in c.counties]
    best = 0
    for amounts in itertools.product(*(range(min(c.amount, n.amount) + 1) for c, n in arcs)):
        used = {c.key: 0 for c in caps}
        got = {id(n): 0 for n in needs}
        for (c, n), q in zip(arcs, amounts, strict=True):
            used[c.key] += q
            got[id(n)] += q
        if any(used[c.key] > c.amount for c in caps) or any(got[id(n)] > n.amount for n in needs):
            continue
        value = sum(scale * weight(n.priority_rank, worst) * got[id(n)] + (got[id(n)] > 0) for n in needs)
        best = max(best, value)
    return best


def test_the_hand_checked_case():
    """County 1 has hoods 1 (rank 1, needs 6) and 3 (rank 3, needs 2); county 2 hood 2 (rank 2, needs 3);
    county 9 hood 4 (needs 2) that no agency covers. Agency X gives 5 in county 1, Y 4 in counties 1 and 2.
    Hood 2 can only be served by Y: 3 of Y to hood 2, Y's last unit and X's 5 to hood 1 (6 = all it needs),
    nothing left for hood 3. Weights 4, 3, 2: 4·6 + 3·3 = 33 beats any plan giving hood 3 anything (32)."""
    caps = [CapacityIn(1, "اداره ایکس", 1, frozenset({1}), 5), CapacityIn(2, "اداره ایگرگ", 1, frozenset({1, 2}), 4)]
    needs = [need(1, 1, 6, 1), need(2, 2, 3, 2), need(3, 1, 2, 3), need(4, 9, 2, None)]
    result = suggest(caps, needs)
    given = {(r.capacity, r.neighborhood): r.quantity for r in result.rows}
    assert given == {(1, 1): 5, (2, 1): 1, (2, 2): 3}
    assert result.status == "optimal"
    scale = len(needs) + 1
    assert result.objective == result.bound == 33 * scale + 2 == brute_force(caps, needs)
    assert result.met == 9 and result.asked == 13
    reasons = {u.neighborhood: u for u in result.unmet}
    assert set(reasons) == {3, 4}
    assert reasons[4].kind == "uncovered" and reasons[4].missing == 2
    assert "هیچ دستگاهی" in reasons[4].reason and "شهرستان 9" in reasons[4].reason
    assert reasons[3].kind == "exhausted" and reasons[3].missing == 2
    assert "اداره ایکس، اداره ایگرگ" in reasons[3].reason and "تمام شد" in reasons[3].reason
    assert [u.neighborhood for u in result.unmet] == [4, 3]  # uncovered first, then by priority


def test_spread_among_equal_needs():
    """Two unranked neighborhoods of equal need and 2 units: one each, not both to one."""
    caps = [CapacityIn(1, "اداره", 1, frozenset({1}), 2)]
    result = suggest(caps, [need(1, 1, 2, None), need(2, 1, 2, None)])
    assert sorted((r.neighborhood, r.quantity) for r in result.rows) == [(1, 1), (2, 1)]


def test_priority_wins_over_spread():
    caps = [CapacityIn(1, "اداره", 1, frozenset({1}), 2)]
    result = suggest(caps, [need(1, 1, 2, 2), need(2, 1, 2, 1)])
    assert [(r.neighborhood, r.quantity) for r in result.rows] == [(2, 2)]


def test_a_capacity_serves_only_its_own_service():
    caps = [CapacityIn(1, "اداره", 2, frozenset({1}), 5)]
    result = suggest(caps, [need(1, 1, 3, 1, service=1)])
    assert result.rows == [] and result.unmet[0].kind == "uncovered"


@pytest.mark.parametrize("seed", range(12))
def test_random_cases_keep_every_limit_and_match_brute_force(seed):
    rnd = random.Random(seed)
    caps = [CapacityIn(k, f"اداره {k}", rnd.choice([1, 2]), frozenset(rnd.sample([1, 2, 3], rnd.randint(1, 2))),
                       rnd.randint(0, 4)) for k in range(1, 4)]
    needs = [need(h, rnd.choice([1, 2, 3, 4]), rnd.randint(1, 3), rnd.choice([None, 1, 2, 3]), rnd.choice([1, 2]))
             for h in range(1, 5)]
    result = suggest(caps, needs)
    by_key = {c.key: c for c in caps}
    by_hood = {n.neighborhood: n for n in needs}
    for c in caps:
        assert sum(r.quantity for r in result.rows if r.capacity == c.key) <= c.amount
    for r in result.rows:
        n = by_hood[r.neighborhood]
        assert n.county in by_key[r.capacity].counties  # never outside the counties a service covers
        assert by_key[r.capacity].service == n.service
    for n in needs:
        got = sum(r.quantity for r in result.rows if r.neighborhood == n.neighborhood)
        missing = sum(u.missing for u in result.unmet if u.neighborhood == n.neighborhood)
        assert got + missing == n.amount
    assert result.objective == brute_force(caps, needs)


# ---- from the database: needs counted, the gap table, the suggestion and its adoption -------------------


@pytest.fixture
def world(province, county, other_county, secretariat):
    axis, _ = ServiceAxis.objects.get_or_create(code="sports_youth", defaults={"name": "ورزش و جوانان"})
    service = Service.objects.create(axis=axis, code="sports_space", name="سالن ورزشی", unit="space")
    category = Category.objects.create(axis=axis, code="sports_hall", name="سالن ورزشی", service=service)
    unmapped = Category.objects.create(axis=axis, code="sports_other", name="سایر ورزشی")
    hesar = NeighborhoodFactory(county=county, name="حصار", priority_rank=1)
    sohrab = NeighborhoodFactory(county=county, name="سهرابیه", priority_rank=2)
    far = NeighborhoodFactory(county=other_county, name="احمدآباد", priority_rank=3)
    agency = AgencyFactory(province=province, name="اداره کل ورزش")
    capacity = AgencyService.objects.create(agency=agency, service=service, capacity=3, period="year")
    capacity.counties.add(county)
    ServiceNeed.objects.create(neighborhood=hesar, service=service, quantity=2, source="baseline")
    ServiceNeed.objects.create(neighborhood=hesar, service=service, quantity=1, source="entered")
    ServiceNeed.objects.create(neighborhood=far, service=service, quantity=1, source="baseline")
    for status in (Status.NEW, Status.IN_PROGRESS, Status.FIXED):  # two open, one closed
        Problem.objects.create(neighborhood=sohrab, category=category, agency=agency, status=status,
                               description="نبود سالن", tracking_code=generate_code())
    Problem.objects.create(neighborhood=sohrab, category=unmapped, agency=agency, description="دیگر",
                           tracking_code=generate_code())
    return {"service": service, "hesar": hesar, "sohrab": sohrab, "far": far, "agency": agency, "capacity": capacity,
            "province": province, "secretariat": secretariat, "category": category}


YEAR = PlanPeriod(1405)


def lines(user, w, period=YEAR):
    return {(row.neighborhood.name, line.service.code): line for row in gap_table(user, w["province"], period)
            for line in row.lines}


def test_needs_are_baseline_entered_and_open_problems(world):
    table = lines(world["secretariat"], world)
    hesar, sohrab, far = table[("حصار", "sports_space")], table[("سهرابیه", "sports_space")], table[("احمدآباد", "sports_space")]
    assert (hesar.need.baseline, hesar.need.entered, hesar.need.counted, hesar.need.total) == (2, 1, 0, 3)
    assert (sohrab.need.baseline, sohrab.need.counted, sohrab.need.total) == (0, 2, 2)  # the closed one and the unmapped not
    assert far.need.total == 1
    assert all(line.allocated == 0 and line.gap == line.need.total for line in (hesar, sohrab, far))


def test_suggestion_adoption_and_the_gap_table(world):
    period = PlanPeriod(1405)
    suggestion = suggest_for(world["province"], period)
    # 3 units in county Karaj: Hesar (rank 1) needs 3, Sohrabieh 2; Ahmadabad's county is not covered.
    assert [(r.neighborhood_id, r.quantity) for r in suggestion.rows] == [(world["hesar"].pk, 3)]
    kinds = {u.neighborhood: u.kind for u in suggestion.result.unmet}
    assert kinds == {world["sohrab"].pk: "exhausted", world["far"].pk: "uncovered"}
    key = uuid.uuid4()
    batch = suggestion_adopt(province=world["province"], period=period, fingerprint=suggestion.fingerprint,
                             actor=world["secretariat"], idempotency_key=key)
    assert batch == key
    rows = list(Allocation.objects.values_list("neighborhood__name", "quantity", "batch", "adopted_by"))
    assert rows == [("حصار", 3, key, world["secretariat"].pk)]
    table = lines(world["secretariat"], world)
    assert (table[("حصار", "sports_space")].allocated, table[("حصار", "sports_space")].gap) == (3, 0)
    assert table[("سهرابیه", "sports_space")].gap == 2
    # the allocation of another period is another one
    assert lines(world["secretariat"], world, PlanPeriod(1406))[("حصار", "sports_space")].allocated == 0
    assert AuditEntry.objects.filter(event="allocation adopted").count() == 1


def test_adopting_again_replaces_and_the_same_form_twice_is_once(world):
    period = PlanPeriod(1405)
    first = suggest_for(world["province"], period)
    suggestion_adopt(province=world["province"], period=period, fingerprint=first.fingerprint,
                     actor=world["secretariat"], idempotency_key=uuid.uuid4())
    AgencyService.objects.filter(pk=world["capacity"].pk).update(capacity=5)  # 2 more: Sohrabieh gets them
    second = suggest_for(world["province"], period)
    assert second.fingerprint != first.fingerprint
    key = uuid.uuid4()
    for _ in range(2):
        suggestion_adopt(province=world["province"], period=period, fingerprint=second.fingerprint,
                         actor=world["secretariat"], idempotency_key=key)
    assert sorted(Allocation.objects.values_list("neighborhood__name", "quantity", "batch")) == [
        ("حصار", 3, key), ("سهرابیه", 2, key)]
    # a page shown before the change is refused, and nothing is replaced
    with pytest.raises(DomainError, match="تغییر کرده"):
        suggestion_adopt(province=world["province"], period=period, fingerprint=first.fingerprint,
                         actor=world["secretariat"], idempotency_key=uuid.uuid4())
    assert Allocation.objects.count() == 2


def test_only_the_secretariat_adopts(world, county):
    suggestion = suggest_for(world["province"], PlanPeriod(1405))
    for user in (user_with_role(Role.COUNTY, county=county), user_with_role(Role.AGENCY, agency=world["agency"]),
                 user_with_role(Role.GOVERNOR, province=world["province"])):
        with pytest.raises(NotAllowed):
            suggestion_adopt(province=world["province"], period=PlanPeriod(1405), fingerprint=suggestion.fingerprint,
                             actor=user, idempotency_key=uuid.uuid4())
    assert not Allocation.objects.exists()


def test_a_capacity_per_month_counts_over_the_season(world):
    AgencyService.objects.filter(pk=world["capacity"].pk).update(capacity=1, period="month")
    season = suggest_for(world["province"], PlanPeriod(1405, "season", 2)).rows
    assert sum(r.quantity for r in season) == 3  # 1 a month × 3 months
    year = suggest_for(world["province"], PlanPeriod(1405)).rows
    assert sum(r.quantity for r in year) == 5  # 12 a year, but the need is 3 + 2


# ---- the pages -----------------------------------------------------------------------------------------


def cells(html: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cell, text in re.findall(r'data-cell="(\w+)"[^>]*>([^<]*)<', html):
        out.setdefault(cell, []).append(text.strip())
    return out


def test_the_gap_page_links_each_number_to_its_rows(client, world):
    client.force_login(world["secretariat"])
    html = client.get(reverse("reports:gaps") + "?year=۱۴۰۵").content.decode()
    assert "جدول شکاف خدمات" in html
    found = cells(html)
    assert found["need"] == ["۳", "۲", "۱"]  # by priority: Hesar, Sohrabieh, Ahmadabad
    assert found["counted"] == ["۰", "۲", "۰"]
    # the counted link lists exactly the two open problems
    link = re.findall(r'href="([^"]+)" data-cell="counted"', html)[1].replace("&amp;", "&")
    page = client.get(link).content.decode()
    assert "۲ مورد" in page
    need_link = re.findall(r'href="([^"]+)" data-cell="stored"', html)[0].replace("&amp;", "&")
    assert client.get(need_link).status_code == 200


def test_the_gap_table_exports_the_pages_lines(client, world):
    """Excel (first sheet right to left) and CSV hold the page's lines, with the same needs in the same order."""
    import csv
    import io

    from openpyxl import load_workbook

    client.force_login(world["secretariat"])
    html = client.get(reverse("reports:gaps") + "?year=1405").content.decode()
    sheet = load_workbook(io.BytesIO(client.get(reverse("reports:gaps") + "?year=1405&export=xlsx").content)).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "محله" and rows[0][-1] == "شکاف"
    assert [str(r[7]) for r in rows[1:]] == [to_latin_digits(n) for n in cells(html)["need"]] == ["3", "2", "1"]
    text = client.get(reverse("reports:gaps") + "?year=1405&export=csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == len(rows)


def test_the_allocation_page_adopts_for_the_secretariat(client, world, county):
    url = reverse("reports:allocation") + "?year=1405"
    client.force_login(world["secretariat"])
    html = client.get(url).content.decode()
    assert "بهینه" in html and "هیچ دستگاهی خدمت «سالن ورزشی» را در شهرستان نظرآباد" in html
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', html))
    response = client.post(reverse("reports:allocation"), fields, follow=True)
    assert any("تصویب شد" in str(m) for m in response.context["messages"]), [str(m) for m in response.context["messages"]]
    assert any("تصویب شد" in str(m) for m in response.context["messages"])
    again = client.post(reverse("reports:allocation"), fields, follow=True)  # the same form resent
    assert not any(CHANGED in str(m) for m in again.context["messages"])
    assert Allocation.objects.count() == 1
    stale = client.post(reverse("reports:allocation"), fields | {"fingerprint": "x", "idempotency_key": str(uuid.uuid4())},
                        follow=True)
    assert any(CHANGED in str(m) for m in stale.context["messages"])
    # the county reads the suggestion but has no adopt button, and its POST is a 404
    client.force_login(user_with_role(Role.COUNTY, county=county))
    html = client.get(url).content.decode()
    assert "سهرابیه" in html
    assert 'data-testid="adopt"' not in html
    assert client.post(reverse("reports:allocation"), fields).status_code == 404
    # a neighborhood manager sees the rows of their neighborhood only
    client.force_login(user_with_role(Role.NEIGHBORHOOD, neighborhood=world["sohrab"]))
    html = client.get(url).content.decode()
    assert "سهرابیه" in html and "احمدآباد" not in html


def test_matching_pages_show_persian_digits(client, world):
    from tests.platform.test_persian_digits import latin_digits_in, visible_text

    client.force_login(world["secretariat"])
    for url in (reverse("reports:gaps"), reverse("reports:allocation"), reverse("reports:needs"),
                reverse("reports:allocations"), reverse("agencies:services"), reverse("agencies:service_create"),
                reverse("reports:need_create")):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode(), {world["secretariat"].username})
        assert not latin_digits_in(text), (url, latin_digits_in(text))


# ---- needs: bad input, nothing saved -----------------------------------------------------------------------


def need_form(client, **data):
    path = reverse("reports:need_create")
    html = client.get(path).content.decode()
    key = html.split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    return client.post(path, {"source": "baseline", "idempotency_key": key, **data})


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"quantity": "-3"}, "quantity", "نمی‌تواند منفی باشد"),
    ({"quantity": "0"}, "quantity", "بیشتر از صفر"),
    ({"quantity": "50000000"}, "quantity", "نامعقول است"),
    ({"quantity": "۲", "unit": "litre"}, "unit", "واحد «litre» شناخته نیست"),
    ({"quantity": "۲", "unit": "person"}, "unit", "با واحد «باب فضا» شمرده می‌شود"),
])
def test_a_bad_need_is_refused_with_its_field(client, world, data, field, message):
    client.force_login(world["secretariat"])
    before = ServiceNeed.objects.count()
    response = need_form(client, neighborhood=world["sohrab"].pk, service=world["service"].pk, **data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert ServiceNeed.objects.count() == before


def test_a_need_of_persons_above_the_population_is_refused(client, world):
    axis = world["service"].axis
    classes = Service.objects.create(axis=axis, code="sports_classes", name="کلاس ورزشی", unit="person")
    client.force_login(world["secretariat"])
    response = need_form(client, neighborhood=world["sohrab"].pk, service=classes.pk, quantity="20000")
    assert response.status_code == 400 and "از جمعیت محله سهرابیه" in " ".join(response.context["form"].errors["quantity"])
    ok = need_form(client, neighborhood=world["sohrab"].pk, service=classes.pk, quantity="۱۲۰", unit="person")
    assert ok.status_code == 302
    saved = ServiceNeed.objects.get(service=classes)
    assert saved.quantity == 120 and saved.recorded_by == world["secretariat"]


def test_a_neighborhood_manager_enters_needs_of_their_own_neighborhood_only(client, world):
    manager = user_with_role(Role.NEIGHBORHOOD, neighborhood=world["sohrab"])
    client.force_login(manager)
    refused = need_form(client, neighborhood=world["hesar"].pk, service=world["service"].pk, quantity="1")
    assert refused.status_code == 400 and "neighborhood" in refused.context["form"].errors
    assert need_form(client, neighborhood=world["sohrab"].pk, service=world["service"].pk, quantity="1").status_code == 302
    assert ServiceNeed.objects.filter(neighborhood=world["sohrab"]).count() == 1
    other = ServiceNeed.objects.get(neighborhood=world["hesar"], source="baseline")
    assert client.get(reverse("reports:need_edit", args=[other.pk])).status_code == 404


def test_the_same_need_form_twice_makes_one_and_a_second_baseline_is_refused(client, world):
    client.force_login(world["secretariat"])
    path = reverse("reports:need_create")
    key = client.get(path).content.decode().split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    data = {"neighborhood": world["sohrab"].pk, "service": world["service"].pk, "quantity": "2", "source": "baseline",
            "idempotency_key": key}
    assert client.post(path, data).status_code == client.post(path, data).status_code == 302
    assert ServiceNeed.objects.filter(neighborhood=world["sohrab"]).count() == 1
    again = need_form(client, neighborhood=world["sohrab"].pk, service=world["service"].pk, quantity="3")
    assert again.status_code == 400 and "پیش‌تر ثبت شده است" in again.content.decode()
    assert ServiceNeed.objects.get(neighborhood=world["sohrab"]).quantity == 2


def test_the_lists_and_the_gap_table_read_in_a_fixed_number_of_queries(client, world, county):
    """No query per row: twice the needs, capacities and allocations, the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["secretariat"])
    urls = [reverse("reports:needs"), reverse("agencies:services"), reverse("reports:allocations"),
            reverse("reports:gaps") + "?year=1405"]

    def add(n):
        for _ in range(n):
            hood = NeighborhoodFactory(county=county)
            ServiceNeed.objects.create(neighborhood=hood, service=world["service"], quantity=1)
            cap = AgencyService.objects.create(agency=AgencyFactory(province=world["province"]), service=world["service"],
                                               capacity=1)
            cap.counties.add(county)
            Allocation.objects.create(province=world["province"], year=1405, horizon="year", capacity=cap,
                                      neighborhood=hood, service=world["service"], quantity=1, batch=uuid.uuid4(),
                                      adopted_at=timezone.now())

    def counts():
        out = []
        for url in urls:
            client.get(url)  # warm the session and the caches
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx))
        return out

    add(2)
    few = counts()
    add(4)
    assert counts() == few
