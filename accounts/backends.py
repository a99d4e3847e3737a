"""The authentication backend: Django's model backend behind the login throttle."""

from __future__ import annotations

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
        """The signed-in user with its role names read in the same query (PostgreSQL): every page asks
        for the roles (menu, access), and each query is a round trip a loaded server waits for."""
        from django.contrib.auth import get_user_model
        from django.db import connection

        if connection.vendor != "postgresql":
            return super().get_user(user_id)
        from django.contrib.postgres.aggregates import ArrayAgg

        user = (
            get_user_model()
            ._default_manager.annotate(role_list=ArrayAgg("groups__name", distinct=True, default=[]))
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(name for name in user.role_list if name)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
