"""Money is always shown with its unit and in its own currency."""

from __future__ import annotations

import pytest

from policies.money import format_money


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (1_500_000, "CNY", "150万元"),
        (1_500_000, None, "150万元"),
        (1_500_000, "HKD", "150万港元"),
        (500_000, "MOP", "50万澳门元"),
        (30_000_000, "TWD", "新台币3,000万元"),
        (1_000_000, "USD", "100万美元"),
        (800, "HKD", "800港元"),
        (150_000_000, "HKD", "1.5亿港元"),
        (None, "HKD", "金额未定"),
    ],
)
def test_format_money(amount, currency, shown):
    assert format_money(amount, currency) == shown
