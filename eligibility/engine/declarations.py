"""Requirement kinds and the declaration catalogue: what a clause asks that no profile fact answers.

Every requirement item of a clause (``requirements`` in INGEST_JSON) has a ``kind``:

- ``fact``: covered by compiled condition leaves (or by a condition an admin attached);
- ``declaration``: only the company knows (是否开展离岸贸易业务); asked once per company under a stable
  ``key`` shared by every clause that asks the same thing, answered in the profile's ``declarations``;
- ``review``: decided by the review (经评审, 择优, 示范效应显著); never makes a clause uncertain for the
  applicant, shown as 以评审结果为准 beside the result;
- ``none``: not a condition (a generic 符合条件的, words about the money);
- ``open``: not modelled at all; caps the clause at possible.

``classify`` is the one place that decides the kind, key and question of a free-text piece; the
ingest pipeline and the engine (for requirements stored before kinds existed) both call it.
Plain Python, no Django.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

KINDS = ("fact", "declaration", "review", "none", "open")
ANSWER_TYPES = ("bool", "number")


@dataclass(frozen=True, slots=True)
class Declaration:
    """A question only the company can answer, under a key every clause asking it shares."""

    key: str
    question: str
    answer_type: str = "bool"
    unit: str = ""
    op: str | None = None  # number answers: the comparison the requirement makes (gte, gt, lte, lt)
    value: float | int | None = None
    expect: bool = True  # bool answers: the answer under which the requirement holds

    def leaf(self, text: str = "") -> dict:
        """The condition leaf that reads the company's answer."""
        fact = f"declaration.{self.key}"
        if self.answer_type == "number":
            return {"fact": fact, "op": self.op or "gt", "value": self.value or 0, "text": text}
        return {"fact": fact, "op": "is_true" if self.expect else "is_false", "text": text}

    def to_dict(self) -> dict:
        """The fields a requirement item carries for this declaration."""
        out = {"key": self.key, "question": self.question, "answer_type": self.answer_type}
        if self.answer_type == "number":
            out.update(unit=self.unit, op=self.op or "gt", value=self.value or 0)
        elif not self.expect:
            out["expect"] = False
        return out


# --- decided by the review ----------------------------------------------------------------------

_REVIEW_RE = re.compile(
    r"经(?:专家|第三方|综合)?(?:评审|评估|评价|评议|论证|审核)|择优|遴选|评选|综合评[判估价定]|绩效评价"
    r"|示范(?:效应|作用|意义|带动作用)(?:显著|突出|明显|较强|强)|(?:显著|突出|明显)的?示范(?:效应|作用)"
    r"|起到(?:关键|重要|积极|显著)(?:的)?(?:作用|支撑作用)|(?:影响力|带动作用|引领作用)(?:大|强|显著|突出)"
    r"|前\d+名|排名前|(?:效益|效果|成效)(?:显著|突出|明显|良好)|符合[^,。;]{0,12}(?:支持范围|支持方向|导向|规划|定位)"
    r"|根据[^,。;]{0,30}(?:情况|效果|贡献|规模|质量|影响力)"
)
# Not a condition: a generic qualifier, or words about the money rather than the applicant.
_NONE_RE = re.compile(
    r"^(?:对于?)?(?:符合|满足)(?:本(?:办法|措施|政策|细则)?|上述|以下|下列|相关|有关)?(?:的)?"
    r"(?:申报)?(?:条件|要求|规定|标准)的?(?:企业|单位|主体|项目)?(?:分别|均|可)?$"
    r"|^(?:支持|给予|最高|每年|累计|补助|奖励)[\d.]+(?:万|亿)?元"
    # the money a piece grants, not who gets it: "建设期内每年给予1000万元补助", "按…的30%给予贴息"
    r"|(?:给予|予以)\s*(?:最高|不超过)?\s*[\d.]+\s*(?:万|亿)?元|[\d.]+%\s*(?:的比例)?(?:给予|予以)"
    # a quota of the programme, not a condition on one applicant: "每年获支持企业数量最多不超过10个"
    r"|(?:数量|名额|家数|个数)(?:最多)?(?:不超过|不多于)\s*\d+\s*(?:个|家|项|名)"
)
# The government's own action or aim, not a condition on the applicant: "积极组织(开展…示范)",
# "积极引进数据服务企业", "依法、合规、有序向人工智能企业(提供公共数据开放服务)", "加强…能力建设".
_GOVERNMENT_RE = re.compile(
    r"^(?:积极|大力|着力|主动)(?:组织|引进|招引|发展|争取|推动|推进|营造|培育|打造|构建|搭建|谋划|布局)"
    r"(?![^,。;]*的(?:企业|公司|单位|主体|机构|项目|团队|人才|产品|平台)$)"
    r"|^依法(?:依规|[、,]?合规)(?:[、,]?有序)?地?向"
    # the government supports or brings in people of every kind: "实施专项支持", "培育和引进各类…人才"
    r"|^实施(?:专项|重点|精准)?(?:支持|扶持|奖励|资助)$"
    r"|^(?:培育|引进|招引|集聚|吸引)(?:[和、及](?:培育|引进|招引|集聚|吸引))?各类[^,。;的]{0,16}人才$"
    r"|^(?:加强|强化|深化|健全|完善|优化|营造)(?:(?!企业|公司|单位|主体|机构|的)[^,。;]){0,20}"
    r"(?:能力|体系|机制|环境|生态)(?:建设)?$"
)
_CHANGE_RE = re.compile(r"增长|增加|增幅|增速|提高|提升|下降|减少|保持")
_APPLICANT_RE = re.compile(
    r"企业|公司|单位|机构|组织|主体|总部|园区|平台|项目|产品|团队|人才|店|商场|街区|综合体|运营方|场景|协会|联盟"
    r"|开展|举办|建设|设立|开设|引进|获得|取得|通过|购买|采购|租赁|实施|承担|参加|参与|投资|使用|提供|应用|研发"
    r"|列入|入选|纳入|认定|评为|获评|授予"  # a recognition names who gets it (对列入省数商的)
)

# --- the catalogue ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Canon:
    key: str
    pattern: re.Pattern[str]
    question: str


# Things companies are asked about in many policies; every phrase that matches shares one key.
_CATALOGUE: tuple[_Canon, ...] = (
    _Canon("offshore_trade", re.compile(r"离岸(?:国际)?贸易"), "贵企业是否开展离岸贸易业务?"),
    _Canon(
        "host_event",
        re.compile(
            r"(?:主要)?(?:举办|主办|承办|组织开展|组织|举行)[^,。;]{0,24}(?:论坛|峰会|会议|展会|展览|大会|赛事|大赛|比赛|竞赛|活动|沙龙|路演)"
            r"|(?:作为|是)?(?:主要)?(?:举办|主办|承办)(?:[或和及、](?:举办|主办|承办))?(?:单位|方)"
        ),
        "贵单位是否作为主要举办或承办单位,在本地组织论坛、峰会、展会、赛事等活动?",
    ),
    _Canon(
        "first_store",
        re.compile(r"开设[^,。;]{0,20}(?:首店|旗舰店|概念店)|(?:首店|旗舰店|创新概念店)"),
        "贵企业是否在本地开设首店、旗舰店或创新概念店?",
    ),
    _Canon(
        "exhibition",
        re.compile(r"参加[^,。;]{0,12}(?:展会|展览|博览会|交易会)|参展"),
        "贵企业是否参加国内外展会(有展位费支出)?",
    ),
    _Canon(
        "headquarters",
        re.compile(r"总部企业|地区总部|研发总部|企业总部|总部"),
        "贵企业是否为经认定的总部企业(含跨国公司地区总部、研发总部)?",
    ),
    _Canon(
        "scene_opening",
        re.compile(r"开放[^,。;]{0,10}(?:应用)?场景|场景(?:方|建设|开放)"),
        "贵单位是否开放应用场景(作为场景方)?",
    ),
    _Canon(
        "talent_introduction",
        re.compile(r"引进[^,。;]{0,12}(?:人才|团队|专家)|引育[^,。;]{0,12}人才"),
        "贵单位是否引进高层次人才或团队?",
    ),
    _Canon(
        "lease_equipment",
        re.compile(r"(?:融资)?租赁(?:形式|方式)?[^,。;]{0,10}(?:使用|设备|产品)"),
        "贵企业是否以租赁形式使用相关设备或产品?",
    ),
)

# "在建/新建/拟建 …项目": one key per kind of project, whatever the surrounding words.
_PROJECT_RE = re.compile(
    r"(?P<state>在建|新建|拟建|已建成|建成)(?:的)?(?P<obj>[\u4e00-\u9fffA-Za-z0-9.]{2,20}?)项目"
)
# Verb + object: the activity a clause pays for (开展离岸贸易业务, 建设产教融合基地).
_ACTIVITY_RE = re.compile(
    r"(?P<verb>开展|从事|建设|建立|设立|开设|搭建|打造|举办|承办|引进|购买|采购|租赁|实施|承担|牵头|申报|参与|提供|组建|布局|投资"
    r"|研发|攻关|开发|投保|应用|参加|入驻|落户|迁入)"
    r"(?P<obj>[\u4e00-\u9fffA-Za-z0-9]{2,16})"
)
_VERB_GROUPS = {
    "建设": ("建设", "建立", "设立", "开设", "搭建", "打造", "组建", "布局"),
    "开展": ("开展", "从事", "实施"),
    "采购": ("购买", "采购"),
    "承担": ("承担", "牵头", "申报"),
}
_MODIFIER_RE = re.compile(
    r"一批|一系列|若干|各类|相关|高水平|高质量|国际性|国际化|专业化|市场化|新型|重点|重大|优质|特色|本区|区内|在经开区|在本区"
    r"|积极|加快|大力|持续|进一步|的|等"
)
_NOISE_RE = re.compile(r"[\s\d.%()（）“”\"、,，;；:：。!！?？]")
_BLANK_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # line breaks inside words
_FILL_RE = re.compile(r"^(?:对于?|支持|鼓励|推动|引导|为|的)+|(?:的)$")


def _norm(text: str) -> str:
    """A phrase reduced to the words that decide what it asks."""
    return _NOISE_RE.sub("", _MODIFIER_RE.sub("", text))


def short_hash(text: str) -> str:
    """Eight hex digits of a phrase's normalised words: the fallback key's tail."""
    return hashlib.blake2b(_norm(text).encode(), digest_size=4).hexdigest()


def is_review(text: str) -> bool:
    """Whether a piece of requirement text is decided by the review (经评审, 择优, 示范效应显著…)."""
    return bool(_REVIEW_RE.search(text))


def is_none(text: str) -> bool:
    """Whether a piece is not a condition on the applicant (a generic 符合条件的, words about money)."""
    words = text.strip()
    if not words or _NONE_RE.search(words) or _GOVERNMENT_RE.search(words):
        return True
    # "且同比有增长": a change of the applicant's figure is a condition however short
    return not _APPLICANT_RE.search(words) and not _CHANGE_RE.search(words) and len(_norm(words)) <= 6


# Words a phrase may hold besides a catalogue entry's and still ask only that entry.
_ASIDE_RE = re.compile(
    r"企业|公司|单位|机构|主体|本土|国际|国内|品牌|自主|亚洲|中国|内地|北京|首|家|个|类|作为|开展|业务|认定|为|在|了"
)


def canonical(text: str) -> Declaration | None:
    """The catalogue's declaration for a phrase that asks one of the common things and nothing more.

    A phrase with more words than the entry's ("未获得市级首店资金支持的品牌企业") is asked as written
    instead, so no condition is lost by sharing a key.
    """
    for canon in _CATALOGUE:
        found = canon.pattern.search(text)
        if found:
            rest = _norm(text[: found.start()] + text[found.end() :])
            rest = _ASIDE_RE.sub("", _FILL_RE.sub("", rest))
            if len(rest) > 4:
                return None
            return Declaration(canon.key, canon.question)
    m = _PROJECT_RE.search(text)
    if m:
        obj = _norm(m.group("obj"))
        state = "在建" if m.group("state") in ("在建", "新建", "拟建") else "建成"
        return Declaration(f"project:{state}:{obj}", f"贵单位是否有{state}的{obj}项目?")
    return None


def activity(text: str) -> Declaration | None:
    """A declaration for the activity a phrase names (verb + object), keyed by the normalised activity."""
    m = _ACTIVITY_RE.search(text)
    if not m:
        return None
    verb = next((g for g, verbs in _VERB_GROUPS.items() if m.group("verb") in verbs), m.group("verb"))
    obj = _norm(m.group("obj"))
    if len(obj) < 2:
        return None
    return Declaration(f"act:{verb}:{obj}", f"贵单位是否{m.group('verb')}{m.group('obj')}?")


def names_activity(text: str) -> bool:
    """Whether a phrase names something the applicant does (举办论坛, 组建创新联合体, 开展…业务)."""
    return any(canon.pattern.search(text) for canon in _CATALOGUE) or bool(_ACTIVITY_RE.search(text))


def fallback(text: str) -> Declaration:
    """Any other requirement about the applicant: asked as written, keyed by its normalised words."""
    phrase = _FILL_RE.sub("", _BLANK_RE.sub("", text).strip()).strip(",。;:、 ")
    return Declaration(f"req:{short_hash(phrase)}", f"贵单位是否符合:「{phrase}」?")


def classify(text: str) -> list[dict]:
    """The items a free-text requirement piece makes: its review words, then what it asks the applicant.

    "开设具有显著示范效应的旗舰店" is a declaration (开设旗舰店) and a review note (示范效应显著);
    each item is ``{"kind", "text", ...declaration fields}``.
    """
    out: list[dict] = []
    rest = text
    review = list(_REVIEW_RE.finditer(text))
    if review:
        out.append({"kind": "review", "text": text})
        rest = _REVIEW_RE.sub("", text)
    if is_none(rest):
        if not out:
            out.append({"kind": "none", "text": text})
        return out
    found = canonical(rest) or fallback(rest if review else text)
    out.append({"kind": "declaration", "text": text, **found.to_dict()})
    return out


def declaration_of(item: dict) -> Declaration | None:
    """The declaration a requirement item of kind "declaration" carries (None when it has no key)."""
    key = item.get("key")
    if not isinstance(key, str) or not key:
        return None
    answer_type = item.get("answer_type") if item.get("answer_type") in ANSWER_TYPES else "bool"
    value = item.get("value")
    return Declaration(
        key=key,
        question=str(item.get("question") or f"贵单位是否符合:「{item.get('text') or key}」?"),
        answer_type=answer_type,
        unit=str(item.get("unit") or ""),
        op=item.get("op") if item.get("op") in ("gte", "gt", "lte", "lt") else None,
        value=value if isinstance(value, (int, float)) and not isinstance(value, bool) else None,
        expect=item.get("expect") is not False,
    )


def kind_of(item: dict) -> str:
    """The kind of a stored requirement item; items stored before kinds existed are classified now."""
    kind = item.get("kind")
    if kind in KINDS:
        return kind
    if item.get("modelled"):
        return "fact"
    return classify(str(item.get("text") or ""))[-1]["kind"]


def with_kinds(item: dict) -> list[dict]:
    """A stored requirement item as items with kinds (items stored before kinds existed are classified)."""
    if item.get("kind") in KINDS:
        return [dict(item)]
    if item.get("modelled"):
        return [{**item, "kind": "fact"}]
    return [{**item, **found} for found in classify(str(item.get("text") or ""))]
