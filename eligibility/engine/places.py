"""The administrative divisions the matcher needs to read a company's address (plain Python, loaded once).

Built from the division list shipped with the repository (GB/T 2260 names, plus the districts created
since). Keys are the comparison keys of ``regions`` (北京市 -> 北京, 长春市 -> 长春, 朝阳区 kept whole).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

from .regions import MUNICIPALITIES, city_key, province_key

_DATA = Path(__file__).resolve().parents[2] / "ingest" / "pipeline" / "data"
_PLACEHOLDER_CITIES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


@dataclass(slots=True)
class Divisions:
    """Province keys, cities (key -> province key) and districts (full name -> [(province, city)])."""

    provinces: dict[str, str] = field(default_factory=dict)  # any spelling -> key
    cities: dict[str, str] = field(default_factory=dict)  # city key -> province key
    districts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # province key -> full name (广西 -> 广西壮族自治区)

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
        if found is None and district[-1:] not in ("区", "县", "市", "旗"):
            found = [
                p for suffix in ("区", "县", "市", "旗") for p in self.districts.get(district + suffix, [])
            ]
        return found or []


def _rows() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for name in ("adcodes.csv", "adcodes_added.csv"):
        try:
            with open(_DATA / name, encoding="utf-8") as f:
                rows += [(r["adcode"], r["name"]) for r in csv.DictReader(f)]
        except OSError:
            continue
    return rows


@functools.cache
def divisions() -> Divisions:
    """The process-wide division tables (empty when the list is not shipped)."""
    rows = _rows()
    out = Divisions()
    provinces: dict[str, str] = {}
    for code, name in rows:
        if code[2:] == "0" * 10:
            key = province_key(name) or name
            provinces[code[:2]] = key
            out.provinces[name] = key
            out.provinces[key] = key
            out.names[key] = name
    for key in MUNICIPALITIES:
        out.cities[key] = key
    cities: dict[str, str] = {}
    for code, name in rows:
        if code[4:] == "0" * 8 and code[2:4] != "00":
            prov = provinces.get(code[:2], "")
            if name in _PLACEHOLDER_CITIES or prov in MUNICIPALITIES:
                cities[code[:4]] = prov
            else:
                ckey = city_key(name) or name
                cities[code[:4]] = ckey
                out.cities.setdefault(ckey, prov)
    for code, name in rows:
        if code[6:] == "0" * 6 and code[4:6] != "00" and name != "市辖区":
            prov = provinces.get(code[:2], "")
            ckey = cities.get(code[:4]) or prov
            if ckey == prov and prov not in MUNICIPALITIES:
                ckey = city_key(name) or name  # a county-level city directly under the province
            places = out.districts.setdefault(name, [])
            if (prov, ckey) not in places:
                places.append((prov, ckey))
    return out
