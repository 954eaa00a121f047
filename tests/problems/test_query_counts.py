"""The problem list, its exports and print view read a fixed number of queries: 1 row costs what 12 do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mahalleh.problems import services

MODES = {"page": {}, "csv": {"export": "csv"}, "xlsx": {"export": "xlsx"}, "print": {"print": "1"}}


def queries(client, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("problems:problems"), params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.content)


@pytest.mark.parametrize("mode", list(MODES))
def test_problem_list_query_count_does_not_grow_with_rows(client, routes, manager, neighborhood, sewage, lighting, secretariat, mode):
    def add(n):
        for i in range(n):
            services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage if i % 2 else lighting, description=f"مشکل {i}")

    client.force_login(secretariat)
    add(1)
    client.get(reverse("problems:problems"))
    few, small = queries(client, MODES[mode])
    add(11)
    many, large = queries(client, MODES[mode])
    assert many == few <= 12
    assert large > small
