"""Gazetteer of Chinese provinces, cities, districts and development zones, with disambiguation by context."""

from __future__ import annotations

import csv
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PLACEHOLDER_CITIES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
_ZONE_SUFFIX = (
    "高新技术产业开发区",
    "经济技术开发区",
    "经济开发区",
    "自由贸易试验区",
    "综合保税区",
    "高新区",
    "经开区",
    "新区",
    "保税区",
    "工业园区",
    "合作区",
    "科学城",
    "开发区",
    "片区",
)
# Zone suffixes whose name may put a few words between the city and the suffix: 青岛西海岸新区, 西安高新区.
_GAP_SUFFIX = (
    "高新技术产业开发区",
    "经济技术开发区",
    "经济开发区",
    "高新区",
    "经开区",
    "新区",
    "开发区",
    "片区",
)
# Characters that never stand between a city name and its zone suffix inside one name.
_GAP_STOP = set("的之关于和与及在对向为等、,,。;:()《》“”支持推动促进加快发展建设入驻落户企业")
# Zones and aliases that do not start with their city's name: name -> (province, city, region).
KNOWN_ZONES: dict[str, tuple[str, str, str]] = {
    "北京经济技术开发区": ("北京市", "北京市", "北京经济技术开发区"),
    "亦庄": ("北京市", "北京市", "北京经济技术开发区"),
    "北京城市副中心": ("北京市", "北京市", "通州区"),
    "城市副中心": ("北京市", "北京市", "通州区"),
    "怀柔科学城": ("北京市", "北京市", "怀柔区"),
    "中关村科学城": ("北京市", "北京市", "海淀区"),
    "未来科学城": ("北京市", "北京市", "昌平区"),
    "长春新区": ("吉林省", "长春市", "长春新区"),
    "雄安新区": ("河北省", "保定市", "雄安新区"),
    "两江新区": ("重庆市", "重庆市", "两江新区"),
    "天府新区": ("四川省", "成都市", "天府新区"),
    "湘江新区": ("湖南省", "长沙市", "湘江新区"),
    "江北新区": ("江苏省", "南京市", "江北新区"),
    "西咸新区": ("陕西省", "西安市", "西咸新区"),
    "贵安新区": ("贵州省", "贵阳市", "贵安新区"),
    "赣江新区": ("江西省", "南昌市", "赣江新区"),
    "滇中新区": ("云南省", "昆明市", "滇中新区"),
    "金普新区": ("辽宁省", "大连市", "金普新区"),
    "临港新片区": ("上海市", "上海市", "临港新片区"),
    "前海深港现代服务业合作区": ("广东省", "深圳市", "前海深港现代服务业合作区"),
    "横琴粤澳深度合作区": ("广东省", "珠海市", "横琴粤澳深度合作区"),
    "东湖新技术开发区": ("湖北省", "武汉市", "东湖新技术开发区"),
    "苏州工业园区": ("江苏省", "苏州市", "苏州工业园区"),
}
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


@dataclass(frozen=True)
class Place:
    """A resolved place: province, city and the district / zone (region)."""

    province: str | None
    city: str | None
    region: str | None


def _short(name: str) -> str:
    for suffix in (
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "特别行政区",
        "省",
        "市",
        "地区",
        "盟",
    ):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


class Gazetteer:
    """Lookup tables built once from the administrative-division list in data/adcodes.csv."""

    def __init__(self, rows: list[tuple[str, str]]):
        provinces: dict[str, str] = {}
        cities: dict[str, str] = {}
        for code, name in rows:
            if code[2:] == "0" * 10:
                provinces[code[:2]] = name
        for code, name in rows:
            if code[4:] == "0" * 8 and code[2:4] != "00":
                prov = provinces.get(code[:2], "")
                cities[code[:4]] = prov if name in _PLACEHOLDER_CITIES else name
        self.districts: dict[str, list[Place]] = {}
        self.cities: dict[str, Place] = {}
        self.provinces: dict[str, str] = {}
        for prov in provinces.values():
            self.provinces[prov] = prov
            self.provinces[_short(prov)] = prov
        for code4, city in cities.items():
            prov = provinces.get(code4[:2])
            if city not in _MUNICIPALITIES and city != prov:
                self.cities[city] = Place(prov, city, None)
                self.cities.setdefault(_short(city), Place(prov, city, None))
        for code, name in sorted(rows):
            if code[6:] == "0" * 6 and code[4:6] != "00" and name not in _PLACEHOLDER_CITIES:
                prov = provinces.get(code[:2])
                city = cities.get(code[:4]) or prov
                if city in (prov, None) and prov not in _MUNICIPALITIES:
                    city = name  # county-level city directly under the province
                self.districts.setdefault(name, []).append(Place(prov, city, name))
        self.maxlen = max(len(n) for n in self.districts)
        self.city_by_short = {k: v for k, v in self.cities.items()}

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

    def zone_mentions(self, text: str, loose: bool = False) -> list[tuple[int, int, Place]]:
        """Development zones and known aliases in text, resolved to their province / city.

        loose: also names with a few words between the city and the suffix (青岛西海岸新区); for titles.
        """
        out: list[tuple[int, int, Place]] = []
        for name, (prov, city, region) in KNOWN_ZONES.items():
            for m in re.finditer(re.escape(name), text):
                out.append((m.start(), m.end(), Place(prov, city, region)))
        for suffix in _ZONE_SUFFIX:
            for m in re.finditer(suffix, text):
                head = text[max(0, m.start() - 8) : m.start()]
                place = self._prefix_place(head)
                if place is None:
                    continue
                start = m.start() - place[0]
                region = text[start : m.end()]
                if any(a <= start < b for a, b, _ in out):
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
                return size, Place(prov, prov if prov in _MUNICIPALITIES else None, None)
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
                return Place(prov, prov if prov in _MUNICIPALITIES else None, prov)
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


_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def _adcodes_path() -> Path:
    """China's administrative divisions (GB/T 2260 codes and names), shipped with the pipeline.

    The list predates 2016; data/adcodes_added.csv holds the districts created since (光明区, 临平区, …).
    """
    return Path(__file__).parent / "data" / "adcodes.csv"


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once)."""
    global _gazetteer
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                rows = []
                for path in (_adcodes_path(), _adcodes_path().with_name("adcodes_added.csv")):
                    with open(path, encoding="utf-8") as f:
                        rows += [(r["adcode"], r["name"]) for r in csv.DictReader(f)]
                _gazetteer = Gazetteer(rows)
    return _gazetteer
