"""Today's date for the workflow, controllable in tests via settings.APPLICATIONS_TODAY (YYYY-MM-DD)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    """The local date, or settings.APPLICATIONS_TODAY when set."""
    fixed = getattr(settings, "APPLICATIONS_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
    return timezone.localdate()
