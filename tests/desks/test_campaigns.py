"""Campaigns: the timetable over every target neighborhood (no partner beyond its capacity, only the
period's working days), delivery recorded with its checks, and the coverage share."""

import datetime

import pytest

from mahalleh.core.services import DomainError, NotAllowed
from mahalleh.core.workdays import is_working_day
from mahalleh.desks import campaigns
from mahalleh.desks.models import CampaignVisit
from tests.factories import AgencyFactory, NeighborhoodFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def smile(secretariat, province, county, other_county):
    for i in range(8):
        NeighborhoodFactory(county=county if i % 2 else other_county, name=f"محله {i}")
    lead = AgencyFactory(province=province, name="اداره کل بهزیستی")
    jihadi = AgencyFactory(province=province, name="گروه جهادی")
    university = AgencyFactory(province=province, name="دانشگاه علوم پزشکی")
    return campaigns.campaign_create(actor=secretariat, province=province, name="پویش لبخند", lead=lead,
                                     services="ویزیت دندانپزشکی\nآموزش بهداشت دهان", start=datetime.date(2026, 12, 5),
                                     end=datetime.date(2027, 1, 20), partners=[(jihadi, 1), (university, 1)], lead_per_day=2)


def test_the_timetable_serves_every_target_neighborhood_within_the_rules(smile, secretariat):
    result = campaigns.campaign_plan(actor=secretariat, campaign=smile, today=TODAY, time_limit_s=2)
    visits = list(smile.visits.prefetch_related("partners"))
    assert len(visits) == 8 and not result.unplanned
    by_day: dict[datetime.date, list[CampaignVisit]] = {}
    for v in visits:
        assert smile.start <= v.date <= smile.end and is_working_day(v.date) and v.date > TODAY
        assert v.partners.exists()
        by_day.setdefault(v.date, []).append(v)
    for rows in by_day.values():
        assert len(rows) <= 2  # the lead's limit
        for partner in smile.partners.all():
            assert sum(partner.agency in v.partners.all() for v in rows) <= partner.capacity


def test_delivery_is_checked_and_counts_towards_coverage(smile, secretariat, county_user):
    campaigns.campaign_plan(actor=secretariat, campaign=smile, today=TODAY, time_limit_s=2)
    visit = smile.visits.first()
    with pytest.raises(DomainError, match="از خدمات این پویش نیست"):
        campaigns.campaign_deliver(actor=secretariat, visit=visit, delivered_on=datetime.date(2026, 12, 6),
                                   service="چیز دیگر", people_served=10, version=visit.version, today=datetime.date(2026, 12, 7))
    with pytest.raises(DomainError, match="نه در آینده"):
        campaigns.campaign_deliver(actor=secretariat, visit=visit, delivered_on=datetime.date(2026, 12, 9),
                                   service="ویزیت دندانپزشکی", people_served=10, version=visit.version,
                                   today=datetime.date(2026, 12, 7))
    with pytest.raises(NotAllowed):
        campaigns.campaign_deliver(actor=county_user, visit=visit, delivered_on=datetime.date(2026, 12, 6),
                                   service="ویزیت دندانپزشکی", people_served=10, version=visit.version)
    campaigns.campaign_deliver(actor=secretariat, visit=visit, delivered_on=datetime.date(2026, 12, 6),
                               service="ویزیت دندانپزشکی", people_served=42, version=visit.version,
                               today=datetime.date(2026, 12, 7))
    cover = campaigns.coverage(smile)
    assert (cover.served, cover.targets, cover.people) == (1, 8, 42) and cover.share == 1 / 8
    campaigns.campaign_plan(actor=secretariat, campaign=smile, today=datetime.date(2026, 12, 7), time_limit_s=2)
    visit.refresh_from_db()
    assert visit.delivered_on == datetime.date(2026, 12, 6) and smile.visits.count() == 8  # served keeps its day


def test_a_period_backwards_is_refused(secretariat, province):
    lead = AgencyFactory(province=province)
    with pytest.raises(DomainError, match="پس از آغاز"):
        campaigns.campaign_create(actor=secretariat, province=province, name="پ", lead=lead, services="خدمت",
                                  start=datetime.date(2027, 1, 2), end=datetime.date(2027, 1, 1))


def test_the_api_shows_the_timetable_and_refuses_a_bad_delivery_in_persian(client, smile, secretariat):
    campaigns.campaign_plan(actor=secretariat, campaign=smile, today=TODAY, time_limit_s=2)
    client.force_login(secretariat)
    data = client.get(f"/api/desks/campaigns/{smile.pk}/").json()
    assert data["targets"] == 8 and data["served"] == 0 and len(data["visits"]) == 8
    visit = data["visits"][0]
    answer = client.post(f"/api/desks/campaigns/visits/{visit['id']}/delivery/",
                         {"version": visit["version"], "delivered_on": "2030-01-01", "service": "ویزیت دندانپزشکی",
                          "people_served": 3}, content_type="application/json")
    assert answer.status_code == 400 and "دوره پویش" in answer.json()["detail"]
    assert CampaignVisit.objects.filter(delivered_on__isnull=False).count() == 0


def test_the_campaign_list_reads_every_coverage_in_the_same_queries(client, secretariat, province):
    """The list's coverage is two grouped queries, not three per campaign: one campaign or three cost the
    same, and each row's figures are those of ``coverage`` for that campaign alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = AgencyFactory(province=province, name="اداره کل بهزیستی")
    NeighborhoodFactory(county__province=province, name="محله هدف")

    def make(i: int):
        return campaigns.campaign_create(actor=secretariat, province=province, name=f"پویش {i}", lead=lead,
                                         services="ویزیت", start=datetime.date(2026, 12, 5),
                                         end=datetime.date(2027, 1, 20), partners=[], lead_per_day=2)

    client.force_login(secretariat)
    made = [make(0)]
    client.get("/desks/campaigns/")  # the first request of a session reads what later ones keep
    with CaptureQueriesContext(connection) as one:
        assert client.get("/desks/campaigns/").status_code == 200
    made += [make(1), make(2)]
    with CaptureQueriesContext(connection) as three:
        page = client.get("/desks/campaigns/")
    assert len(three) == len(one)
    listed = campaigns.coverages(made)
    assert all(listed[c.pk] == campaigns.coverage(c) for c in made) and listed[made[0].pk].targets == 1
    assert "پویش 2" in page.content.decode()
