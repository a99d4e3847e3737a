"""Development zones, new areas and parks (data/zones.csv) with the province and city they lie in.

Each row names a zone once; the spellings people use are its aliases: those written in the row, and
those every zone of its kind has (哈尔滨经济技术开发区 -> 哈尔滨经开区, 贵阳高新技术产业开发区 ->
贵阳国家高新区 / 贵阳高新区, 中国(广西)自由贸易试验区南宁片区 -> 广西自贸试验区南宁片区). A local alias
(经开区, 高新区, 新区) names a zone only for someone in the zone's city, and only when that city has
one zone of the kind.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from .divisions import DATA, divisions
from .keys import city_key, clean, province_key, short_name

# The spellings every zone of a kind has: (ending of the name, variants of that ending, local aliases).
_KIND_ENDINGS = {
    "经济技术开发区": (
        "经济技术开发区",
        ("经开区", "国家级经济技术开发区", "国家经济技术开发区", "经济技术开发区"),
        ("经开区", "经济技术开发区", "国家级经济技术开发区"),
    ),
    "高新技术产业开发区": (
        "高新技术产业开发区",
        (
            "高新区",
            "国家高新区",
            "国家高新技术产业开发区",
            "高新技术开发区",
            "国家级高新区",
            "高新技术产业开发区",
        ),
        ("高新区", "国家高新区", "高新技术产业开发区"),
    ),
    "国家级新区": ("新区", ("新区",), ("新区", "国家级新区")),
    "综合改革示范区": ("综合改革示范区", (), ()),
}
# Endings of zone names; a place name right before one makes a zone name (成都高新区, 青岛保税区).
ZONE_SUFFIXES = (
    "高新技术产业开发区",
    "经济技术开发区",
    "综合改革示范区",
    "经济开发区",
    "自由贸易试验区",
    "综合保税区",
    "高新区",
    "经开区",
    "综改区",
    "新区",
    "保税区",
    "工业园区",
    "合作区",
    "科学城",
    "开发区",
    "片区",
)
# Kinds whose name is a brand for (most of) one district: the district's own policies carry it.
DISTRICT_BRANDS = frozenset({"区域品牌"})


@dataclass(frozen=True, slots=True)
class Zone:
    """A development zone or park: canonical name, kind, where it lies (keys and full names), aliases."""

    name: str
    kind: str
    province: str  # province key (北京)
    city: str  # city key (北京)
    province_name: str = ""  # 北京市
    city_name: str = ""  # 北京市
    district: str = ""  # the district it lies in or stands for, when one
    aliases: tuple[str, ...] = ()  # written in the row: irregular names (亦庄, 哈经开区)
    variants: tuple[str, ...] = ()  # derived from the kind: the name with another ending (西安高新区)
    local_aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every unambiguous spelling: the name, its aliases and its variants."""
        return (self.name, *self.aliases, *self.variants)


def _variants(name: str, kind: str, province: str, city: str) -> list[str]:
    out: list[str] = []
    if kind == "自贸试验区片区" and name.startswith("中国(") and ")自由贸易试验区" in name:
        short, area = name[3:].split(")自由贸易试验区", 1)
        for head in (
            f"中国({short})自贸试验区",
            f"{short}自由贸易试验区",
            f"{short}自贸试验区",
            f"{short}自贸区",
        ):
            out.append(head + area)
        return out
    ending = _KIND_ENDINGS.get(kind)
    if ending is None or not name.endswith(ending[0]):
        return out
    stem = name[: -len(ending[0])]
    stems = [stem]
    div = divisions()
    if city_key(stem) in div.cities or stem + "市" in div.districts:
        stems.append(stem + "市")
    if kind == "国家级新区":
        stems.append(short_name(province) + stem)
    for s in stems:
        out.extend(s + e for e in ending[1])
    return [v for v in dict.fromkeys(out) if v != name]


@dataclass(slots=True)
class ZoneTable:
    """Zones by every spelling (cleaned), and local aliases -> the zones they may stand for."""

    zones: list[Zone] = field(default_factory=list)
    exact: dict[str, Zone] = field(default_factory=dict)
    local: dict[str, list[Zone]] = field(default_factory=dict)


def _read() -> list[dict[str, str]]:
    try:
        with open(DATA / "zones.csv", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except OSError:
        return []


def build(rows: list[dict[str, str]]) -> ZoneTable:
    """The zone table for rows shaped like data/zones.csv."""
    table = ZoneTable()
    for row in rows:
        name, kind = clean(row["name"]), row["kind"].strip()
        province, city = clean(row["province"]), clean(row["city"])
        split = lambda text: tuple(a for a in (clean(x) for x in (text or "").split("|")) if a)  # noqa: E731
        ending = _KIND_ENDINGS.get(kind)
        local = (*split(row.get("local_aliases")), *(ending[2] if ending else ()))
        table.zones.append(
            Zone(
                name=name,
                kind=kind,
                province=province_key(province) or "",
                city=city_key(city) or "",
                province_name=province,
                city_name=city,
                district=clean(row.get("district")),
                aliases=split(row.get("aliases")),
                variants=tuple(_variants(name, kind, province, city)),
                local_aliases=tuple(dict.fromkeys(local)),
            )
        )
    for zone in table.zones:
        for alias in zone.names:
            table.exact.setdefault(alias, zone)
    # A local alias stands for a zone only where its city has one zone that uses it.
    per_city = Counter((alias, z.city) for z in table.zones for alias in z.local_aliases)
    for zone in table.zones:
        for alias in zone.local_aliases:
            if per_city[(alias, zone.city)] == 1 and alias not in table.exact:
                table.local.setdefault(alias, []).append(zone)
    return table


@functools.cache
def zone_table() -> ZoneTable:
    """The process-wide zone table."""
    return build(_read())


def zone_named(name: object) -> Zone | None:
    """The zone an unambiguous name or alias stands for (亦庄 -> 北京经济技术开发区), else None."""
    return zone_table().exact.get(clean(name))


def zone_key(name: object) -> str | None:
    """The canonical zone name for a name as written (unknown zones keep their cleaned name)."""
    text = clean(name)
    if not text:
        return None
    zone = zone_table().exact.get(text)
    return zone.name if zone else text


def local_zones(name: object) -> list[Zone]:
    """Zones a short local alias may stand for (经开区): which one depends on the city."""
    return zone_table().local.get(clean(name), [])


def zones_in(province: str | None, city: str | None) -> list[Zone]:
    """The zones of a city (or of a province when the city is None), by province and city key."""
    return [
        z
        for z in zone_table().zones
        if (province is None or z.province == province) and (city is None or z.city == city)
    ]


# Words that make a name a zone or park rather than a division (中关村朝阳园, 怀柔科学城, 临港新片区).
_ZONE_WORDS = re.compile(
    r"新区|开发区|高新区|经开区|综改区|片区|园区|园$|科学城|副中心|自贸|保税|试验区|示范区|新城|经济区|合作区|基地"
)


def is_zone_name(name: object) -> bool:
    """Whether a name stands for a zone: a known one, or one with a zone's word that is no division.

    A division wins over the words (滨海新区 and 浦东新区 are districts): ingest, the matcher and the
    policy's region condition all decide with this one test.
    """
    text = clean(name)
    if not text:
        return False
    if text in zone_table().exact:
        return True
    return text not in divisions().districts and bool(_ZONE_WORDS.search(text))
