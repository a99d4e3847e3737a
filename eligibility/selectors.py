"""Reads for companies."""

from .models import Company


def company_for_user(user) -> Company | None:
    """The company the user acts for (the first, when several)."""
    if not user.is_authenticated:
        return None
    return Company.objects.filter(membership__user=user).select_related("profile").order_by("id").first()
