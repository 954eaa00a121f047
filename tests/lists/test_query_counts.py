"""Every list page, its exports and its print view read a fixed number of queries: 1 row costs what 12 do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

LISTS = ["places:neighborhoods", "agencies:agencies", "meetings:bodies", "meetings:meetings", "meetings:resolutions"]
MODES = {"page": {}, "csv": {"export": "csv"}, "xlsx": {"export": "xlsx"}, "print": {"print": "1"}}
MAX_QUERIES = 12


def queries(client, name, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.content)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_rows(client, secretariat, rows, name, mode):
    client.force_login(secretariat)
    rows(1)
    client.get(reverse(name))  # whatever a first request of the session builds once is not the list's cost
    few, small = queries(client, name, MODES[mode])
    rows(11)
    many, large = queries(client, name, MODES[mode])
    assert many == few <= MAX_QUERIES
    assert large > small  # the rows were read, not an empty list twice


def test_filters_with_choices_cost_no_query_per_choice(client, secretariat, rows):
    client.force_login(secretariat)
    rows(1)
    client.get(reverse("meetings:resolutions"))
    few, _ = queries(client, "meetings:resolutions", {"status": "open", "q": "اقدام"})
    rows(11)
    many, _ = queries(client, "meetings:resolutions", {"status": "open", "q": "اقدام"})
    assert many == few
