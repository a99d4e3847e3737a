"""Bounds on what an applicant or a reviewer may enter: one set of rules for the forms, the API and
the services (the services call them too, so no door skips them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from policies.money import format_yuan

MAX_AMOUNT_YUAN = 10**15
MAX_DESCRIPTION_CHARS = 5000
MAX_COMMENT_CHARS = 5000
MAX_PUBLICITY_WORKING_DAYS = 60
MAX_DATE = dt.date(2100, 12, 31)
MIN_DATE = dt.date(1900, 1, 1)


def amount_error(value: Any, label: str, *, cap_yuan: int | None = None) -> str | None:
    """The Chinese complaint about an amount in 元, or None when it is acceptable (None = not given)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{label}应为整数(单位:元)。"
    if value < 1:
        return f"{label}应大于0元。"
    if value > MAX_AMOUNT_YUAN:
        return f"{label}过大,请核对单位(元)。"
    if cap_yuan and value > cap_yuan:
        return f"{label}不能超过本条款最高支持金额{format_yuan(cap_yuan)}。"
    return None


def text_error(value: Any, label: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return f"{label}应为文字。"
    if len(value) > limit:
        return f"{label}不超过{limit}个字(现为{len(value)}个字)。"
    if "\x00" in value:
        return f"{label}含有不可见的控制字符。"
    return None


def draft_errors(clause, values: Mapping[str, Any]) -> dict[str, str]:
    """Field -> Chinese message for the draft fields of an application on ``clause``."""
    checks = {
        "requested_amount_yuan": lambda v: amount_error(
            v, "申请金额", cap_yuan=getattr(clause, "max_amount_yuan", None)
        ),
        "project_investment_yuan": lambda v: amount_error(v, "项目总投资"),
        "project_description": lambda v: text_error(v, "项目说明", MAX_DESCRIPTION_CHARS),
    }
    errors = {}
    for name, check in checks.items():
        if name in values:
            message = check(values[name])
            if message:
                errors[name] = message
    return errors


def publicity_days_error(days: int) -> str | None:
    if days < 1:
        return "公示期应为至少1个工作日。"
    if days > MAX_PUBLICITY_WORKING_DAYS:
        return f"公示期不超过{MAX_PUBLICITY_WORKING_DAYS}个工作日。"
    return None
