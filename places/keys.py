"""Comparison keys and display forms of place names (北京 == 北京市, 朝阳 == 朝阳区, 长宁区 != 长宁县)."""

from __future__ import annotations

import unicodedata

_PROVINCE_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
# Province keys of the province-level cities (a municipality is its own city).
MUNICIPALITIES = frozenset({"北京", "上海", "天津", "重庆"})
MUNICIPALITY_NAMES = ("北京市", "天津市", "上海市", "重庆市")


def clean(name: object) -> str:
    """A place name with width folded and whitespace removed ("" for anything else)."""
    if not isinstance(name, str):
        return ""
    return "".join(unicodedata.normalize("NFKC", name).split())


def province_key(name: object) -> str | None:
    """The comparison key of a province: 北京市 -> 北京, 吉林省 -> 吉林, 香港特别行政区 -> 香港."""
    text = clean(name)
    for suffix in _PROVINCE_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text or None


def city_key(name: object) -> str | None:
    """The comparison key of a city: 长春市 -> 长春."""
    text = clean(name)
    if text.endswith("市") and len(text) > 2:
        text = text[:-1]
    return text or None


def district_key(name: object) -> str | None:
    """The comparison key of a district: 朝阳区 -> 朝阳 (县 is kept: 长宁区 != 长宁县)."""
    text = clean(name)
    if text.endswith("区") and len(text) > 2:
        text = text[:-1]
    return text or None


def short_name(name: str) -> str:
    """A province or city name without its level word: 黑龙江省 -> 黑龙江, 广西壮族自治区 -> 广西."""
    for suffix in (
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "特别行政区",
        "省",
        "市",
        "地区",
        "盟",
    ):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _with_suffix(name: str, suffix: str) -> str:
    return name if name.endswith(suffix) else name + suffix


def display_province(name: object) -> str:
    """A province for display: 北京 -> 北京市, 吉林 -> 吉林省."""
    text = clean(name)
    if not text:
        return ""
    if text in MUNICIPALITIES:
        return text + "市"
    key = province_key(text) or ""
    return text if key != text else _with_suffix(text, "省")


def display_city(name: object) -> str:
    """A city for display: 长春 -> 长春市."""
    text = clean(name)
    if not text:
        return ""
    return _with_suffix(text, "市") if text == city_key(text) else text
