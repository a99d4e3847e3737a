"""Provinces, cities and districts for the profile form (GB/T 2260 names, loaded once)."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from django.conf import settings

_PLACEHOLDERS = ("市辖区", "县")
_DIRECT_COUNTIES = ("省直辖县级行政区划", "自治区直辖县级行政区划")
Tree = dict[str, dict[str, list[str]]]


def _source() -> Path:
    return Path(settings.BASE_DIR) / "ingest" / "pipeline" / "data" / "adcodes.csv"


@functools.cache
def region_tree() -> Tree:
    """``{province: {city: [district, ...]}}``; a municipality is its own city (北京市 -> 北京市)."""
    try:
        with open(_source(), encoding="utf-8") as f:
            rows = sorted((r["adcode"], r["name"]) for r in csv.DictReader(f))
    except OSError:
        return {}
    names = dict(rows)
    tree: Tree = {}
    for code, name in rows:
        province = names.get(code[:2] + "0" * 10)
        if province is None:
            continue
        if code[2:] == "0" * 10:
            tree.setdefault(name, {})
            continue
        city_code = code[:4] + "0" * 8
        city = names.get(city_code, "")
        cities = tree.setdefault(province, {})
        if code[4:] == "0" * 8:
            if name in _PLACEHOLDERS:
                cities.setdefault(province, [])
            elif name not in _DIRECT_COUNTIES:
                cities.setdefault(name, [])
            continue
        if name == "市辖区":
            continue
        if city in _DIRECT_COUNTIES:
            cities.setdefault(name, [])
        else:
            cities.setdefault(province if city in _PLACEHOLDERS else city, []).append(name)
    return tree


def provinces() -> list[str]:
    """Every province-level name."""
    return list(region_tree())


def is_province(name: str) -> bool:
    """Whether ``name`` is a known province-level division."""
    return name in region_tree()


def city_in(province: str, city: str) -> bool | None:
    """Whether the city belongs to the province; None when the province is not known."""
    cities = region_tree().get(province)
    if cities is None:
        return None
    return city in cities


MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def region_errors(province: str, city: str, district: str) -> dict[str, str]:
    """Chinese messages for an inconsistent province + city + district, keyed by field."""
    errors: dict[str, str] = {}
    if province and region_tree() and not is_province(province):
        errors["province"] = "请填写完整的省级名称,例如“北京市”“吉林省”"
    if city and not province:
        errors["province"] = "填写城市时请同时填写省份"
    if district and not (province and city):
        errors["district"] = "填写区县时请同时填写省份和城市,以免同名区县混淆(如北京市朝阳区与长春市朝阳区)"
    if province and city and "province" not in errors and city_in(province, city) is False:
        errors["city"] = f"{city}不属于{province},请核对"
    return errors
