"""Reading a company profile as people write it: the one place input values are normalised.

``normalise_profile`` turns the spellings people use into the catalogue's types: "500万" and "1.2亿元"
into yuan, "是"/"否"/1/0 into booleans, "2019年5月1日" into an ISO date, "企业" into ``enterprise``,
a comma-separated string into a list, "DCMM三级" into a qualification with its level, and an address
written in one field ("吉林省长春市朝阳区") into province + city + district. Absent, null and blank
values stay unknown (never false or 0). A value that cannot be read is dropped (unknown) and reported
as a Chinese problem, so callers can refuse the profile (the ``match`` command) or carry on (the engine).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from eligibility.facts import FACTS, PARAMETERISED, Fact
from places import divisions, normalise_region, zone_name

from .regions import (
    clean,
    display_city,
    display_province,
)

IDENTITY = ("credit_code", "name")

_TRUE = frozenset({"是", "有", "对", "真", "y", "yes", "true", "t", "1", "√", "✓", "已", "符合"})
_FALSE = frozenset(
    {"否", "无", "没有", "不是", "错", "假", "n", "no", "false", "f", "0", "×", "✗", "未", "不符合"}
)

_UNITS = {"亿": 100_000_000, "千万": 10_000_000, "百万": 1_000_000, "万": 10_000, "千": 1_000, "元": 1}
_MONEY = re.compile(r"^(-?\d+(?:\.\d+)?)(亿|千万|百万|万|千)?(?:元)?$")
_COUNT = re.compile(r"^(-?\d+(?:\.\d+)?)(万)?(?:人|名|个|家|平方米|平米|㎡|m2|级)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SPLIT = re.compile(r"[,,、;;/|\n]+")
_LEVEL = re.compile(r"[\s((]*(?:L|第)?([1-5一二三四五])\s*级?[))]*$")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}

# Chinese labels, English spellings and common synonyms of the choice facts.
_ENTITY_SYNONYMS = {
    "enterprise": ("企业", "公司", "有限公司", "有限责任公司", "股份有限公司", "股份公司", "民营企业",
                   "国有企业", "国企", "外资企业", "合资企业", "中小企业", "法人企业", "企业法人"),
    "university": ("高校", "大学", "高等学校", "高等院校", "普通高校", "学院", "高职院校"),
    "research_institute": ("科研院所", "科研机构", "研究院", "研究所", "科研单位", "新型研发机构", "研发机构"),
    "social_org": ("社会组织", "社会团体", "社团", "协会", "商会", "学会", "基金会", "民办非企业单位", "行业协会"),
    "park_operator": ("园区运营单位", "园区运营机构", "园区运营商", "产业园区运营单位", "园区"),
    "incubator": ("孵化器", "孵化机构", "众创空间", "加速器", "科技企业孵化器"),
    "financial_institution": ("金融机构", "银行", "保险公司", "证券公司", "基金公司"),
    "individual": ("个人", "自然人", "创业者", "创业人员"),
    "other": ("其他", "其它"),
}  # fmt: skip
_CHOICE_SYNONYMS = {
    "entity_type": _ENTITY_SYNONYMS,
    "stage": {
        "startup": ("初创", "初创期", "种子期"),
        "growth": ("成长", "成长期"),
        "mature": ("成熟", "成熟期"),
    },
    "project_level": {
        "national": ("国家", "国家级"),
        "municipal": ("市", "市级"),
        "district": ("区", "区级", "区县级"),
    },
}


def _choices(fact: Fact) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, label in fact.choices:
        table[key.lower()] = key
        table[label] = key
    for key, words in _CHOICE_SYNONYMS.get(fact.key, {}).items():
        for word in words:
            table[word] = key
    return table


_CHOICE_TABLES = {key: _choices(fact) for key, fact in FACTS.items() if fact.choices}


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


# --- single values ------------------------------------------------------------------------------


def parse_number(value: Any, *, money: bool = False) -> float | int | None:
    """A number from 5000000, "5000000", "5,000,000", "500万", "1.2亿元", "120人"; None if unreadable."""
    kind = value.__class__
    if kind is int:
        return value
    if kind is bool or value is None:
        return None
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else _whole(number)
    if not isinstance(value, str):
        return None
    text = _fold(value).replace(",", "").removeprefix("约").removeprefix("¥").removeprefix("人民币")
    text = text.removesuffix("以上").removesuffix("RMB").removesuffix("CNY").removesuffix("人民币")
    found = (_MONEY if money else _COUNT).match(text)
    if found is None:
        return None
    number = float(found.group(1)) * _UNITS.get(found.group(2) or "元", 1)
    return None if math.isinf(number) else _whole(number)


def _whole(number: float) -> float | int:
    rounded = round(number)
    return rounded if abs(number - rounded) < 1e-6 else number


def parse_bool(value: Any) -> bool | None:
    """True/False from true, 1, "是", "true", "Y" ... (and the opposite); None if unreadable."""
    if value is True or value is False:
        return value
    if value.__class__ in (int, float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = _fold(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return None


def parse_date(value: Any) -> str | None:
    """An ISO date from "2019-05-01", "2019/5/1", "2019.05.01", "2019年5月1日", "20190501"; None if unreadable."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = _fold(value)
    found = _DATE.match(text) or _DATE_COMPACT.match(text)
    if found is None:
        return None
    try:
        return dt.date(*(int(part) for part in found.groups())).isoformat()
    except ValueError:
        return None


def parse_choice(key: str, value: Any) -> str | None:
    """A choice key from its key, its Chinese label or a synonym (企业 / 有限责任公司 -> enterprise)."""
    if not isinstance(value, str):
        return None
    table = _CHOICE_TABLES.get(key, {})
    text = _fold(value)
    found = table.get(text) or table.get(text.lower())
    if found is None and key == "entity_type" and text.endswith(("公司", "企业", "厂")):
        found = "enterprise"
    return found


def as_list(value: Any) -> list[Any] | None:
    """A list from a list, or from a string of names separated by 、,; or newlines; None otherwise."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [part for part in (p.strip() for p in _SPLIT.split(value)) if part]
    return None


def parse_qualification(entry: Any) -> dict[str, Any] | None:
    """A qualification record from {"name", "level"?, "obtained_on"?} or a string ("DCMM三级")."""
    if isinstance(entry, str):
        record: dict[str, Any] = {"name": entry}
    elif isinstance(entry, Mapping):
        record = {k: v for k, v in entry.items() if v is not None}
    else:
        return None
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    name = _fold(name)
    found = _LEVEL.search(name)
    if found and found.start() > 0:
        name = name[: found.start()]
        if record.get("level") is None:
            digit = found.group(1)
            record["level"] = _CN_DIGIT.get(digit) or int(digit)
    record["name"] = name
    level = record.get("level")
    if isinstance(level, str):
        parsed = parse_number(_fold(level).removeprefix("第").removesuffix("级"))
        if parsed is None:
            parsed = next((_CN_DIGIT[c] for c in level if c in _CN_DIGIT), None)
        record["level"] = parsed
        if parsed is None:
            del record["level"]
    obtained = record.get("obtained_on")
    if obtained is not None:
        day = parse_date(obtained)
        if day is None:
            del record["obtained_on"]
        else:
            record["obtained_on"] = day
    return record


# --- the profile --------------------------------------------------------------------------------


def _label(key: str) -> str:
    if key == "credit_code":
        return "统一社会信用代码"
    if key == "name":
        return "企业名称"
    fact = FACTS.get(key)
    return f"{fact.label}({key})" if fact else key


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:37] + "..."


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _value(key: str, value: Any, problems: list[str]) -> Any:
    """One fact's value normalised to its catalogue type; None (with a problem) when unreadable."""
    fact = FACTS.get(key)
    if fact is None:
        prefix = key.partition(".")[0]
        fact = PARAMETERISED.get(prefix)
        if fact is None:
            return value  # not a catalogued fact: kept as given
    kind = fact.type
    if kind in ("money", "int", "float"):
        number = parse_number(value, money=kind == "money")
        if number is None:
            problems.append(f"{_label(key)}应为数字(如 5000000 或“500万”),收到 {_show(value)}")
        elif number < 0:
            problems.append(f"{_label(key)}不能为负数,收到 {_show(value)}")
            return None
        return number
    if kind == "bool":
        truth = parse_bool(value)
        if truth is None:
            problems.append(f"{_label(key)}应为是或否(true/false),收到 {_show(value)}")
        return truth
    if kind == "date":
        day = parse_date(value)
        if day is None:
            problems.append(f"{_label(key)}应为日期(如 2019-05-01 或“2019年5月1日”),收到 {_show(value)}")
        return day
    if kind == "enum":
        choice = parse_choice(key, value)
        if choice is None:
            allowed = "、".join(label for _, label in fact.choices)
            problems.append(f"无法识别的{_label(key)} {_show(value)},可选:{allowed}")
        return choice
    if kind == "list":
        items = as_list(value)
        if items is None:
            problems.append(f"{_label(key)}应为名称列表,收到 {_show(value)}")
            return None
        if key == "qualifications":
            out = []
            for item in items:
                record = parse_qualification(item)
                if record is None:
                    problems.append(f'无法识别的资质 {_show(item)},应为名称或 {{"name": ...}}')
                else:
                    out.append(record)
            return out
        kept = [clean(i) for i in items if isinstance(i, str) and clean(i)]
        if key == "zones":
            kept = [zone_name(i) or i for i in kept]
        if len(kept) != len([i for i in items if not _blank(i)]):
            problems.append(f"{_label(key)}的每一项应为文字,收到 {_show(value)}")
        return kept
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        problems.append(f"{_label(key)}应为文字,收到 {_show(value)}")
        return None
    return value.strip()


def parse_declarations(value: Any, problems: list[str]) -> dict[str, bool | float | int]:
    """The company's answers to declaration questions: key -> true/false or a number."""
    if not isinstance(value, Mapping):
        problems.append(f"declarations 应为 JSON 对象(问题键 -> 是/否或数字),收到 {_show(value)}")
        return {}
    out: dict[str, bool | float | int] = {}
    for key, answer in value.items():
        if not isinstance(key, str) or not key.strip() or _blank(answer):
            continue  # blank: not answered yet (unknown)
        truth = parse_bool(answer) if isinstance(answer, (bool, str)) else None
        if truth is not None:
            out[key.strip()] = truth
            continue
        number = parse_number(answer, money=True)
        if number is None:
            problems.append(f"声明“{key}”的回答应为是/否或数字,收到 {_show(answer)}")
        else:
            out[key.strip()] = number
    return out


def _region(
    province: Any, city: Any, district: Any, zones: list[str] | None, problems: list[str]
) -> tuple[str | None, str | None, str | None, list[str] | None]:
    """``normalise_region`` of the profile's place fields, remembered: companies share a few places."""
    fields = (province, city, district, *(zones or ()))
    if not all(value is None or value.__class__ is str for value in fields):
        # Not text (a number or a list written as the district): read afresh, with its own problem.
        return normalise_region(province, city, district, zones, problems, label=_label, show=_show)
    key = (province, city, district, None if zones is None else tuple(zones))
    found = _REGIONS.get(key)
    if found is None:
        said: list[str] = []
        pkey, ckey, dname, found_zones = normalise_region(
            province, city, district, zones, said, label=_label, show=_show
        )
        found = ((pkey, ckey, dname, None if found_zones is None else tuple(found_zones)), tuple(said))
        if len(_REGIONS) < 4096:
            _REGIONS[key] = found
    (pkey, ckey, dname, found_zones), said = found
    problems.extend(said)
    return pkey, ckey, dname, None if found_zones is None else list(found_zones)


_REGIONS: dict[tuple, tuple[tuple, tuple[str, ...]]] = {}


def normalise_profile(profile: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A flat profile (top-level keys over ``facts``) with values of the catalogue's types, and the problems.

    Unknown keys are kept as given; null and blank values are dropped (unknown).
    """
    problems: list[str] = []
    out: dict[str, Any] = {}
    facts = profile.get("facts")
    items: list[tuple[str, Any]] = []
    if isinstance(facts, Mapping):
        items.extend(facts.items())
    elif facts is not None:
        problems.append(f"facts 应为 JSON 对象,收到 {_show(facts)}")
    items.extend((k, v) for k, v in profile.items() if k != "facts")
    for key, value in items:
        if _blank(value) or key in ("province", "city", "district"):
            continue
        if key in IDENTITY:
            out[key] = value.strip() if isinstance(value, str) else str(value)
            continue
        if key == "declarations":
            out[key] = parse_declarations(value, problems)
            continue
        normal = _value(key, value, problems)
        if normal is not None:
            out[key] = normal
    province, city, district, zones = _region(
        *(None if _blank(profile.get(k)) else profile.get(k) for k in ("province", "city", "district")),
        out.get("zones"),
        problems,
    )
    if province is not None:
        out["province"] = divisions().names.get(province) or display_province(province)
    if city is not None:
        out["city"] = display_city(city)
    if district is not None:
        out["district"] = district
    if zones is not None:
        out["zones"] = zones
    return out, problems
