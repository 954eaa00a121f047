"""Every route under the permission contract (tests/contract.py), and no route left out of it."""

import json

import pytest
from django.urls import NoReverseMatch, reverse

from tests.contract import ALLOW, CASES, OBJECT, ROWS, Case, World, routes


class Far:
    """The world seen from the other province: ``far.body`` is ``world.far_body``."""

    def __init__(self, world: World) -> None:
        self.world = world

    def __getattr__(self, name: str):
        return getattr(self.world, f"far_{name}")


def url(case: Case, row) -> str:
    query = dict(case.query)
    from_row = case.row_kwargs(row) if case.row_kwargs is not None and row is not None else {}
    try:
        path = reverse(case.route, kwargs={**case.kwargs, **from_row, **({case.kwarg: row.pk} if row is not None else {})})
    except NoReverseMatch:  # the row goes in the query string (``?province=``)
        path = reverse(case.route, kwargs=case.kwargs)
        query[case.kwarg] = row.pk
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def send(client, case: Case, row):
    target = url(case, row)
    if case.method == "get":
        return client.get(target)
    data = {**(case.data or {}), **(case.row_data(row) if case.row_data is not None and row is not None else {})}
    if case.is_api:
        return client.post(target, json.dumps(data), content_type="application/json")
    return client.post(target, data)


def marker(case: Case, world: World, far: bool) -> str | None:
    if case.marker is None:
        return None
    subject = (Far(world) if far else world) if case.obj is None else getattr(world, ("far_" if far else "") + case.obj)
    return case.marker(subject)


def text(case: Case, response) -> str:
    if case.is_api:
        return json.dumps(response.json(), ensure_ascii=False)
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("case", CASES, ids=[c.route for c in CASES])
def test_route_keeps_the_permission_contract(client, db, case: Case):
    world = World()
    row = getattr(world, case.obj) if case.obj else None
    far_row = getattr(world, "far_" + case.obj) if case.obj else None

    anonymous = send(client, case, row)
    if case.is_api:
        assert anonymous.status_code == 401
    else:
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("login"))

    client.force_login(world.nobody)
    no_role = send(client, case, row)
    if case.kind == OBJECT:
        assert no_role.status_code == 404
    else:
        assert no_role.status_code == 200
        shown = marker(case, world, far=False)
        assert shown is None or shown not in text(case, no_role)

    client.force_login(getattr(world, case.user))
    if case.kind == OBJECT and far_row is not None:
        assert send(client, case, far_row).status_code == 404
    permitted = send(client, case, row)
    assert permitted.status_code == case.ok, permitted.content[:300]
    body = text(case, permitted)
    if (shown := marker(case, world, far=False)) is not None:
        assert shown in body
    if (case.kind == ROWS or case.obj is None) and (hidden := marker(case, world, far=True)) is not None:
        assert hidden not in body


def test_every_route_has_a_contract_case_or_is_allowed():
    declared = {c.route for c in CASES}
    found = set(routes())
    missing = sorted(found - declared - set(ALLOW))
    assert not missing, f"routes without a permission contract case (tests/contract.py): {missing}"
    stale = sorted(declared - found)
    assert not stale, f"contract cases for routes that no longer exist: {stale}"
