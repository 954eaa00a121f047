"""The users list, its exports and print read a fixed number of queries: 1 user costs what 12 do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mahalleh.core.roles import Role
from tests.factories import AgencyFactory, NeighborhoodFactory, user_with_role

MODES = [{}, {"export": "csv"}, {"export": "xlsx"}, {"print": "1"}]


def count(client, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("administration:users"), params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.content)


def add_users(province, county, n):
    for _ in range(n):
        user_with_role(Role.AGENCY, agency=AgencyFactory(province=province))
        user_with_role(Role.NEIGHBORHOOD, neighborhood=NeighborhoodFactory(county=county))


@pytest.mark.parametrize("params", MODES, ids=["page", "csv", "xlsx", "print"])
def test_the_users_list_does_not_grow_with_rows(client, secretariat, province, county, params):
    client.force_login(secretariat)
    add_users(province, county, 1)
    client.get(reverse("administration:users"))
    few, small = count(client, params)
    add_users(province, county, 11)
    many, large = count(client, params)
    assert many == few <= 12
    assert large > small
