"""Place names: province + city + district, development zones and their aliases.

A district name alone is ambiguous (朝阳区 is in Beijing and in Changchun), so a region is always
compared as province + city + district, or as a development zone. Names are reduced to comparison keys
(北京 == 北京市, 朝阳 == 朝阳区); the display keeps the name as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from places import (
    MUNICIPALITIES,
    Zone,
    city_key,
    clean,
    display_city,
    display_province,
    district_key,
    is_zone_name,
    local_zones,
    province_key,
    zone_key,
    zone_named,
    zone_table,
)

__all__ = [
    "MUNICIPALITIES",
    "RegionSpec",
    "Zone",
    "city_key",
    "clean",
    "company_zones",
    "display_city",
    "display_province",
    "district_key",
    "local_zones",
    "policy_region",
    "province_key",
    "region_spec",
    "zone_key",
    "zone_named",
]


def company_zones(
    zones: object, district: object, city: str | None
) -> tuple[frozenset[str], frozenset[str], bool]:
    """The zones a company sits in: (certain canonical names, zones it may be in, whether its list is known).

    ``city`` is the company's city key (None when unknown). A short alias such as 经开区 counts as
    北京经济技术开发区 only for a Beijing company; with the city unknown it is a "maybe". A district
    written as a zone name (district "亦庄") counts as sitting in that zone.
    """
    table = zone_table()
    certain: set[str] = set()
    maybe: set[str] = set()
    known = isinstance(zones, (list, tuple, set, frozenset))
    names: list[object] = list(zones) if known else []  # type: ignore[call-overload]
    from_district = len(names)
    if district is not None:
        names.append(district)
    for position, name in enumerate(names):
        text = clean(name)
        if not text:
            continue
        zone = table.exact.get(text)
        if zone is not None:
            certain.add(zone.name)
            continue
        candidates = table.local.get(text)
        if candidates:
            for zone in candidates:
                if city is None:
                    maybe.add(zone.name)
                elif zone.city == city:
                    certain.add(zone.name)
        elif position < from_district:
            certain.add(text)
    return frozenset(certain), frozenset(maybe - certain), known


@dataclass(frozen=True, slots=True)
class RegionSpec:
    """Where a clause applies: province and city keys (None = any) and districts or zones within them.

    An empty ``districts`` and ``zones`` means the whole city (or province).
    """

    province: str | None
    city: str | None
    districts: frozenset[str] = frozenset()
    zones: frozenset[str] = frozenset()
    province_name: str = ""
    city_name: str = ""
    district_names: tuple[str, ...] = ()
    zone_names: tuple[str, ...] = ()

    def sentence(self) -> str:
        """The Chinese sentence "注册地在北京市朝阳区" / "位于北京经济技术开发区"."""
        place = ""
        if self.province_name and self.province_name != self.city_name:
            place += self.province_name
        place += self.city_name
        parts = []
        if self.district_names:
            parts.append("注册地在" + place + "或".join(self.district_names))
        if self.zone_names:
            parts.append("位于" + "或".join(self.zone_names))
        if not parts:
            parts.append("注册地在" + (place or "本地区"))
        return "或".join(parts)


def region_spec(province: object, city: object, places: list[object] | tuple[object, ...] = ()) -> RegionSpec:
    """The region spec for places (districts or zones) named in a policy of ``province``/``city``.

    A place equal to the city (or province) means the whole city (or province).
    """
    pkey, ckey = province_key(province), city_key(city)
    if pkey in MUNICIPALITIES and ckey is None:
        ckey = pkey
    if ckey in MUNICIPALITIES and pkey is None:
        pkey = ckey
    districts: dict[str, str] = {}
    zones: dict[str, str] = {}
    whole = False
    table = zone_table()
    for place in places:
        text = clean(place)
        if not text:
            continue
        zone = table.exact.get(text)
        if zone is None and text in table.local:
            local = [z for z in table.local[text] if ckey is None or z.city == ckey]
            zone = local[0] if len(local) == 1 else None
        if zone is not None:
            zones[zone.name] = zone.name
            pkey = pkey or zone.province
            ckey = ckey or zone.city
            continue
        if city_key(text) == ckey or province_key(text) == pkey:
            whole = True
            continue
        if is_zone_name(text):  # a zone the table does not know is still a zone, never a district
            zones[text] = text
            continue
        key = district_key(text)
        if key:
            districts[key] = text
    if whole:
        districts.clear()
        zones.clear()
    return RegionSpec(
        province=pkey,
        city=ckey,
        districts=frozenset(districts),
        zones=frozenset(zones),
        province_name=display_province(pkey) if pkey else "",
        city_name=display_city(ckey) if ckey else "",
        district_names=tuple(districts.values()),
        zone_names=tuple(zones.values()),
    )


def policy_region(policy: dict) -> RegionSpec | None:
    """The region a policy covers (its province, city and district or zone), or None if it names none."""
    province, city, region = policy.get("province"), policy.get("city"), policy.get("region")
    if not (clean(province) or clean(city) or clean(region)):
        return None
    return region_spec(province, city, [region] if clean(region) else [])
