"""The unread notification count in the header is read with the signed-in user, in the same query
(no query of its own), and is always the database's: a new notification or a read shows at once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def badge(client) -> str:
    body = client.get(reverse("policies:list")).content.decode()
    found = re.search(r'通知 <span class="badge">(\d+)</span>', body)
    return found.group(1) if found else ""


def test_the_count_follows_new_and_read_notifications(client, make_user):
    user = make_user(Role.ENTERPRISE)
    other = make_user(Role.ENTERPRISE)
    client.force_login(user)
    assert badge(client) == ""
    Notification.objects.create(recipient=user, verb="match", title="新的可申报政策")
    Notification.objects.create(recipient=other, verb="match", title="别人的通知")
    assert badge(client) == "1"
    Notification.objects.create(recipient=user, verb="match", title="又一条")
    assert badge(client) == "2"
    client.post(reverse("accounts:notifications_read"))
    assert badge(client) == ""
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_the_count_costs_no_query_of_its_own(client, make_user, django_assert_num_queries):
    user = make_user(Role.ENTERPRISE)
    Notification.objects.create(recipient=user, verb="match", title="新的可申报政策")
    client.force_login(user)
    client.get(reverse("policies:list"))  # fills the library's cache
    with django_assert_num_queries(2):  # the session, the user with its roles and unread count
        assert badge(client) == "1"
