"""Mainland China phone numbers: a mobile (1[3-9] + 9 digits) or a landline (0 + area code + number)."""

from __future__ import annotations

import re

MOBILE = re.compile(r"1[3-9]\d{9}")
LOCAL_NUMBER = re.compile(r"[1-9]\d{6,7}")
EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|#|-)\s*(\d{1,6})$", re.IGNORECASE)
SEPARATORS = re.compile(r"[\s()()\-—–.]")
MESSAGE = "请填写正确的手机号(11位,如 13812345678)或固定电话(区号-号码,如 010-12345678)。"


class InvalidPhone(ValueError):
    """The text is not a mainland mobile or landline number; the message is Chinese."""


def normalise_phone(text: str) -> str:
    """A mobile as its 11 digits, a landline as 区号-号码[-分机]; "" for nothing; InvalidPhone otherwise.

    Spaces, dashes, brackets and a leading +86 / 0086 are accepted. Area codes are 010 and 02x
    (3 digits) or 0xxx (4 digits); local numbers have 7 or 8 digits.
    """
    raw = (text or "").strip()
    if not raw:
        return ""
    candidates = [(raw, "")]
    ext = EXTENSION.search(raw)
    if ext:
        candidates.append((raw[: ext.start()], ext.group(1)))
    for main, extension in candidates:
        digits = re.sub(r"^(?:\+86|0086)", "", SEPARATORS.sub("", main))
        if not digits.isdigit():
            continue
        if not extension and MOBILE.fullmatch(digits):
            return digits
        if digits.startswith("0") and not digits.startswith("00"):
            area_len = 3 if digits.startswith(("010", "02")) else 4
            area, number = digits[:area_len], digits[area_len:]
            if LOCAL_NUMBER.fullmatch(number):
                return f"{area}-{number}" + (f"-{extension}" if extension else "")
    raise InvalidPhone(MESSAGE)
