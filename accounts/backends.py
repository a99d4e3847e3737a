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

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
