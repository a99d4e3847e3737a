"""Enterprise size classes by the national standard (工信部联企业〔2011〕300号), and 规上 by revenue.

``possible_classes(industries, employees, revenue)`` is the set of classes (large, medium, small,
micro) a company may be in given what is known: an unknown number or sector widens the set, so a
leaf on the class is decided only when every possibility agrees (three-valued, never a guess).
Plain Python, no Django.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

CLASSES = ("large", "medium", "small", "micro")
SME = ("medium", "small", "micro")
SMALL_MICRO = ("small", "micro")
_WAN = 10_000


@dataclass(frozen=True, slots=True)
class Standard:
    """One sector's thresholds: (employees, revenue in yuan) for medium and for small.

    A company is SME unless both its employees and revenue reach ``sme_upper``; medium when both reach
    ``medium``; small when both reach ``small``; micro otherwise. ``None`` means the measure is not used.
    """

    sme_upper: tuple[int | None, int | None]
    medium: tuple[int | None, int | None]
    small: tuple[int | None, int | None]


# 工信部联企业〔2011〕300号, the sectors whose measures a profile has (employees, operating revenue).
STANDARDS: dict[str, Standard] = {
    "agriculture": Standard((None, 20000 * _WAN), (None, 500 * _WAN), (None, 50 * _WAN)),
    "industry": Standard((1000, 40000 * _WAN), (300, 2000 * _WAN), (20, 300 * _WAN)),
    "wholesale": Standard((200, 40000 * _WAN), (20, 5000 * _WAN), (5, 1000 * _WAN)),
    "retail": Standard((300, 20000 * _WAN), (50, 500 * _WAN), (10, 100 * _WAN)),
    "transport": Standard((1000, 30000 * _WAN), (300, 3000 * _WAN), (20, 200 * _WAN)),
    "warehousing": Standard((200, 30000 * _WAN), (100, 1000 * _WAN), (20, 100 * _WAN)),
    "postal": Standard((1000, 30000 * _WAN), (300, 2000 * _WAN), (20, 100 * _WAN)),
    "lodging": Standard((300, 10000 * _WAN), (100, 2000 * _WAN), (10, 100 * _WAN)),
    "catering": Standard((300, 10000 * _WAN), (100, 2000 * _WAN), (10, 100 * _WAN)),
    "telecom": Standard((2000, 100000 * _WAN), (100, 1000 * _WAN), (10, 100 * _WAN)),
    "software_it": Standard((300, 10000 * _WAN), (100, 1000 * _WAN), (10, 50 * _WAN)),
    "property_management": Standard((1000, 5000 * _WAN), (300, 1000 * _WAN), (100, 500 * _WAN)),
    # 建筑业 is classed by revenue and total assets; profiles have no assets (see _ASSETS_UNKNOWN)
    "construction": Standard((None, 80000 * _WAN), (None, 6000 * _WAN), (None, 300 * _WAN)),
    "other": Standard((300, None), (100, None), (10, None)),
}

# 规模以上 / 限额以上 (national statistics): main-business revenue in yuan a year, by sector.
ABOVE_SIZE: dict[str, int] = {
    "industry": 2000 * _WAN,
    "wholesale": 2000 * _WAN,
    "retail": 500 * _WAN,
    "lodging": 200 * _WAN,
    "catering": 200 * _WAN,
    "software_it": 1000 * _WAN,
    "telecom": 1000 * _WAN,
    "transport": 1000 * _WAN,
    "warehousing": 1000 * _WAN,
    "postal": 1000 * _WAN,
    "property_management": 1000 * _WAN,
    "other": 500 * _WAN,
}

# Industry words of profiles -> the standard's sector (the national classification's sections).
_SECTOR_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wholesale", re.compile(r"批发|外贸|进出口|贸易")),
    ("retail", re.compile(r"零售|商超|超市|便利店|电商|电子商务")),
    ("lodging", re.compile(r"住宿|酒店|宾馆|民宿")),
    ("catering", re.compile(r"餐饮|餐厅|饭店|食堂")),
    ("warehousing", re.compile(r"仓储")),
    ("transport", re.compile(r"运输|物流|航空|航运|铁路|快递")),
    ("postal", re.compile(r"邮政")),
    ("telecom", re.compile(r"电信|通信运营|信息传输|广播电视传输|卫星传输")),
    ("property_management", re.compile(r"物业")),
    ("agriculture", re.compile(r"农业|林业|畜牧|渔业|种植|养殖")),
    (
        "software_it",
        re.compile(
            r"软件|信息技术|信息服务|人工智能|互联网|数据|数字|云计算|大数据|区块链|算力|游戏|电竞|元宇宙|XR|VR|AR"
            r"|集成电路设计|芯片设计|网络安全|信创|量子计算|数字人"
        ),
    ),
    (
        "industry",
        re.compile(
            r"制造|工业|机器人|装备|芯片|集成电路|半导体|传感器|仪器|医药|药|生物|医疗器械|新材料|材料|汽车|新能源"
            r"|电子|机械|化工|钢铁|纺织|食品|能源|电力|光伏|航天|硬件|终端|设备"
        ),
    ),
    ("construction", re.compile(r"建筑|施工|土木|建设工程|装修|装饰工程")),
)
# Sectors whose standard also counts total assets, which profiles do not state: any smaller class is possible.
_ASSETS_UNKNOWN = frozenset({"construction"})


def sectors(industries: object) -> tuple[str, ...] | None:
    """The sectors a company's industries fall in (None when its industries are unknown)."""
    if not isinstance(industries, (list, tuple, set, frozenset)):
        return None
    found: list[str] = []
    for name in industries:
        if not isinstance(name, str):
            continue
        sector = _sector_of(name)
        if sector is not None and sector not in found:
            found.append(sector)
    return tuple(found) or ("other",)


_MANUFACTURING_HEAD_RE = re.compile(r"(?:制造|工)业?$")


def word_sectors(word: str) -> tuple[str, ...]:
    """The sectors a trade word written in a policy names: "批发零售" both, "数字经济制造业" manufacturing.

    Empty when the table knows none of its words.
    """
    if _MANUFACTURING_HEAD_RE.search(word):
        return ("industry",)  # the head noun decides: 数字经济制造业 is manufacturing
    return tuple(sector for sector, rx in _SECTOR_WORDS if rx.search(word))


@functools.lru_cache(maxsize=4096)
def _sector_of(name: str) -> str | None:
    """The sector one industry word falls in (None when the table does not know it)."""
    for sector, rx in _SECTOR_WORDS:
        if rx.search(name):
            return sector
    return None


def _reaches(value: float | None, threshold: int | None, optimistic: bool) -> bool:
    if threshold is None:
        return True
    if value is None:
        return optimistic
    return value >= threshold


def size_class(standard: Standard, employees: float | None, revenue: float | None, high: bool) -> str:
    """The class under one standard, reading unknown measures as large (``high``) or as zero."""

    def both(pair: tuple[int | None, int | None]) -> bool:
        return _reaches(employees, pair[0], high) and _reaches(revenue, pair[1], high)

    if both(standard.sme_upper):
        return "large"
    if both(standard.medium):
        return "medium"
    if both(standard.small):
        return "small"
    return "micro"


def possible_classes(industries: object, employees: object, revenue: object) -> frozenset[str]:
    """Every class the company may be in given what is known (all four when nothing is)."""
    staff = _number(employees)
    money = _number(revenue)
    found = sectors(industries)
    candidates = found if found is not None else tuple(STANDARDS)
    # A company in several sectors is classed by its main business: any of them may apply.
    out: set[str] = set()
    for sector in candidates:
        standard = STANDARDS[sector]
        low = "micro" if sector in _ASSETS_UNKNOWN else size_class(standard, staff, money, high=False)
        high = size_class(standard, staff, money, high=True)
        lo, hi = CLASSES.index(high), CLASSES.index(low)
        out.update(CLASSES[lo : hi + 1])
    return frozenset(out)


def above_designated_size(industries: object, revenue: object) -> bool | None:
    """规上 (规模以上/限额以上) from revenue and sector; None when either is unknown or sectors disagree."""
    money = _number(revenue)
    found = sectors(industries)
    if money is None or found is None:
        return None
    if not _ASSETS_UNKNOWN.isdisjoint(found):
        return None  # 资质等级建筑业企业: counted by licence, not revenue
    answers = {money >= ABOVE_SIZE.get(sector, ABOVE_SIZE["other"]) for sector in found}
    return answers.pop() if len(answers) == 1 else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return None if math.isnan(value) else float(value)


def decide(possible: Iterable[str], targets: Iterable[str]) -> bool | None:
    """Whether the company's class is among ``targets``: True, False, or None when it may or may not be."""
    possible, targets = frozenset(possible), frozenset(targets)
    if not possible:
        return None
    if possible <= targets:
        return True
    if possible.isdisjoint(targets):
        return False
    return None
