"""A company profile's region read as people write it: province + city + district and zones."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .divisions import divisions
from .keys import MUNICIPALITIES, city_key, clean, display_city, display_province
from .zones import local_zones, zone_named

_PAREN = re.compile(r"[((]([^))]*)[))]")


def zone_name(text: str) -> str | None:
    """The canonical zone a name stands for, also when written "北京经济技术开发区(亦庄)"."""
    zone = zone_named(text)
    if zone is None and _PAREN.search(text):
        zone = zone_named(_PAREN.sub("", text)) or next(
            (zone_named(inner) for inner in _PAREN.findall(text) if zone_named(inner)), None
        )
    return zone.name if zone else None


def split_address(text: str) -> tuple[str | None, str | None, str | None]:
    """(province key, city key, rest) of an address written in one field: 吉林省长春市朝阳区 -> (吉林, 长春, 朝阳区)."""
    div = divisions()
    province = city = None
    rest = text
    for size in range(min(len(rest), 9), 1, -1):
        frag = rest[:size]
        key = div.provinces.get(frag)
        # 吉林市 is a city of 吉林省: a longer city name wins over a province prefix.
        if key is not None and not (frag + "市" == rest[: size + 1] and key not in MUNICIPALITIES):
            province, rest = key, rest[size:]
            break
    if rest and rest not in div.districts:
        for size in range(min(len(rest), 8), 1, -1):
            frag = rest[:size]
            ckey = city_key(frag)
            tail = rest[size:]
            if (
                ckey in div.cities
                and (not tail or tail in div.districts or zone_named(tail) or frag.endswith("市"))
                and (province is None or div.cities[ckey] == province)
            ):
                city, rest = ckey, tail
                break
    if province in MUNICIPALITIES and rest.startswith("市"):
        rest = rest[1:]
    return province, city, rest or None


def normalise_region(
    province: Any,
    city: Any,
    district: Any,
    zones: list[str] | None,
    problems: list[str],
    label: Callable[[str], str] = str,
    show: Callable[[Any], str] = repr,
) -> tuple[str | None, str | None, str | None, list[str] | None]:
    """Province key, city key, district name and zones of a profile from its four fields as written.

    Reads 北京 / 北京市, an address in one field (吉林省长春市朝阳区), a zone written as a district or
    with its alias in brackets, and lets a zone settle an unknown city. Chinese problems (naming each
    field by ``label(key)``) are appended to ``problems``; an unreadable value stays unknown.
    """
    div = divisions()
    pkey = ckey = dname = None
    extra_zones: list[str] = []
    for key, value in (("province", province), ("city", city), ("district", district)):
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{label(key)}应为文字,收到 {show(value)}")
            continue
        text = clean(value)
        if not text:
            continue
        zone = zone_name(text)
        if zone is not None:
            zinfo = zone_named(zone)
            if (pkey and zinfo.province != pkey) or (ckey and zinfo.city != ckey):  # type: ignore[union-attr]
                # A zone elsewhere than the province or city already read is dropped, never the other way
                # round: adding a lower-level fact must not unsettle a higher-level one.
                problems.append(f"{label(key)}“{value}”与已填写的省份或城市不一致")
                continue
            extra_zones.append(zone)
            pkey, ckey = pkey or zinfo.province, ckey or zinfo.city  # type: ignore[union-attr]
            continue
        if key == "district" and (div.places_of(text) or local_zones(text)):
            dname = text
            continue
        if key == "province" and div.province(text):
            pkey = pkey or div.province(text)
            continue
        if key == "city" and div.city(text):
            ckey = ckey or div.city(text)
            continue
        p, c, rest = split_address(text)
        if p is None and c is None:
            if key == "district":
                dname = text
                continue
            if key == "province" and div.provinces:
                problems.append(f"无法识别的省份“{value}”,请用中文全称或简称,例如“北京市”“吉林省”")
                continue
            if key == "city":
                ckey = city_key(text)
                continue
        if (p and pkey and p != pkey) or (c and ckey and c != ckey):
            problems.append(f"{label(key)}“{value}”与已填写的省份或城市不一致")
            continue
        pkey, ckey = pkey or p, ckey or c
        if rest:
            zone = zone_name(rest)
            if zone is not None:
                extra_zones.append(zone)
            elif dname is None:
                dname = rest
    # A zone lies in one city: zones all in one city settle an unknown province and city.
    if ckey is None:
        homes = {
            (z.province, z.city) for z in map(zone_named, [*(zones or []), *extra_zones]) if z is not None
        }
        if len(homes) == 1:
            ((zp, zc),) = homes
            if pkey in (None, zp):
                pkey, ckey = zp, zc
    # A municipality is its own city; a known city settles the province.
    if pkey in MUNICIPALITIES and ckey is None:
        ckey = pkey
    if ckey is not None and pkey is None:
        pkey = div.cities.get(ckey) or (ckey if ckey in MUNICIPALITIES else None)
    if pkey and ckey and div.cities.get(ckey) not in (None, pkey):
        problems.append(f"城市“{display_city(ckey)}”不属于“{display_province(pkey)}”,请核对")
        ckey = None  # contradictory: the province, written first, stands
    if dname is not None and pkey is not None and ckey is None:
        places = {c for p, c in div.places_of(dname) if p == pkey}
        if len(places) == 1:
            ckey = places.pop()
    if extra_zones:
        zones = [*(zones or []), *(z for z in extra_zones if z not in (zones or []))]
    return pkey, ckey, dname, zones
