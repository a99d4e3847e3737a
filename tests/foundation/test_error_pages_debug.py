"""The quick start runs with DEBUG on: visitors still get the product's Chinese error pages."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_unknown_url_shows_the_chinese_404_page_even_with_debug(client):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and "URLconf" not in body and "DEBUG = True" not in body


@override_settings(DEBUG=True)
def test_missing_policy_with_debug(client):
    response = client.get("/policies/999999/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


@override_settings(DEBUG=True)
def test_api_404_is_chinese_json_with_debug(client):
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert "DEBUG" not in response.content.decode()
