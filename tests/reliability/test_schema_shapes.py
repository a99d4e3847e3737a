"""The OpenAPI schema says what the API returns: plain lists where no page is returned, and the
error responses on every operation."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.roles import Role


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize("name", ["events", "reviews", "attachments"])
def test_application_sub_lists_are_plain_lists(schema, name):
    body = schema["paths"][f"/api/applications/{{id}}/{name}/"]["get"]["responses"]["200"]
    assert body["content"]["application/json"]["schema"]["type"] == "array"


def test_every_operation_documents_its_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404"} <= codes, (method, path, codes)
            if method in ("post", "put", "patch"):
                assert "415" in codes, (method, path, codes)


def test_a_body_of_an_unknown_content_type_gets_the_documented_415(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.ADMIN))
    response = client.post("/api/ingest/documents/", b"x", content_type="text/plain")
    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/json")
    assert "媒体类型" in response.json()["detail"]
