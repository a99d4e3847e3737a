"""China's administrative divisions (GB/T 2260 names), read once from data/adcodes*.csv.

One parse serves every reader: the comparison tables of the matcher (keys: 北京, 长春, 朝阳区 kept
whole), the full names ingest resolves text to (北京市, 长春市, 朝阳区) and the province -> city ->
district tree of the profile form.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

from .keys import MUNICIPALITIES, city_key, province_key

DATA = Path(__file__).resolve().parent / "data"
_FILES = ("adcodes.csv", "adcodes_added.csv")
_PLACEHOLDERS = ("市辖区", "县")
_DIRECT_COUNTIES = ("省直辖县级行政区划", "自治区直辖县级行政区划")
DISTRICT_ENDINGS = ("区", "县", "市", "旗")


@dataclass(frozen=True, slots=True)
class District:
    """A county-level division with the full names of its province and city."""

    province: str
    city: str
    name: str


@dataclass(slots=True)
class Divisions:
    """The division tables; ``*_key`` names are comparison keys, the rest full names."""

    provinces: dict[str, str] = field(default_factory=dict)  # any spelling -> province key
    names: dict[str, str] = field(default_factory=dict)  # province key -> full name (广西 -> 广西壮族自治区)
    cities: dict[str, str] = field(default_factory=dict)  # city key -> province key
    city_names: dict[str, str] = field(default_factory=dict)  # city key -> full name
    districts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # name -> [(pkey, ckey)]
    records: list[District] = field(default_factory=list)  # every district / county with full names
    tree: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # {province: {city: [district]}}

    def province(self, name: str) -> str | None:
        """The province key for 北京 / 北京市 / 吉林省 / 广西壮族自治区; None if unknown."""
        return self.provinces.get(name) or self.provinces.get(province_key(name) or "")

    def city(self, name: str) -> str | None:
        """The city key for 长春 / 长春市 (a municipality is its own city); None if unknown."""
        key = city_key(name) or ""
        return key if key in self.cities else None

    def places_of(self, district: str) -> list[tuple[str, str]]:
        """Where a district name lies: [(province key, city key)], several when the name repeats."""
        found = self.districts.get(district)
        if found is None and district[-1:] not in DISTRICT_ENDINGS:
            found = [p for suffix in DISTRICT_ENDINGS for p in self.districts.get(district + suffix, [])]
        return found or []

    def province_name(self, name: object) -> str | None:
        """The full name of a province written any way (广西 -> 广西壮族自治区); None if unknown."""
        key = self.province(name) if isinstance(name, str) else None
        return self.names.get(key) if key else None


def _rows() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for name in _FILES:
        try:
            with open(DATA / name, encoding="utf-8") as f:
                rows += [(r["adcode"], r["name"]) for r in csv.DictReader(f)]
        except OSError:
            continue
    return sorted(rows)


def build(rows: list[tuple[str, str]]) -> Divisions:
    """The tables for a list of (12-digit code, name) rows."""
    out = Divisions()
    provinces: dict[str, str] = {}  # code[:2] -> full name
    for code, name in rows:
        if code[2:] == "0" * 10:
            provinces[code[:2]] = name
            key = province_key(name) or name
            out.provinces[name] = key
            out.provinces[key] = key
            out.names[key] = name
            out.tree[name] = {}
    for name in MUNICIPALITIES:
        out.cities[name] = name
        out.city_names[name] = out.names.get(name, name + "市")
    cities: dict[str, str] = {}  # code[:4] -> full city name ("" for the counties directly under a province)
    for code, name in rows:
        prov = provinces.get(code[:2])
        if prov is None or code[4:] != "0" * 8 or code[2:4] == "00":
            continue
        if name in _PLACEHOLDERS or province_key(prov) in MUNICIPALITIES:
            cities[code[:4]] = prov
            out.tree[prov].setdefault(prov, [])
        elif name in _DIRECT_COUNTIES:
            cities[code[:4]] = ""
        else:
            cities[code[:4]] = name
            out.tree[prov].setdefault(name, [])
            ckey = city_key(name) or name
            out.cities.setdefault(ckey, province_key(prov) or prov)
            out.city_names.setdefault(ckey, name)
    for code, name in rows:
        prov = provinces.get(code[:2])
        if prov is None or code[6:] != "0" * 6 or code[4:6] == "00" or name in _PLACEHOLDERS:
            continue
        city = cities.get(code[:4])
        pkey = province_key(prov) or prov
        if not city:  # a county-level city directly under the province is its own city
            city = name
            out.tree[prov].setdefault(name, [])
            ckey = city_key(name) or name
        else:
            out.tree[prov].setdefault(city, []).append(name)
            ckey = city_key(city) or city
        out.records.append(District(prov, city, name))
        places = out.districts.setdefault(name, [])
        if (pkey, ckey) not in places:
            places.append((pkey, ckey))
    return out


@functools.cache
def divisions() -> Divisions:
    """The process-wide division tables (empty when the list is not shipped)."""
    return build(_rows())
