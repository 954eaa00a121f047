"""The API under a schema fuzzer (issue 9, point 6): schemathesis generates requests from /api/openapi.json
for every operation, sent through the WSGI app to the test database, as a permitted user (a province's
secretariat, with a token) and anonymously. No answer may be a server error, and each documented answer
must match its schema. Bounded: a few examples per operation, the whole run well under a minute.
"""

import datetime

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from mahalleh.accounts.models import ApiToken
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    AttendanceFactory,
    BodyFactory,
    ContactFactory,
    MeetingFactory,
    NeighborhoodFactory,
    ResolutionFactory,
)

MAX_EXAMPLES = 12


@pytest.fixture
def token(db, keep_the_connection, province, county, secretariat):
    """A small province like the demo's, and a token of its secretariat."""
    hood = NeighborhoodFactory(county=county, is_target=True)
    ContactFactory(neighborhood=hood)
    agency = AgencyFactory(province=province)
    body = BodyFactory(province=province)
    meeting = MeetingFactory(body=body, date=datetime.date(2022, 7, 14))
    AttendanceFactory(meeting=meeting, agency=agency)
    AssignmentFactory(resolution=ResolutionFactory(meeting=meeting), agency=agency)
    return ApiToken.issue(secretariat, "schemathesis")[1]


def load_schema():
    """The schema /api/openapi.json serves, built without a request (collection runs before the database)."""
    from mahalleh.config.urls import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = WSGIHandler()  # requests go through the WSGI app, in this thread, to the test database
    return loaded


schema = load_schema()


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_the_api_answers_every_generated_request_without_a_server_error(case, token):
    checks = [not_a_server_error, response_schema_conformance]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=checks)
    anonymous = case.call(headers={"Authorization": ""})
    case.validate_response(anonymous, checks=[not_a_server_error])
    # refused as unauthenticated (401, never a CSRF 403), or the request itself is wrong
    assert anonymous.status_code in (401, 404, 405, 422), anonymous.status_code
