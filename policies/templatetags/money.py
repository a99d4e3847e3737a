"""Template filters for money: every amount is shown with its unit."""

from django import template

from policies.money import format_money, format_yuan

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """Format an integer amount in yuan as 万元/亿元/元."""
    return format_yuan(amount)


@register.filter
def money(amount, currency="CNY") -> str:
    """Format an amount in its currency: 万元, 万港元, 万澳门元, 新台币…万元, 万美元."""
    return format_money(amount, currency)
