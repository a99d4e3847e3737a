"""Chinese numerals and number strings to Python numbers."""

from __future__ import annotations

import re

DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000, "萬": 10_000, "億": 100_000_000}

# Characters a Chinese numeral may contain (used to build regexes elsewhere).
CN_NUM_CHARS = "零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿萬億"

_ARABIC_RE = re.compile(r"^\d+(?:\.\d+)?$")


def cn_to_int(s: str) -> int | None:
    """Parse a Chinese numeral such as 一千二百 or 两亿五千万; None when it is not one."""
    if not s:
        return None
    if all(ch in DIGITS for ch in s):
        # Digit-by-digit spelling: 二〇二四
        return int("".join(str(DIGITS[ch]) for ch in s))
    total = 0
    section = 0
    number = 0
    seen = False
    for ch in s:
        if ch in DIGITS:
            number = DIGITS[ch]
            seen = True
        elif ch in SMALL_UNITS:
            section += (number or 1) * SMALL_UNITS[ch]
            number = 0
            seen = True
        elif ch in BIG_UNITS:
            if not seen:
                return None
            if ch in ("亿", "億"):
                total = (total + section + number) * BIG_UNITS[ch]
            else:
                total += (section + number) * BIG_UNITS[ch]
            section = 0
            number = 0
        else:
            return None
    return total + section + number


_CN_DECIMAL_RE = re.compile(
    r"^(?P<whole>[^.．点]+)[.．点](?P<frac>[零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖]+)(?P<unit>[十拾百佰千仟万亿萬億]*)$"
)


def cn_to_float(s: str) -> float | None:
    """A Chinese numeral that may hold blanks or a decimal point: 伍 拾萬 -> 500000, 二.五亿 -> 250000000."""
    s = re.sub(r"\s+", "", s or "")
    m = _CN_DECIMAL_RE.match(s)
    if m is None:
        value = cn_to_int(s)
        return float(value) if value is not None else None
    whole = cn_to_int(m.group("whole"))
    if whole is None:
        return None
    number = float(f"{whole}.{''.join(str(DIGITS[ch]) for ch in m.group('frac'))}")
    scale = cn_to_int("一" + m.group("unit")) if m.group("unit") else 1
    return number * scale if scale else None


def to_number(s: str) -> float | None:
    """Parse an Arabic (commas allowed) or Chinese number; None on failure."""
    s = s.strip().replace(",", "")
    if not s:
        return None
    if _ARABIC_RE.match(s):
        return float(s)
    value = cn_to_int(s)
    return float(value) if value is not None else None


def label_value(s: str) -> int | None:
    """The ordinal of a clause label's number part: '十二' -> 12, '3' -> 3."""
    if s.isdigit():
        return int(s)
    return cn_to_int(s)
