"""Open311 GeoReport v2: every endpoint in JSON and XML, POST then GET, every error, no personal data."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone
from georeport import GeoReport

from mahalleh.accounts.models import ApiToken
from mahalleh.problems.models import Problem, ProblemUpdate, Status
from mahalleh.problems.services import problem_intake

BASE = "/open311/v2"
NAME, MOBILE = "زهرا رضایی", "09123456789"


@pytest.fixture
def key(manager):
    return ApiToken.issue(manager, "open311")[1]


@pytest.fixture
def problem(manager, neighborhood, sewage, routes):
    return problem_intake(
        actor=manager, neighborhood=neighborhood, category=sewage, description="فاضلاب کوچه سرریز است",
        reporter_name=NAME, reporter_mobile=MOBILE, may_call_back=True,
    )


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def post(client, key, neighborhood, **extra):
    data = {"api_key": key, "service_code": "sewage", "attribute[neighborhood]": str(neighborhood.pk),
            "description": "چراغ‌های بلوار خاموش است", "lat": "35.8", "long": "50.9",
            "first_name": "علی", "last_name": "محمدی", "phone": "۰۹۱۲ ۱۱۱ ۲۲۳۳", "email": "a@example.com", **extra}
    return client.post(f"{BASE}/requests.json", data)


def test_discovery_in_json_and_xml(client, db):
    data = client.get(f"{BASE}/discovery.json").json()
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]


def test_services_are_the_active_categories(client, sewage, lighting):
    lighting.is_active = False
    lighting.save()
    data = client.get(f"{BASE}/services.json").json()
    assert data == [{"service_code": "sewage", "service_name": "فاضلاب", "description": "فاضلاب", "metadata": True,
                     "type": "realtime", "keywords": "عمران و مسکن", "group": "عمران و مسکن"}]
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == ["sewage"]
    assert root.findtext("service/metadata") == "true"


def test_service_definition_lists_the_neighborhoods(client, sewage, neighborhood, other_neighborhood):
    data = client.get(f"{BASE}/services/sewage.json").json()
    attribute = data["attributes"][0]
    assert data["service_code"] == "sewage"
    assert attribute["code"] == "neighborhood" and attribute["datatype"] == "singlevaluelist"
    assert {"key": str(neighborhood.pk), "name": "حصار"} in attribute["values"]
    root = xml(client.get(f"{BASE}/services/sewage.xml", {"jurisdiction_id": "alborz"}))
    assert root.tag == "service_definition"
    keys = [v.findtext("key") for v in root.findall("attributes/attribute/values/value")]
    assert set(keys) == {str(neighborhood.pk), str(other_neighborhood.pk)}


def test_post_then_get_by_id_and_by_token(client, key, manager, neighborhood, sewage, routes, municipality):
    response = post(client, key, neighborhood)
    assert response.status_code == 200, response.content
    [answer] = response.json()
    problem = Problem.objects.get()
    assert answer["service_request_id"] == problem.tracking_code and answer["token"] == problem.token
    assert answer["service_notice"]
    assert problem.source == "online" and problem.created_by == manager
    assert problem.reporter_mobile == "09121112233" and problem.reporter_name == "علی محمدی"
    assert (problem.latitude, problem.longitude) == (35.8, 50.9)

    [found] = client.get(f"{BASE}/requests/{problem.tracking_code}.json").json()
    assert found["service_request_id"] == problem.tracking_code
    assert found["status"] == "open" and found["status_notes"].startswith("جدید")
    assert found["agency_responsible"] == municipality.name
    assert found["description"] == ""  # new: not yet accepted and marked public
    assert found["address"] == "حصار"
    assert found["expected_datetime"] == f"{problem.due_date.isoformat()}T23:59:59+03:30"
    assert datetime.datetime.fromisoformat(found["requested_datetime"]).utcoffset() == datetime.timedelta(hours=3, minutes=30)
    root = xml(client.get(f"{BASE}/requests/{problem.tracking_code}.xml"))
    assert root.tag == "service_requests" and root.findtext("request/service_request_id") == problem.tracking_code

    assert client.get(f"{BASE}/tokens/{problem.token}.json").json() == [
        {"service_request_id": problem.tracking_code, "token": problem.token}
    ]
    root = xml(client.get(f"{BASE}/tokens/{problem.token}.xml"))
    assert root.findtext("request/token") == problem.token

    xml_post = client.post(f"{BASE}/requests.xml", {"api_key": key, "service_code": "sewage",
                                                   "attribute[neighborhood]": neighborhood.pk, "description": "دوم"})
    assert xml(xml_post).findtext("request/service_request_id") == Problem.objects.latest("id").tracking_code


def test_post_is_csrf_exempt(key, neighborhood, routes):
    assert post(Client(enforce_csrf_checks=True), key, neighborhood).status_code == 200


def test_list_filters(client, problem, manager, neighborhood, lighting, routes):
    other = problem_intake(actor=manager, neighborhood=neighborhood, category=lighting, description="تاریکی")
    Problem.objects.filter(pk=other.pk).update(status=Status.FIXED)
    codes = lambda **params: [r["service_request_id"] for r in client.get(f"{BASE}/requests.json", params).json()]  # noqa: E731
    assert set(codes()) == {problem.tracking_code, other.tracking_code}
    assert codes(status="open") == [problem.tracking_code]
    assert codes(status="closed") == [other.tracking_code]
    assert codes(service_code="lighting") == [other.tracking_code]
    assert set(codes(service_request_id=f"{problem.tracking_code},{other.tracking_code}")) == {problem.tracking_code, other.tracking_code}
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert codes(start_date=tomorrow) == []
    assert len(codes(end_date=tomorrow)) == 2
    Problem.objects.filter(pk=other.pk).update(created_at=timezone.now() - datetime.timedelta(days=91))
    assert codes() == [problem.tracking_code]  # the spec's default: the last 90 days
    root = xml(client.get(f"{BASE}/requests.xml", {"status": "open"}))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [problem.tracking_code]


def test_public_description_and_duplicates_follow_the_original(client, problem, manager, neighborhood, sewage):
    Problem.objects.filter(pk=problem.pk).update(status=Status.IN_PROGRESS, description_public=True)
    ProblemUpdate.objects.create(problem=problem, text="پیمانکار اعزام شد", is_public=True)
    ProblemUpdate.objects.create(problem=problem, text="یادداشت داخلی محرمانه", is_public=False)
    dup = problem_intake(actor=manager, neighborhood=neighborhood, category=sewage, description="همان فاضلاب")
    Problem.objects.filter(pk=dup.pk).update(status=Status.DUPLICATE, duplicate_of=problem)
    [shown] = client.get(f"{BASE}/requests/{problem.tracking_code}.json").json()
    assert shown["description"] == "فاضلاب کوچه سرریز است"
    assert shown["status_notes"] == "در حال اقدام — پیمانکار اعزام شد"
    [duplicate] = client.get(f"{BASE}/requests/{dup.tracking_code}.json").json()
    assert duplicate["status"] == "open" and duplicate["status_notes"].startswith("در حال اقدام")
    assert "محرمانه" not in client.get(f"{BASE}/requests.json").content.decode()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_no_personal_data_in_any_get(client, problem, fmt):
    Problem.objects.filter(pk=problem.pk).update(token="tok-1", status=Status.ACCEPTED, description_public=True)
    for url in (f"requests.{fmt}", f"requests/{problem.tracking_code}.{fmt}", f"tokens/tok-1.{fmt}", f"services.{fmt}"):
        body = client.get(f"{BASE}/{url}").content.decode()
        assert NAME not in body and MOBILE not in body and "9123456789" not in body


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors(client, key, neighborhood, sewage, routes, fmt):
    def err(response, code):
        assert response.status_code == code
        if fmt == "json":
            [item] = response.json()
            assert item["code"] == code and item["description"]
        else:
            root = xml(response)
            assert root.tag == "errors" and root.findtext("error/code") == str(code) and root.findtext("error/description")

    url = f"{BASE}/requests.{fmt}"
    good = {"api_key": key, "service_code": "sewage", "attribute[neighborhood]": neighborhood.pk, "description": "خرابی"}
    err(client.post(url, {**good, "api_key": ""}), 403)
    err(client.post(url, {**good, "api_key": "wrong"}), 403)
    err(client.post(url, {k: v for k, v in good.items() if k != "service_code"}), 400)
    err(client.post(url, {k: v for k, v in good.items() if k != "attribute[neighborhood]"}), 400)
    err(client.post(url, {**good, "attribute[neighborhood]": "999999"}), 400)
    err(client.post(url, {**good, "description": " "}), 400)
    err(client.post(url, {**good, "phone": "12345"}), 400)
    err(client.post(url, {**good, "lat": "north"}), 400)
    err(client.post(url, {**good, "service_code": "nothing"}), 404)
    err(client.get(url, {"status": "maybe"}), 400)
    err(client.get(url, {"start_date": "yesterday"}), 400)
    err(client.get(url, {"jurisdiction_id": "tehran"}), 404)
    err(client.get(f"{BASE}/services/nothing.{fmt}"), 404)
    err(client.get(f"{BASE}/requests/12345678901.{fmt}"), 404)
    err(client.get(f"{BASE}/tokens/nothing.{fmt}"), 404)
    assert not Problem.objects.exists()


def test_revoked_token_is_403(client, key, neighborhood, routes):
    ApiToken.objects.update(revoked_at=timezone.now())
    assert post(client, key, neighborhood).status_code == 403


def as_list(data):
    """xmltodict reads one child as a dict, several as a list."""
    return data if isinstance(data, list) else [data]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_reads_the_live_server(live_server, problem, neighborhood, fmt):
    client = GeoReport(f"{live_server.url}{BASE}", jurisdiction="alborz", output_format=fmt)
    assert {s["service_code"] for s in as_list(client.get_service_list())} == {"sewage", "lighting"}
    definition = client.get_service_definition("sewage")
    assert definition["service_code"] == "sewage"
    values = as_list(as_list(definition["attributes"])[0] if fmt == "json" else definition["attributes"]["attribute"])[0]["values"]
    assert str(neighborhood.pk) in str(values)
    rows = as_list(client.get_service_requests(status="open"))
    assert [r["service_request_id"] for r in rows] == [problem.tracking_code]
    [one] = as_list(client.get_service_requests(service_request_id=problem.tracking_code))
    assert one["service_request_id"] == problem.tracking_code and one["address"] == "حصار"
    assert NAME not in str(one) and MOBILE not in str(one)
