"""The problems API: scoped like the pages, the reporter only through reporter_of (and logged), an
idempotent intake, Persian refusals that save nothing, and a stale status change refused."""

import uuid

import pytest

from mahalleh.core.roles import Role
from mahalleh.problems import services
from mahalleh.problems.models import PersonalDataRead, Problem, Status
from tests.factories import user_with_role

NAME, MOBILE = "زهرا احمدی", "09123456789"


@pytest.fixture
def problem(routes, manager, neighborhood, sewage):
    return services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage, description="فاضلاب",
                                   reporter_name=NAME, reporter_mobile=MOBILE)


def _ids(response) -> list[int]:
    body = response.json()
    return [row["id"] for row in (body["items"] if isinstance(body, dict) else body)]


def test_the_list_is_scoped_like_the_pages(client, problem, county_user, other_county, focal):
    client.force_login(county_user)
    assert _ids(client.get("/api/problems/")) == [problem.pk]
    client.force_login(focal)  # the agency it is routed to
    assert _ids(client.get("/api/problems/")) == [problem.pk]
    client.force_login(user_with_role(Role.COUNTY, county=other_county))
    assert _ids(client.get("/api/problems/")) == []
    assert client.get(f"/api/problems/{problem.pk}/").status_code == 404


def test_the_reporter_is_read_through_the_log(client, problem, county_user, secretariat):
    client.force_login(secretariat)  # the province, not the county: never the reporter
    body = client.get(f"/api/problems/{problem.pk}/").json()
    assert body["reporter"] is None and NAME not in str(body) and not PersonalDataRead.objects.exists()
    client.force_login(county_user)
    body = client.get(f"/api/problems/{problem.pk}/").json()
    assert body["reporter"] == {"name": NAME, "mobile": MOBILE}
    assert PersonalDataRead.objects.get().purpose == "api"
    listed = client.get("/api/problems/").content.decode()
    assert NAME not in listed and MOBILE not in listed


def test_intake_is_idempotent_and_refuses_a_bad_mobile_whole(client, routes, manager, neighborhood, sewage):
    client.force_login(manager)
    key = str(uuid.uuid4())
    body = {"neighborhood": neighborhood.pk, "category": "sewage", "description": "چاله سر کوچه"}
    first = client.post("/api/problems/", body, content_type="application/json", headers={"Idempotency-Key": key})
    again = client.post("/api/problems/", body, content_type="application/json", headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert Problem.objects.count() == 1
    bad = client.post("/api/problems/", {**body, "reporter_mobile": "12345"}, content_type="application/json")
    assert bad.status_code == 400 and "شماره تلفن همراه معتبر نیست" in bad.json()["detail"]
    assert client.post("/api/problems/", {**body, "category": "nope"}, content_type="application/json").status_code == 404
    assert Problem.objects.count() == 1


def test_a_stale_status_change_is_refused(client, problem, focal):
    client.force_login(focal)
    url = f"/api/problems/{problem.pk}/status/"
    ok = client.post(url, {"version": problem.version, "status": "in_progress"}, content_type="application/json")
    assert ok.status_code == 200
    stale = client.post(url, {"version": problem.version, "status": "fixed"}, content_type="application/json")
    problem.refresh_from_db()
    assert stale.status_code == 409 and problem.status == Status.IN_PROGRESS


def test_updates_and_taxonomy(client, problem, county_user, sewage):
    client.force_login(county_user)
    updates = client.get(f"/api/problems/{problem.pk}/updates/").json()
    rows = updates["items"] if isinstance(updates, dict) else updates
    assert [u["kind"] for u in rows] == ["routed"]
    codes = [c["code"] for c in client.get("/api/problems/categories/").json()]
    assert "sewage" in codes
    routes = client.get("/api/problems/routing/").json()
    assert {r["category"] for r in (routes["items"] if isinstance(routes, dict) else routes)} >= {"sewage"}
