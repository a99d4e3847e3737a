"""Role checks for views: anonymous users go to log-in, the wrong role gets a 403."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission

from .roles import Role


def user_has_any_role(user, roles: tuple[Role, ...]) -> bool:
    """Whether an authenticated user holds any of the roles."""
    return bool(user and user.is_authenticated and any(user.has_role(r) for r in roles))


def role_required(*roles: Role) -> Callable:
    """Decorate a view so only users holding one of ``roles`` reach it."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_any_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class HasRole(BasePermission):
    """DRF permission: subclass with ``roles = (Role.X, ...)``."""

    roles: tuple[Role, ...] = ()

    def has_permission(self, request, view) -> bool:
        return user_has_any_role(request.user, self.roles)
