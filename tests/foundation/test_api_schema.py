"""The OpenAPI schema documents every endpoint without warnings."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text(encoding="utf-8")
    for path in (
        "/api/policies/",
        "/api/auth/token/",
        "/api/applications/",
        "/api/me/matches/",
        "/api/ingest/documents/",
    ):
        assert f"  {path}:" in text


def test_docs_page_is_served(client):
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/schema/").status_code == 200
