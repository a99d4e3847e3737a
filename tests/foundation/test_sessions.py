"""Sessions stay in the database (accounts/sessions.py reads them with written-out SQL): a live
session signs the user in, an expired or deleted one does not, and the cookie holds only the key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_only_a_live_database_session_signs_in(client, make_user):
    user = make_user(Role.ENTERPRISE)
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    session = Session.objects.get(session_key=key)
    assert str(user.pk) in str(session.get_decoded().values())  # the data is in the database
    assert client.get("/me/").status_code == 200
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/me/").status_code == 302  # expired: signed out
    client.force_login(user)
    Session.objects.all().delete()
    assert client.get("/me/").status_code == 302  # deleted: signed out
