"""Where and when to apply, as a policy's text states it: 申报时间, 受理部门, 咨询电话.

Plain functions over the normalised body; each returns None (or empty) when the text does not say.
"""

from __future__ import annotations

import datetime as dt
import re

_DATE = r"(?:(?P<{p}y>\d{{4}})\s*年)?\s*(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*日"
_WINDOW = re.compile(
    r"(?:申报|受理|申请)(?:时间|期限|日期|窗口期)\s*(?:为|是|[::])?\s*(?:自|从)?\s*"
    + _DATE.format(p="a")
    + r"(?:\s*(?:\d{1,2}\s*[::]\s*\d{2})?\s*(?:起|开始)?\s*(?:至|到|—|–|-|~|~)+\s*"
    + _DATE.format(p="b")
    + r")?"
)
_DEADLINE = re.compile(r"(?:申报|受理|申请)?截止(?:时间|日期)?\s*(?:为|是|[::])?\s*" + _DATE.format(p="b"))
_OFFICE = re.compile(
    r"(?:受理(?:部门|单位|机构|窗口)|申报受理部门)\s*(?:为|是|[::])\s*(?P<name>[^\n。;;,,::(()]{2,40})"
)
_OFFICE_BY = re.compile(
    r"由(?P<name>[^\n。;;,,由]{2,30}?(?:局|委员会|委|办公室|管委会|中心))负责(?:受理|申报受理)"
)
_PHONE_LABEL = re.compile(r"(?:咨询|联系|服务|办理)(?:电话|方式)\s*[::]?\s*(?P<rest>[^\n]{0,80})")
_PHONE = re.compile(r"1[3-9]\d{9}(?!\d)|(?:0\d{2,3}[-—])?\d{7,8}(?:(?:转|-)\d{1,5})?(?!\d)|12345(?!\d)")


def _date(m: re.Match, p: str, year: int | None) -> dt.date | None:
    y = m.group(f"{p}y")
    y = int(y) if y else year
    if y is None:
        return None
    try:
        return dt.date(y, int(m.group(f"{p}m")), int(m.group(f"{p}d")))
    except ValueError:
        return None


def application_window(text: str) -> tuple[dt.date | None, dt.date | None]:
    """(first day, last day) of the 申报时间 the text states, either may be None."""
    m = _WINDOW.search(text or "")
    if m:
        start = _date(m, "a", None)
        end = _date(m, "b", start.year if start else None) if m.group("bm") else None
        if start and end and end < start:
            end = None
        return start, end
    m = _DEADLINE.search(text or "")
    return (None, _date(m, "b", None)) if m else (None, None)


def handling_office(text: str) -> str:
    """The 受理部门 the text names ("" when it names none)."""
    for pattern in (_OFFICE, _OFFICE_BY):
        m = pattern.search(text or "")
        if m:
            return m.group("name").strip()
    return ""


def contact_phone(text: str) -> str:
    """The 咨询电话 the text gives, several joined by 、 ("" when none)."""
    found: list[str] = []
    for m in _PHONE_LABEL.finditer(text or ""):
        rest = re.sub(r"(?<=[\d—-])\s+(?=[\d—-])", "", m.group("rest"))
        for p in _PHONE.finditer(rest):
            number = p.group(0).replace("—", "-")
            if number not in found:
                found.append(number)
    return "、".join(found)[:100]
