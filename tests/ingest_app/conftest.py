"""Fixtures for the ingest app tests: an admin and a client signed in as that admin."""

import pytest

from accounts.roles import Role


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, username="guanli-test")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client
