"""Template context shared by every page: the navigation the signed-in user may use."""

import functools

from django.http import HttpRequest
from django.urls import reverse


@functools.cache
def _public_items() -> tuple[tuple[str, str], ...]:
    """The entries everyone sees, reversed once per process (the URLconf does not change)."""
    return (
        ("首页", reverse("home")),
        ("政策库", reverse("policies:list")),
        ("申报公示", reverse("applications:publicity")),
    )


def navigation(request: HttpRequest) -> dict:
    """Menu entries for the current user's roles, and the unread notification count."""
    user = getattr(request, "user", None)
    items = list(_public_items())
    unread = 0
    if user is not None and user.is_authenticated:
        if user.is_enterprise:
            items += [("我的企业", "/me/"), ("我的申报", "/applications/")]
        if user.is_reviewer or user.is_expert or user.is_portal_admin:
            items.append(("审核工作台", "/review/"))
        if user.is_portal_admin:
            items.append(("政策导入", "/ingest/"))
        unread = getattr(user, "_unread_notifications", None)  # read with the user (backends.py)
        if unread is None:
            unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "unread_notifications": unread}
