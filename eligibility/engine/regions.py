"""Place names: province + city + district, development zones and their aliases.

A district name alone is ambiguous (朝阳区 is in Beijing and in Changchun), so a region is always
compared as province + city + district, or as a development zone. Names are reduced to comparison keys
(北京 == 北京市, 朝阳 == 朝阳区); the display keeps the name as written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

_PROVINCE_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
MUNICIPALITIES = frozenset({"北京", "上海", "天津", "重庆"})


@dataclass(frozen=True, slots=True)
class Zone:
    """A development zone or park, with the province and city it lies in."""

    name: str
    province: str
    city: str
    aliases: tuple[str, ...] = ()
    # aliases that name this zone only when the company's city is the zone's city ("经开区")
    local_aliases: tuple[str, ...] = ()


ZONES: tuple[Zone, ...] = (
    Zone(
        "北京经济技术开发区",
        "北京",
        "北京",
        aliases=(
            "北京经开区",
            "亦庄",
            "亦庄新城",
            "北京亦庄",
            "亦庄经济技术开发区",
            "北京亦庄经济技术开发区",
            "亦庄经开区",
        ),
        local_aliases=("经开区", "经济技术开发区", "开发区"),
    ),
    Zone(
        "中关村朝阳园",
        "北京",
        "北京",
        aliases=("中关村科技园区朝阳园", "中关村电子城科技园"),
        local_aliases=("朝阳园",),
    ),
    Zone("中关村石景山园", "北京", "北京", aliases=("中关村科技园区石景山园",), local_aliases=("石景山园",)),
    Zone("中关村海淀园", "北京", "北京", aliases=("中关村科技园区海淀园",), local_aliases=("海淀园",)),
    Zone("中关村东城园", "北京", "北京", aliases=("中关村科技园区东城园",), local_aliases=("东城园",)),
    Zone("中关村西城园", "北京", "北京", aliases=("中关村科技园区西城园",), local_aliases=("西城园",)),
    Zone("中关村科学城", "北京", "北京"),
    Zone("怀柔科学城", "北京", "北京", aliases=("怀柔综合性国家科学中心",)),
    Zone("未来科学城", "北京", "北京"),
    Zone("长春新区", "吉林", "长春", aliases=("吉林长春新区", "长春市长春新区", "长春新区管委会")),
    Zone(
        "长春高新技术产业开发区",
        "吉林",
        "长春",
        aliases=("长春高新区", "长春高新技术开发区", "长春国家高新技术产业开发区"),
        local_aliases=("高新区",),
    ),
    Zone("长春经济技术开发区", "吉林", "长春", aliases=("长春经开区",)),
    Zone("张江高科技园区", "上海", "上海", aliases=("张江科学城", "上海张江高科技园区", "张江")),
    Zone("虹桥国际中央商务区", "上海", "上海", aliases=("虹桥商务区", "上海虹桥国际中央商务区")),
)


def clean(name: object) -> str:
    """A place name with width folded and whitespace removed ("" for anything else)."""
    if not isinstance(name, str):
        return ""
    return "".join(unicodedata.normalize("NFKC", name).split())


def province_key(name: object) -> str | None:
    """The comparison key of a province: 北京市 -> 北京, 吉林省 -> 吉林."""
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


@dataclass(slots=True)
class _ZoneTable:
    exact: dict[str, Zone] = field(default_factory=dict)
    local: dict[str, list[Zone]] = field(default_factory=dict)


def _build_table() -> _ZoneTable:
    table = _ZoneTable()
    for zone in ZONES:
        for alias in (zone.name, *zone.aliases):
            table.exact[clean(alias)] = zone
        for alias in zone.local_aliases:
            table.local.setdefault(clean(alias), []).append(zone)
    return table


_TABLE = _build_table()


def zone_named(name: object) -> Zone | None:
    """The zone an unambiguous name or alias stands for (亦庄 -> 北京经济技术开发区), else None."""
    return _TABLE.exact.get(clean(name))


def zone_key(name: object) -> str | None:
    """The canonical zone name for a name as written (unknown zones keep their cleaned name)."""
    text = clean(name)
    if not text:
        return None
    zone = _TABLE.exact.get(text)
    return zone.name if zone else text


def local_zones(name: object) -> list[Zone]:
    """Zones a short local alias may stand for (经开区): which one depends on the company's city."""
    return _TABLE.local.get(clean(name), [])


def company_zones(
    zones: object, district: object, city: str | None
) -> tuple[frozenset[str], frozenset[str], bool]:
    """The zones a company sits in: (certain canonical names, zones it may be in, whether its list is known).

    ``city`` is the company's city key (None when unknown). A short alias such as 经开区 counts as
    北京经济技术开发区 only for a Beijing company; with the city unknown it is a "maybe". A district
    written as a zone name (district "亦庄") counts as sitting in that zone.
    """
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
        zone = _TABLE.exact.get(text)
        if zone is not None:
            certain.add(zone.name)
            continue
        candidates = _TABLE.local.get(text)
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
    for place in places:
        text = clean(place)
        if not text:
            continue
        zone = _TABLE.exact.get(text)
        if zone is None and text in _TABLE.local:
            local = [z for z in _TABLE.local[text] if ckey is None or z.city == ckey]
            zone = local[0] if len(local) == 1 else None
        if zone is not None:
            zones[zone.name] = zone.name
            pkey = pkey or zone.province
            ckey = ckey or zone.city
            continue
        if city_key(text) == ckey or province_key(text) == pkey:
            whole = True
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
