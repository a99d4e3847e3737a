"""Qualification names: aliases folded to one canonical name, and what each qualification implies."""

from __future__ import annotations

import re
import unicodedata

HIGH_TECH = "国家高新技术企业"
LITTLE_GIANT = "专精特新小巨人企业"
SPECIALISED = "专精特新中小企业"
INNOVATIVE_SME = "创新型中小企业"
TECH_SME = "科技型中小企业"

_ALIASES: dict[str, str] = {
    "高新技术企业": HIGH_TECH,
    "国家高新技术企业": HIGH_TECH,
    "国家级高新技术企业": HIGH_TECH,
    "国家高新企业": HIGH_TECH,
    "高新企业": HIGH_TECH,
    "国高新": HIGH_TECH,
    "国高新企业": HIGH_TECH,
    "高企": HIGH_TECH,
    "国家高企": HIGH_TECH,
    "国家级高企": HIGH_TECH,
    "高新技术企业证书": HIGH_TECH,
    "专精特新小巨人": LITTLE_GIANT,
    "专精特新小巨人企业": LITTLE_GIANT,
    "国家级专精特新小巨人": LITTLE_GIANT,
    "国家级专精特新小巨人企业": LITTLE_GIANT,
    "国家专精特新小巨人企业": LITTLE_GIANT,
    "小巨人": LITTLE_GIANT,
    "小巨人企业": LITTLE_GIANT,
    "专精特新重点小巨人企业": LITTLE_GIANT,
    "国家级小巨人": LITTLE_GIANT,
    "国家级小巨人企业": LITTLE_GIANT,
    "专精特新小巨人企业称号": LITTLE_GIANT,
    "专精特新中小企业": SPECIALISED,
    "专精特新企业": SPECIALISED,
    "专精特新": SPECIALISED,
    "市级专精特新": SPECIALISED,
    "省级专精特新": SPECIALISED,
    "北京市专精特新": SPECIALISED,
    "北京市专精特新中小企业": SPECIALISED,
    "市级专精特新中小企业": SPECIALISED,
    "省级专精特新中小企业": SPECIALISED,
    "创新型中小企业": INNOVATIVE_SME,
    "科技型中小企业": TECH_SME,
    "科小": TECH_SME,
    "国家科技型中小企业": TECH_SME,
    "DCMM": "DCMM",
    "数据管理能力成熟度": "DCMM",
    "数据管理能力成熟度评估模型": "DCMM",
    "数据管理能力成熟度评估": "DCMM",
    "CMMI": "CMMI",
    "中关村高新技术企业": "中关村高新技术企业",
    "制造业单项冠军": "制造业单项冠军企业",
    "制造业单项冠军企业": "制造业单项冠军企业",
    "单项冠军": "制造业单项冠军企业",
    "海关AEO高级认证": "海关AEO高级认证企业",
    "AEO高级认证": "海关AEO高级认证企业",
    "海关AEO高级认证企业": "海关AEO高级认证企业",
    # Recognitions policies pay for, each under the names companies and policies give it.
    "两化融合": "两化融合管理体系",
    "两化融合管理体系": "两化融合管理体系",
    "两化融合贯标": "两化融合管理体系",
    "两化融合管理体系贯标": "两化融合管理体系",
    "两化融合管理体系评定": "两化融合管理体系",
    "两化融合管理体系认证": "两化融合管理体系",
    "生成式人工智能服务备案": "生成式人工智能服务备案",
    "生成式人工智能备案": "生成式人工智能服务备案",
    "生成式人工智能模型备案": "生成式人工智能服务备案",
    "生成式人工智能大模型备案": "生成式人工智能服务备案",
    "大模型备案": "生成式人工智能服务备案",
    "大模型上线备案": "生成式人工智能服务备案",
    "首台套": "首台(套)重大技术装备",
    "首台(套)": "首台(套)重大技术装备",
    "首台(套)重大技术装备": "首台(套)重大技术装备",
    "首台套重大技术装备": "首台(套)重大技术装备",
    "首批次": "首批次新材料",
    "首批次新材料": "首批次新材料",
    "首批次目录": "首批次新材料",
    "首版次": "首版次软件",
    "首版次软件": "首版次软件",
    "数据出境安全评估": "数据出境安全评估",
    "通过数据出境安全评估": "数据出境安全评估",
    "产教融合型企业": "产教融合型企业",
    "版号": "游戏版号",
    "游戏版号": "游戏版号",
    "网络游戏版号": "游戏版号",
    "工业互联网试点示范": "工业互联网试点示范",
    "工业互联网安全试点示范": "工业互联网安全试点示范",
    "工业互联网平台试点示范": "工业互联网试点示范",
}

# Holding the key implies holding each value (the 专精特新 ladder).
IMPLIES: dict[str, tuple[str, ...]] = {
    LITTLE_GIANT: (SPECIALISED, INNOVATIVE_SME),
    SPECIALISED: (INNOVATIVE_SME,),
}

_NOISE = re.compile(r"[\"'“”‘’「」『』《》()\s·]")
_TRAILING = ("资格认定", "认定", "认证", "资质", "称号", "证书")


def _fold(name: str) -> str:
    text = _NOISE.sub("", unicodedata.normalize("NFKC", name)).upper()
    for suffix in _TRAILING:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return text


_FOLDED = {_fold(alias): canonical for alias, canonical in _ALIASES.items()}


def canonical(name: object) -> str | None:
    """The canonical name of a qualification (高新技术企业 -> 国家高新技术企业); None for non-text."""
    if not isinstance(name, str):
        return None
    folded = _fold(name)
    if not folded:
        return None
    return _FOLDED.get(folded, folded)


def held(qualifications: object) -> dict[str, dict] | None:
    """The qualifications a company holds, by canonical name (implied ones included); None if unknown.

    Accepts entries as ``{"name", "obtained_on"?, "level"?}`` or as bare names.
    """
    if not isinstance(qualifications, (list, tuple)):
        return None
    out: dict[str, dict] = {}
    for entry in qualifications:
        if isinstance(entry, dict):
            name = canonical(entry.get("name"))
            record = entry
        else:
            name = canonical(entry)
            record = {"name": entry}
        if name is None:
            continue
        out[name] = record
    for name in list(out):
        for implied in IMPLIES.get(name, ()):
            out.setdefault(implied, {"name": implied, "implied_by": name})
    return out
