"""A reward for obtaining a recognition pays recognitions obtained in the policy's time, not old ones.

"对获得国家高新技术企业认定的,给予一次性奖励" rewards the event of being recognised: a company recognised
years before the policy was issued does not qualify by holding the title. Such a clause's
qualification leaf is joined by a date leaf, ``qualification_obtained_on.<name> >= term start``
(1 January of the year before the policy took effect or was issued, so that recognitions of the
year a policy is declared for still count), which is unknown when the profile does not say when the
title was obtained. A requirement that speaks of holding (有效期内的, 持有, 保持) is left as it is, as is
a policy without any date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from .conditions import as_date

# Words that make a qualification the thing rewarded: obtaining it (获得…认定的, 首次通过, 新认定).
_EVENT_RE = re.compile(r"获得|取得|获批|通过|新认定|新获|认定为|评为|获评|入选|晋级|升级为|首次")
# Words that speak of holding it, which an old recognition satisfies.
_HOLDING_RE = re.compile(r"有效期内|持有|保持|仍在|现有|存量")


def term_start(policy: Mapping[str, Any]) -> dt.date | None:
    """The earliest date of a recognition the policy's rewards count, or None without a policy date."""
    day = as_date(policy.get("effective_from")) or as_date(policy.get("published_on"))
    return dt.date(day.year - 1, 1, 1) if day else None


def rewarded_recognitions(clause: Mapping[str, Any]) -> set[str]:
    """Qualification names whose obtaining the clause's own requirement words reward."""
    names: set[str] = set()
    for requirement in clause.get("requirements") or ():
        if not isinstance(requirement, Mapping):
            continue
        words = requirement.get("text") or ""
        if not _EVENT_RE.search(words) or _HOLDING_RE.search(words):
            continue
        names.update(_qualifications(requirement.get("condition")))
    return names


def within_term(expr: Any, names: set[str], since: dt.date) -> Any:
    """``expr`` with each leaf requiring one of ``names`` joined by its obtained-on date leaf."""
    if isinstance(expr, Mapping):
        if _is_qualification(expr) and expr.get("value") in names:
            dated = {
                "fact": f"qualification_obtained_on.{expr['value']}",
                "op": "gte",
                "value": since.isoformat(),
            }
            return {"all": [dict(expr), dated]}
        return {key: within_term(value, names, since) for key, value in expr.items()}
    if isinstance(expr, list):
        return [within_term(item, names, since) for item in expr]
    return expr


def _is_qualification(leaf: Mapping[str, Any]) -> bool:
    return (
        leaf.get("fact") == "qualifications"
        and leaf.get("op") == "contains"
        and isinstance(leaf.get("value"), str)
    )


def _qualifications(expr: Any) -> list[str]:
    if isinstance(expr, Mapping):
        if _is_qualification(expr):
            return [expr["value"]]
        return [name for value in expr.values() for name in _qualifications(value)]
    if isinstance(expr, list):
        return [name for item in expr for name in _qualifications(item)]
    return []
