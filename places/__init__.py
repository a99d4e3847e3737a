"""The gazetteer: one home for place names (plain Python, no Django).

- ``divisions()``: China's administrative divisions (data/adcodes*.csv) as comparison tables, full
  names and the province -> city -> district tree.
- ``zone_table()``, ``zone_named``, ``local_zones``: development zones, new areas and parks
  (data/zones.csv) with their province, city and aliases.
- keys (``province_key``, ``city_key``, ``district_key``, ``zone_key``) and ``same_region``: how
  places compare (朝阳区 in Beijing is not 朝阳区 in Changchun); ``place_path`` / ``place_scope``:
  the same keys as text, for a place stored in the database and the area a jurisdiction covers.
- ``gazetteer()``: place mentions in text, resolved with the text as context (ingest).
- ``normalise_region``: a company profile's region as people write it (吉林省长春市朝阳区 in one field).
- ``region_errors``, ``region_tree``, ``zone_options``: what the profile form offers and checks.
"""

from .divisions import Divisions, divisions
from .forms import provinces, region_errors, region_tree, zone_options
from .keys import (
    MUNICIPALITIES,
    MUNICIPALITY_NAMES,
    city_key,
    clean,
    display_city,
    display_province,
    district_key,
    province_key,
)
from .mentions import Gazetteer, Place, gazetteer
from .profile import normalise_region, split_address, zone_name
from .zones import Zone, is_zone_name, local_zones, zone_key, zone_named, zone_table, zones_in

__all__ = [
    "MUNICIPALITIES",
    "MUNICIPALITY_NAMES",
    "Divisions",
    "Gazetteer",
    "Place",
    "Zone",
    "city_key",
    "clean",
    "display_city",
    "display_province",
    "district_key",
    "divisions",
    "gazetteer",
    "is_zone_name",
    "local_zones",
    "normalise_region",
    "place_path",
    "place_scope",
    "province_key",
    "provinces",
    "region_errors",
    "region_key",
    "region_tree",
    "same_region",
    "split_address",
    "zone_key",
    "zone_name",
    "zone_named",
    "zone_options",
    "zone_table",
    "zones_in",
]


def region_key(
    province: object, city: object, place: object = None
) -> tuple[str | None, str | None, str | None]:
    """(province key, city key, district key or canonical zone) of a place written any way.

    A zone settles its own province and city; a municipality is its own city; a district names its
    province and city only through them (朝阳区 alone stays (None, None, 朝阳)).
    """
    pkey, ckey = province_key(province), city_key(city)
    zone = zone_named(place)
    if zone is not None:
        return pkey or zone.province, ckey or zone.city, zone.name
    if pkey in MUNICIPALITIES and ckey is None:
        ckey = pkey
    if ckey in MUNICIPALITIES and pkey is None:
        pkey = ckey
    if ckey is not None and pkey is None:
        pkey = divisions().cities.get(ckey)
    text = clean(place)
    if not text or city_key(text) == ckey or province_key(text) == pkey:
        return pkey, ckey, None
    return pkey, ckey, district_key(text)


def same_region(a: tuple[object, object, object], b: tuple[object, object, object]) -> bool:
    """Whether two (province, city, district or zone) places are the same place."""
    return region_key(*a) == region_key(*b)


def place_path(province: object, city: object, place: object = None) -> str:
    """A place's key as text, "北京/北京/朝阳" ("" for a part not known), stored to compare in SQL."""
    return "/".join(part or "" for part in region_key(province, city, place))


def place_scope(province: object, city: object, place: object = None) -> tuple[str, bool] | None:
    """The paths a jurisdiction covers, as (path, exact) or (prefix, False); None when it is not placed.

    A district or zone covers its own path; a city or a province every path under it. A district
    named without its province and city (朝阳区 alone) is ambiguous and places nothing.
    """
    pkey, ckey, dkey = region_key(province, city, place)
    if dkey is not None:
        if pkey is None or ckey is None:
            return None
        return f"{pkey}/{ckey}/{dkey}", True
    if ckey is not None and pkey is not None:
        return f"{pkey}/{ckey}/", False
    if pkey is not None:
        return f"{pkey}/", False
    return None
