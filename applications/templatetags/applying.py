"""Whether a policy takes applications today, for pages that offer 申报此条款."""

from django import template

from applications.selectors import ELIGIBILITY_LABELS
from applications.services import applying_refusal

register = template.Library()


@register.simple_tag
def apply_refusal(policy) -> str:
    """Why the policy takes no application today, or "" when it does: {% apply_refusal policy as refusal %}."""
    return applying_refusal(policy) or ""


@register.filter
def eligibility_label(status: str | None) -> str:
    """The name of a match status, the same words the enterprise sees; "尚未判断" when there is none."""
    return ELIGIBILITY_LABELS.get(status or "", "尚未判断")
