"""Human-readable money in Chinese units."""

from __future__ import annotations

from decimal import Decimal

_UNITS = (("亿元", 100_000_000, 8), ("万元", 10_000, 4))


def format_yuan(amount: int | float | Decimal | None) -> str:
    """Exact amount in the largest fitting unit: 1500000 -> "150万元", None -> "金额未定"."""
    if amount is None:
        return "金额未定"
    value = Decimal(str(amount))
    for unit, size, places in _UNITS:
        if abs(value) >= size:
            text = f"{value / size:,.{places}f}".rstrip("0").rstrip(".")
            return f"{text}{unit}"
    return (
        f"{value:,f}".rstrip("0").rstrip(".") + "元" if value != value.to_integral() else f"{int(value):,}元"
    )


# How an amount in each currency is written: 150万港元, 50万澳门元, 新台币3000万元, 100万美元.
_CURRENCY_WORDS = {"HKD": ("", "港元"), "MOP": ("", "澳门元"), "TWD": ("新台币", "元"), "USD": ("", "美元")}


def format_money(amount: int | float | Decimal | None, currency: str | None = "CNY") -> str:
    """An amount with its unit in its own currency: (1500000, "HKD") -> "150万港元"; yuan as format_yuan."""
    words = _CURRENCY_WORDS.get(currency or "CNY")
    text = format_yuan(amount)
    if words is None or amount is None:
        return text
    prefix, unit = words
    return prefix + text.removesuffix("元") + unit
