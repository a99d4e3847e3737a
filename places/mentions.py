"""Place mentions in text: districts, zones and cities, resolved with the text as context (for ingest)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from .divisions import Divisions, divisions
from .keys import MUNICIPALITY_NAMES, short_name
from .zones import DISTRICT_BRANDS, ZONE_SUFFIXES, ZoneTable, zone_table

# Zone suffixes whose name may put a few words between the city and the suffix: 青岛西海岸新区, 西安高新区.
_GAP_SUFFIX = (
    "高新技术产业开发区",
    "经济技术开发区",
    "综合改革示范区",
    "经济开发区",
    "高新区",
    "经开区",
    "新区",
    "开发区",
    "片区",
)
# Characters that never stand between a city name and its zone suffix inside one name.
_GAP_STOP = set("的之关于和与及在对向为等、,,。;:()《》“”支持推动促进加快发展建设入驻落户企业")
# Abbreviations used in 文号 and text for provinces.
_PROVINCE_ABBR = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省",
    "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省",
    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
    "粤": "广东省", "琼": "海南省", "川": "四川省", "蜀": "四川省", "黔": "贵州省", "贵": "贵州省",
    "滇": "云南省", "云": "云南省", "陕": "陕西省", "秦": "陕西省", "甘": "甘肃省", "陇": "甘肃省",
    "青": "青海省", "蒙": "内蒙古自治区", "桂": "广西壮族自治区", "藏": "西藏自治区", "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}  # fmt: skip


# Currencies of the places outside the mainland's yuan: a page paying in them is about that place.
_CURRENCY_HOME = {"港币": "香港特别行政区", "港元": "香港特别行政区", "台币": "台湾省"}


@dataclass(frozen=True)
class Place:
    """A resolved place: province, city and the district / zone (region), full names."""

    province: str | None
    city: str | None
    region: str | None


class Gazetteer:
    """Lookup tables for reading place names in text, built once from the divisions and the zones."""

    def __init__(self, div: Divisions, zones: ZoneTable):
        self.districts: dict[str, list[Place]] = {}
        self.cities: dict[str, Place] = {}
        self.provinces: dict[str, str] = {}
        for prov in div.names.values():
            self.provinces[prov] = prov
            self.provinces[short_name(prov)] = prov
        own = {d.city for d in div.records if d.city == d.name}  # county-level cities under a province
        for prov, cities in div.tree.items():
            for city in cities:
                if city not in MUNICIPALITY_NAMES and city != prov and city not in own:
                    self.cities.setdefault(city, Place(prov, city, None))
                    self.cities.setdefault(short_name(city), Place(prov, city, None))
        for d in div.records:
            self.districts.setdefault(d.name, []).append(Place(d.province, d.city, d.name))
        self.maxlen = max((len(n) for n in self.districts), default=1)
        self.city_by_short = dict(self.cities)
        # every spelling of a known zone -> the place it names (the zone; a district for a district's brand)
        self.zone_names: dict[str, Place] = {}
        for zone in zones.zones:
            for spelling in zone.names:
                if zone.kind in DISTRICT_BRANDS and zone.district:
                    region = zone.district
                else:  # a derived variant is kept as written (西安高新区); an alias names the zone
                    region = spelling if spelling in zone.variants else zone.name
                place = Place(zone.province_name, zone.city_name, region)
                for form in {spelling, spelling.replace("(", "（").replace(")", "）")}:
                    self.zone_names.setdefault(form, place)
        self.zone_ends = {name[-1] for name in self.zone_names}
        self.local_names = sorted(
            ((alias, found) for alias, found in zones.local.items() if alias not in ("开发区", "新区")),
            key=lambda item: -len(item[0]),
        )
        self.zone_sizes = sorted({len(name) for name in self.zone_names}, reverse=True)

    # ------------------------------------------------------------------ scanning

    def district_mentions(self, text: str) -> list[tuple[int, int, str]]:
        """Full district / county names in text as (start, end, name); longest match at each end."""
        out = []
        for i, ch in enumerate(text):
            if ch not in "区县旗市":
                continue
            for size in range(min(self.maxlen, i + 1), 1, -1):
                name = text[i - size + 1 : i + 1]
                if name in self.districts:
                    out.append((i - size + 1, i + 1, name))
                    break
        return out

    def known_zone_mentions(self, text: str) -> list[tuple[int, int, Place]]:
        """Zones of the zone table named in text (any spelling), longest first, none inside another."""
        found: list[tuple[int, int, Place]] = []
        names, ends, sizes = self.zone_names, self.zone_ends, self.zone_sizes
        for i, ch in enumerate(text):
            if ch not in ends:
                continue
            for size in sizes:
                if size <= i + 1:
                    place = names.get(text[i - size + 1 : i + 1])
                    if place is not None:
                        found.append((i - size + 1, i + 1, place))
                        break
        found.sort(key=lambda m: (m[0], m[0] - m[1]))
        out: list[tuple[int, int, Place]] = []
        for m in found:
            if not any(a <= m[0] and m[1] <= b for a, b, _ in out):
                out.append(m)
        return out

    def zone_mentions(self, text: str, loose: bool = False) -> list[tuple[int, int, Place]]:
        """Development zones and known aliases in text, resolved to their province / city.

        loose: also names with a few words between the city and the suffix (青岛西海岸新区); for titles.
        """
        out = self.known_zone_mentions(text)
        for suffix in ZONE_SUFFIXES:
            for m in re.finditer(suffix, text):
                head = text[max(0, m.start() - 8) : m.start()]
                place = self._prefix_place(head)
                if place is None:
                    continue
                start = m.start() - place[0]
                region = text[start : m.end()]
                if any(a <= start < b or a < m.end() <= b for a, b, _ in out):
                    continue
                out.append((start, m.end(), Place(place[1].province, place[1].city, region)))
        if loose:
            for suffix in _GAP_SUFFIX:
                for m in re.finditer(suffix, text):
                    if any(a <= m.start() < b for a, b, _ in out):
                        continue
                    found = self._gap_place(text, m.start())
                    if found:
                        out.append((found[0], m.end(), found[1]))
        return sorted(out, key=lambda x: x[0])

    def _gap_place(self, text: str, suffix_start: int) -> tuple[int, Place] | None:
        """A zone 'city + up to four words + suffix' ending at suffix_start: (its start, place)."""
        for gap in range(1, 5):
            name_end = suffix_start - gap
            middle = text[name_end:suffix_start]
            if name_end <= 0 or any(ch in _GAP_STOP or not "\u4e00" <= ch <= "\u9fff" for ch in middle):
                break
            found = self._prefix_place(text[max(0, name_end - 8) : name_end])
            if found is None:
                continue
            size, base = found
            start = name_end - size
            suffix = next(x for x in _GAP_SUFFIX if text.startswith(x, suffix_start))
            inner = middle.lstrip("市省") + suffix
            for district in self.districts.get(inner, []):
                if district.city == base.city or district.province == base.province:
                    return start, district  # 天津滨海新区 is the district 滨海新区
            return start, Place(base.province, base.city, text[start : suffix_start + len(suffix)])
        return None

    def _prefix_place(self, head: str) -> tuple[int, Place] | None:
        """The place name that ends `head` and starts a zone name: (its length, place)."""
        for size in range(min(len(head), 6), 1, -1):
            frag = head[-size:]
            if frag in self.city_by_short:
                return size, self.city_by_short[frag]
            if frag in self.provinces:
                prov = self.provinces[frag]
                return size, Place(prov, prov if prov in MUNICIPALITY_NAMES else None, None)
        return None

    # ------------------------------------------------------------------ context

    def context_scores(self, text: str) -> Counter[str]:
        """How strongly the text points at each province and city (mention counts)."""
        scores: Counter[str] = Counter()
        bigrams = {
            text[i : i + 2] for i in range(len(text) - 1)
        }  # names are counted only where they can occur
        for name, prov in self.provinces.items():
            if len(name) >= 2 and name[:2] in bigrams:
                n = text.count(name)
                if n:
                    scores[prov] += n
        for name, place in self.cities.items():
            if len(name) < 2 or name[:2] not in bigrams:
                continue
            n = text.count(name)
            if n and name == place.city:
                scores[place.city] += 2 * n
                scores[place.province or ""] += n
            elif n:
                scores[place.city or ""] += n
        for m in re.finditer(r"([\u4e00-\u9fff])[\u4e00-\u9fff]{0,6}[〔\[]\d{4}[〕\]]", text):
            prov = _PROVINCE_ABBR.get(m.group(1))
            if prov:
                scores[prov] += 2
        for _, _, name in self.district_mentions(text):
            options = self.districts[name]
            if len(options) == 1:
                scores[options[0].province or ""] += 1
                scores[options[0].city or ""] += 1
        return scores

    def leading_place(self, text: str) -> Place | None:
        """A city or province named at the start of `text` (深圳市关于…, 江苏省…): a city- or province-level place."""
        s = re.sub(r"^(?:中共|关于)", "", text.strip())
        for size in range(min(len(s), 8), 1, -1):
            frag = s[:size]
            if frag in self.cities and frag == self.cities[frag].city:
                p = self.cities[frag]
                return Place(p.province, p.city, p.city)
            if frag in self.provinces and frag == self.provinces[frag]:
                prov = frag
                return Place(prov, prov if prov in MUNICIPALITY_NAMES else None, prov)
        return None

    def local_zone(self, text: str, context: Counter[str]) -> Place | None:
        """A zone named the way its own city names it (高新区, 经开区) in `text`, placed by the context.

        Only when the best supported city has the one zone of that name; 开发区 and 新区 alone are too
        common a word to name a zone.
        """
        for alias, zones in self.local_names:
            if alias not in text:
                continue
            ranked = sorted(zones, key=lambda z: context.get(z.city_name, 0), reverse=True)
            best = context.get(ranked[0].city_name, 0)
            if best > 0 and (len(ranked) == 1 or context.get(ranked[1].city_name, 0) < best):
                top = max((c for c in context if c in self.cities), key=context.__getitem__, default=None)
                if top in (None, ranked[0].city_name) or ranked[0].city_name in MUNICIPALITY_NAMES:
                    zone = ranked[0]
                    return Place(zone.province_name, zone.city_name, zone.name)
        return None

    def main_place(self, text: str, context: Counter[str]) -> Place | None:
        """The city or province a text that names no district or zone is about, as a city- or province-level place.

        A city wins when it is named in full (长春市) at least as often as its province is named; a
        province named more often than any of its cities (a provincial policy listing its cities) or
        alone (香港特别行政区, 广西, or only through its currency: 港币) wins over them. Otherwise the best
        supported city, if any.
        """
        bigrams = {text[i : i + 2] for i in range(len(text) - 1)}
        own: Counter[str] = (
            Counter()
        )  # how often each province is named (its short name is in every spelling)
        for name, prov in self.provinces.items():
            if name != prov and len(name) >= 2 and name[:2] in bigrams and (n := text.count(name)):
                own[prov] += n
        for word, prov in _CURRENCY_HOME.items():  # amounts in 港币 / 新台币 speak for their place
            if word[:2] in bigrams and prov in self.provinces:
                own[prov] += text.count(word)
        full: Counter[str] = Counter()  # how often each city is named in full
        for name, place in self.cities.items():
            if name == place.city and name[:2] in bigrams and (n := text.count(name)):
                full[name] += n
        province = max(own, key=lambda p: (own[p], context.get(p, 0)), default=None)
        city = max(full, key=lambda c: (full[c], context.get(c, 0)), default=None)
        if city is not None:
            home = self.cities[city].province
            if province is None or full[city] >= own[province] or (home == province and own[province] <= 1):
                return Place(home, city, city)
        if province is not None:
            return Place(province, province if province in MUNICIPALITY_NAMES else None, province)
        for name, _ in context.most_common():
            if name in self.cities:
                p = self.cities[name]
                return Place(p.province, p.city, p.city)
        return None

    def resolve_district(self, name: str, context: Counter[str]) -> Place | None:
        """The district named `name` best supported by the context (ties: the first listed)."""
        options = self.districts.get(name)
        if not options:
            return None
        return max(options, key=lambda p: context.get(p.city or "", 0) + context.get(p.province or "", 0))

    def parse_address(self, text: str, context: Counter[str]) -> Place | None:
        """Resolve a short address such as '北京石景山区', '北京市通州区' or '北京石景山'."""
        s = re.sub(r"\s+", "", text)
        for _, _, place in self.zone_mentions(s):
            return place
        found = self.district_mentions(s)
        if found:
            a, _, name = found[-1]
            ctx = context.copy()
            for extra in self.context_scores(s[:a]).items():
                ctx[extra[0]] += 100 * extra[1]
            return self.resolve_district(name, ctx)
        pre = self._prefix_place(s[:6])
        if pre:
            rest = s[pre[0] :]
            base = pre[1]
            for name, options in self.districts.items():
                for p in options:
                    if p.province == (base.province or base.city) and rest and name.startswith(rest):
                        return p
            return Place(base.province, base.city, base.city)
        return None


@functools.cache
def gazetteer() -> Gazetteer:
    """The process-wide text gazetteer (built once)."""
    return Gazetteer(divisions(), zone_table())
