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
        """The signed-in user with its role names and unread notification count read in the same query
        (PostgreSQL): every page shows both (menu, access, the count in the header), and each query is
        a round trip a loaded server waits for. The count is read with the user at the start of the
        request, so it is always the database's; nothing is cached between requests."""
        from django.contrib.auth import get_user_model
        from django.db import connection

        if connection.vendor != "postgresql":
            return super().get_user(user_id)
        from django.contrib.postgres.aggregates import ArrayAgg
        from django.db.models import Count, IntegerField, OuterRef, Subquery

        from .models import Notification

        unread = (
            Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
            .order_by()
            .values("recipient")
            .annotate(n=Count("id"))
            .values("n")
        )
        user = (
            get_user_model()
            ._default_manager.annotate(
                role_list=ArrayAgg("groups__name", distinct=True, default=[]),
                unread_n=Subquery(unread, output_field=IntegerField()),
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(name for name in user.role_list if name)
        user._unread_notifications = user.unread_n or 0
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
