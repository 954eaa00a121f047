"""Every API operation declares what it answers: its success status has a response schema, and the
errors it raises (a 404 out of scope, a 400 for a broken rule) are declared too."""

import pytest

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


def _operations(client):
    schema = client.get("/api/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield path, method, op, schema


def test_the_schema_lists_operations(client):
    assert len(list(_operations(client))) >= 15


def test_every_operation_has_a_response_schema_for_its_success(client):
    missing = []
    for path, method, op, _ in _operations(client):
        success = [s for s in op["responses"] if str(s).startswith("2")]
        ok = success and all(
            op["responses"][s].get("content", {}).get("application/json", {}).get("schema") for s in success
        )
        if not ok:
            missing.append(f"{method.upper()} {path}")
    assert missing == []


def test_every_success_schema_names_its_fields(client):
    """No bare ``dict``: a success schema is a named component (or a list/page of one)."""
    loose = []
    for path, method, op, schema in _operations(client):
        for status, resp in op["responses"].items():
            if not str(status).startswith("2"):
                continue
            body = resp["content"]["application/json"]["schema"]
            ref = body.get("$ref") or body.get("items", {}).get("$ref")
            if ref is None:
                loose.append(f"{method.upper()} {path}")
                continue
            component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
            if not component.get("properties"):
                loose.append(f"{method.upper()} {path}")
    assert loose == []


def test_routes_with_a_path_id_declare_their_404(client):
    undeclared = [f"{m.upper()} {p}" for p, m, op, _ in _operations(client) if "{" in p and "404" not in op["responses"]]
    assert undeclared == []


def test_the_report_post_declares_its_errors(client):
    op = client.get("/api/openapi.json").json()["paths"]["/api/meetings/assignments/{pk}/reports/"]["post"]
    assert {"201", "400", "404"} <= set(op["responses"])
    error = op["responses"]["400"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ErrorOut"}
