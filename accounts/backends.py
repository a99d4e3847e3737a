"""The authentication backend: Django's model backend behind the login throttle."""

from __future__ import annotations

import functools

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttle


class ThrottledModelBackend(ModelBackend):
    """Refuses a locked account or address before checking the password; counts failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        message = throttle.locked_message(request, username)
        if message:
            if request is not None:
                request.login_throttled = message
            raise PermissionDenied(message)  # stops every backend; Django sends user_login_failed
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.record_failure(request, username)
        else:
            throttle.record_success(username)
        return user

    def get_user(self, user_id):
        """The signed-in user with its role names and unread notification count read in the same query
        (PostgreSQL): every page shows both (menu, access, the count in the header), and each query is
        a round trip a loaded server waits for. The count is read with the user at the start of the
        request, so it is always the database's; nothing is cached between requests. The SQL is
        written out (see _user_sql): on every signed-in request, compiling the ORM's version of it
        cost more than running it."""
        from django.contrib.auth import get_user_model
        from django.db import connection

        if connection.vendor != "postgresql":
            return super().get_user(user_id)
        user = next(iter(get_user_model()._default_manager.raw(_user_sql(), [user_id])), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(name for name in user.role_list if name)
        user._unread_notifications = user.unread_n or 0
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


@functools.cache
def _user_sql() -> str:
    """One user by id, with its role (group) names and its unread notifications' count."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from .models import Notification

    user_model = get_user_model()
    groups = user_model.groups.through._meta.db_table
    return (
        f"SELECT u.*, ARRAY(SELECT g.name FROM {Group._meta.db_table} g JOIN {groups} ug ON ug.group_id = g.id"
        f" WHERE ug.user_id = u.id) AS role_list,"
        f" (SELECT count(*) FROM {Notification._meta.db_table} n"
        f" WHERE n.recipient_id = u.id AND n.read_at IS NULL) AS unread_n"
        f" FROM {user_model._meta.db_table} u WHERE u.id = %s"
    )
