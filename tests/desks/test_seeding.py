"""The demo's desks from seed 003: the Hesar desk held with its problems, sign-ups and who came; the
next desk announced by resolution 4; the «پویش لبخند» campaign of resolution 5; a second load adds none."""

import pytest

from mahalleh.demo.loader import load_demo
from mahalleh.desks.models import Campaign, Desk
from mahalleh.desks.summary import summarize

pytestmark = pytest.mark.django_db


def test_seed_003s_desks_and_campaign():
    first = load_demo()
    hesar = Desk.objects.get(neighborhood__name="حصار")
    assert hesar.status == Desk.Status.HELD and hesar.problems.count() == 5
    summary = summarize(hesar)
    assert summary.signup_count == 2 and summary.present and not summary.absent
    ghaemieh = Desk.objects.get(neighborhood__name="قائمیه")
    assert ghaemieh.status == Desk.Status.ANNOUNCED and ghaemieh.county.name == "چهارباغ"
    assert "قائمیه" in ghaemieh.announced_by.text and ghaemieh.announced_by.number == 4
    smile = Campaign.objects.get(name="پویش لبخند")
    assert smile.partners.count() == 3 and smile.announced_by.number == 5
    again = load_demo()
    assert again["desks_and_campaigns"] == first["desks_and_campaigns"] == 3 and Desk.objects.count() == 2
