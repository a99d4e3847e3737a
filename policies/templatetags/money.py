"""Template filters for money: every amount is shown with its unit."""

from django import template

from policies.money import format_yuan

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """Format an integer amount in yuan as 万元/亿元/元."""
    return format_yuan(amount)
