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
