"""What the profile form and API offer and check: the region tree with zones, and consistency messages."""

from __future__ import annotations

import functools

from .divisions import divisions
from .keys import MUNICIPALITY_NAMES, city_key, clean, province_key
from .zones import local_zones, zone_named, zone_table


@functools.cache
def region_tree() -> dict[str, dict[str, list[str]]]:
    """``{province: {city: [district, ...]}}``; a municipality is its own city (北京市 -> 北京市)."""
    return divisions().tree


@functools.cache
def zone_options() -> dict[str, list[str]]:
    """``{city: [zone, ...]}`` (full city names): the zones the form suggests for a city."""
    out: dict[str, list[str]] = {}
    for zone in zone_table().zones:
        out.setdefault(zone.city_name, []).append(zone.name)
    return out


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


def _home(province: str, city: str) -> tuple[str | None, str | None]:
    pkey, ckey = province_key(province), city_key(city)
    return pkey, ckey or (pkey if pkey and f"{pkey}市" in MUNICIPALITY_NAMES else None)


def district_in(province: str, city: str, district: str) -> bool | None:
    """Whether a district (or a zone written as one) lies in the city; None when nothing says.

    A name the division list and the zone table do not know stays open (None): only a district or
    zone known to lie elsewhere is refused.
    """
    pkey, ckey = _home(province, city)
    text = clean(district)
    zone = zone_named(text)
    if zone is not None:
        return zone.province == pkey and zone.city == ckey
    if local_zones(text):
        return None
    places = divisions().places_of(text)
    if not places:
        return None
    return (pkey, ckey) in places


def zone_in(province: str, city: str, zone_name: str) -> bool | None:
    """Whether a known zone lies in the city; None for a zone the table does not know."""
    zone = zone_named(zone_name)
    if zone is None:
        return None
    pkey, ckey = _home(province, city)
    if ckey is None:
        return zone.province == pkey if pkey else None
    return zone.province == pkey and zone.city == ckey


def region_errors(province: str, city: str, district: str, zones: list[str] | None = None) -> dict[str, str]:
    """Chinese messages for an inconsistent province + city + district (+ zones), keyed by field."""
    errors: dict[str, str] = {}
    if province and region_tree() and not is_province(province):
        errors["province"] = "请填写完整的省级名称,例如“北京市”“吉林省”"
    if city and not province:
        errors["province"] = "填写城市时请同时填写省份"
    if district and not (province and city):
        errors["district"] = "填写区县时请同时填写省份和城市,以免同名区县混淆(如北京市朝阳区与长春市朝阳区)"
    if province and city and "province" not in errors and city_in(province, city) is False:
        errors["city"] = f"{city}不属于{province},请核对"
    if province and city and not errors and district and district_in(province, city, district) is False:
        errors["district"] = f"{district}不在{province}{city if city != province else ''},请核对"
    if province and not errors.keys() & {"province", "city"}:
        away = [z for z in zones or () if zone_in(province, city, z) is False]
        if away:
            where = zone_named(away[0])
            errors["zones"] = f"{away[0]}位于{where.city_name if where else ''},与注册地不一致,请核对"
    return errors
