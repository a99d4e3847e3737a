"""Conditions of support clauses in the condition language, using the fact catalogue's names only."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from eligibility.engine import declarations, size
from places import is_zone_name

from . import amounts
from .benefits import Benefit, segments
from .numerals import label_value
from .tags import lexicon

# --- policy-wide scope -------------------------------------------------------------------------

_SCOPE_SENTENCE_RE = re.compile(
    r"适用于|适用对象|适用范围|支持对象|扶持对象|本(?:办法|措施|政策|细则|实施办法)支持|申报主体|申报单位(?:须|应|需)"
    r"|申请单位(?:须|应|需)"
)
SCOPE_HEADING_RE = re.compile(r"适用|对象|范围|申报条件|支持主体")
_SENTENCE_RE = re.compile(r"[^。\n]+")
_ENTITY_RULES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"企业|企事业"), ("enterprise",)),
    (re.compile(r"事业单位"), ("university", "research_institute", "other")),
    (re.compile(r"高校(?!毕业生)|高等学校|高等院校|大学(?!生)|院校"), ("university",)),
    (re.compile(r"科研院所|科研机构|研究机构|研究院|新型研发机构|院所"), ("research_institute",)),
    (re.compile(r"社会组织|社会团体|行业组织|行业协会|产业联盟|商会|民办非企业"), ("social_org",)),
    (re.compile(r"园区(?:投资建设或)?运营|园区(?:投资|建设)|运营单位|运营机构"), ("park_operator",)),
    (re.compile(r"孵化器|孵化载体|孵化机构|众创空间|创业服务机构"), ("incubator",)),
    (
        re.compile(
            r"金融机构|银行|证券公司|保险(?:机构|公司)|基金管理人|投资机构|融资担保|小额贷款|金融组织"
        ),
        ("financial_institution",),
    ),
    # A person as the one paid: only as the phrase's last word ("…的创业者", "…取得突出成效的个人"), so
    # that 吸纳高校毕业生的企业 or 个人所得税 never make a company's clause a person's.
    (re.compile(r"(?:个人|自然人|创业者|创业人员|高校毕业生|大学生)$"), ("individual",)),
)
_ENTITY_ORDER = (
    "enterprise",
    "university",
    "research_institute",
    "social_org",
    "park_operator",
    "incubator",
    "financial_institution",
    "individual",
    "other",
)
_ANY_ENTITY_RE = re.compile(r"法人和非法人组织|各类市场主体|各类主体|所有|非法人组织")
_CREDIT_RE = re.compile(r"信用(?:记录|状况)?良好|未列入[^,。;]{0,10}失信|无不良信用|无严重失信")
_PENALTY_RE = re.compile(
    r"(?:近|最近)(?:三|3)年(?:内)?(?:无|未(?:受到|发生)|没有)[^,。;]{0,6}?(?:重大)?行政处罚"
    r"|(?:无|未(?:受到|发生)|没有)(?:近|最近)(?:三|3)年(?:内)?[^,。;]{0,6}?(?:重大)?行政处罚"
)
_LEGAL_PERSON_RE = re.compile(r"(?<!一般应)(?<!一般)具(?:有|备)独立法人资格|独立法人")
_PLACE_IN_RE = re.compile(
    r"在([\u4e00-\u9fff]{2,12}?(?:新城|新区|开发区|园区|科学城|科技园|园))(?:\d+平方公里)?(?:范围)?内"
)

# --- clause requirements -----------------------------------------------------------------------

QUALIFICATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ('专精特新"小巨人"', re.compile(r"专精特新[\"“”]?小巨人")),
    ("专精特新中小企业", re.compile(r"专精特新[\"“”]?(?:中小)?企业")),
    ("国家高新技术企业", re.compile(r"高新技术企业")),
    ("DCMM", re.compile(r"DCMM|数据管理能力成熟度(?:评估模型)?(?:评估)?")),
    ("两化融合", re.compile(r"两化融合")),
    ("海关AEO高级认证", re.compile(r"(?:海关)?AEO高级认证")),
    ("首升规", re.compile(r"首升规|首次升规|升级为规模以上|首次(?:纳入|达到)[^,。;]{0,6}规模以上")),
    ("科技型中小企业", re.compile(r"科技型中小企业")),
    ("创新型中小企业", re.compile(r"创新型中小企业")),
    ("瞪羚企业", re.compile(r"瞪羚")),
    ("独角兽企业", re.compile(r"独角兽")),
    ("制造业单项冠军", re.compile(r"单项冠军")),
    ("企业技术中心", re.compile(r"企业技术中心")),
    ("生成式人工智能服务备案", re.compile(r"生成式人工智能[^,。;]{0,6}备案|大模型(?:上线)?备案")),
    ("首台(套)重大技术装备", re.compile(r"首台\(?套\)?(?:重大技术装备)?")),
    ("首批次新材料", re.compile(r"首批次(?:新材料)?")),
    ("首版次软件", re.compile(r"首版次(?:软件)?")),
    ("数据出境安全评估", re.compile(r"数据出境安全评估")),
    ("产教融合型企业", re.compile(r"产教融合型企业")),
    ("游戏版号", re.compile(r"(?:游戏)?版号")),
    ("工业互联网安全试点示范", re.compile(r"工业互联网安全[^,。;]{0,4}试点示范")),
    ("工业互联网试点示范", re.compile(r"工业互联网[^,。;]{0,6}试点示范")),
)
_QUAL_CONTEXT_RE = re.compile(r"获得|取得|通过|认定|入选|评为|获评|荣获|首次|纳入|列入|实现|成为|备案")
_QUAL_NOT_RE = re.compile(r"培育|梯度|库")
# "开展首版次软件产品研发的企业": the name describes work the applicant does, not a title it holds.
_QUAL_ACTIVITY_BEFORE_RE = re.compile(r"(?:开展|从事|进行|推进|实施)$")
_QUAL_ACTIVITY_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:研发|开发|研制|攻关)")


def _qual_is_activity(text: str, a: int, b: int) -> bool:
    return bool(
        _QUAL_ACTIVITY_BEFORE_RE.search(text, max(0, a - 2), a) and _QUAL_ACTIVITY_AFTER_RE.match(text, b)
    )


_FIRST_TIME_RE = re.compile(r"首次(?:获得|通过|取得|入选|认定|评为|获评)")
_LEVEL_RE = re.compile(r"(?P<lv>[一二三四五\d])级(?:及|或)?以上")
_TIER_LEVEL_RE = re.compile(r"(?P<lv>[一二三四五\d])级\s*\d")
_METRICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "equipment_investment_yuan",
        re.compile(r"设备(?:\([^)]*\))?投资|(?:采购|购置|购买)设备(?:总)?(?:金额|额|投入)"),
    ),
    ("project_investment_yuan", re.compile(r"投资")),
    ("revenue_last_year_yuan", re.compile(r"营业收入|营收|主营业务收入|年销售额|营业额")),
    ("rd_expense_last_year_yuan", re.compile(r"研发投入|研发费用|研发经费")),
    ("registered_capital_yuan", re.compile(r"注册资本|注册资金")),
    ("financing_yuan", re.compile(r"融资")),
)
_OPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"不低于|不少于|以上|达到|达|满"), "gte"),
    (re.compile(r"以下|不超过|不高于"), "lte"),
    (re.compile(r"超过|超出|超|高于|大于|突破"), "gt"),
    (re.compile(r"低于|不足"), "lt"),
)
_QUANTITY_RE = re.compile(
    r"(?P<pre>达到|达|超过|超|不低于|不少于|不超过|高于|低于|不足|满|大于)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>家|个|人|名|㎡|平方米|平米|亩|项|台|套|场|万人|户)"
    r"(?P<post>\s*(?:\(含\))?\s*(?:及|或)?\s*(?:以上|以下))?(?:\(含\))?"
)
# An amount in another currency is never a cap; after words of comparison it is a threshold
# ("实际到位外资超过3000万美元", "年出口额首次突破1亿美元").
_FOREIGN_MONEY_RE = re.compile(
    r"(?P<pre>达到|达|超过|超|突破|不低于|不少于|高于|大于|满)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?:千万|百万|万|亿)?\s*(?:美元|美金|欧元|港元|港币|日元|英镑)"
    r"(?P<post>\s*(?:\(含\))?\s*(?:及|或)?\s*(?:以上|以下))?(?:\(含\))?"
)
# "突破亿元", "超千万元": a threshold of one unit, written without a number.
_BARE_UNIT_RE = re.compile(
    r"(?P<pre>突破|超过|超|达到|达|过|不低于|不少于)(?P<unit>亿|億|千万|百万)元(?:\s*(?:\(含\))?\s*(?:及|或)?\s*以上)?"
)
_BARE_UNITS = {"亿": 100_000_000, "億": 100_000_000, "千万": 10_000_000, "百万": 1_000_000}
_EMPLOYEES_RE = re.compile(r"从业人员|员工|职工|从业人数|就业人数|参保人数")
_PHRASE_START_RE = re.compile(r"[,;。:、\n①-⑳]|\(\d{1,2}\)|且|并且|其中|对于|对|按照")
# Between two items of a list of amounts: "5亿元、10亿元", "5亿元以上、10亿元以上", "1亿元或2亿元".
_LIST_JOIN_RE = re.compile(r"\s*(?:\(含\))?\s*(?:以上|以下)?\s*[、和及或与/]\s*")
_DEPARTMENTS_RE = re.compile(r"\((?:责任|牵头|主责|负责|实施|配合)(?:部门|单位)[::]([^()]*)\)")
_INDUSTRY_TAIL = (
    r"(?=(?:、[^,;。、]{1,12})*(?:等)?(?:领域|行业|产业|细分领域)?(?:相关)?(?:中)?(?:的)?"
    r"(?:优质|重点|创新|龙头|中小型|中小)?(?:企业|单位|主体))"
)
_industry_re: re.Pattern[str] | None = None
_SAME_SECTORS_RE = re.compile(r"(?:以上|上述|前述)(?:行业|领域)")
_LIST_OF_CONDITIONS_RE = re.compile(r"以下条件|下列条件|如下条件")


@dataclass
class PolicyScope:
    """What every support clause of a policy inherits: its region and its applicability."""

    region: list[dict] = field(default_factory=list)
    scope: list[dict] = field(default_factory=list)


@dataclass
class Requirements:
    """Requirements stated inside one clause, each with the span of its words."""

    items: list[tuple[int, int, dict]] = field(default_factory=list)
    # The words each leaf stands for (wider than items' anchor: "年营业收入超过1亿元"), by id of the leaf.
    covers: dict[int, tuple[int, int]] = field(default_factory=dict)
    # Ids of the leaves clause_conditions put into the condition.
    emitted: set[int] = field(default_factory=set)
    # Requirement phrases as written: (start, end) of each.
    phrases: list[tuple[int, int]] = field(default_factory=list)
    clause_wide: list[dict] = field(default_factory=list)
    any_of: bool = False
    qualifications: list[str] = field(default_factory=list)
    thresholds: list[str] = field(default_factory=list)
    # Leaves stating who gets the support that hold for the whole clause (支持社会组织…: entity type).
    beneficiary: list[dict] = field(default_factory=list)
    # Sentence pieces of the clause's benefits: requirements inside different ones are alternatives.
    benefit_segments: list[tuple[int, int]] = field(default_factory=list)
    # The clause's words when none of them says who gets the support: it can never be more than possible.
    unidentified: tuple[int, int] | None = None
    # Sub-items that are alternative branches (商业综合体,… / 商业街区,… / 其他…企业,…; 购买…的 / 租赁…的):
    # the clause asks for one of them, not all.
    branches: list[tuple[int, int]] = field(default_factory=list)
    branch_leaves: list[list[dict]] = field(default_factory=list)
    # Items of a list of conditions (同时满足以下条件: (1)… (2)…), each asked as written.
    listed: list[tuple[int, int]] = field(default_factory=list)
    # The base a benefit's ratio applies to, by segment (按其当年实际保费支出的50%).
    segment_bases: dict[tuple[int, int], str] = field(default_factory=dict)
    # The most a benefit's segment pays (None: a benefit there states no cap).
    segment_caps: dict[tuple[int, int], int | None] = field(default_factory=dict)
    # Sentence pieces (benefits.segments) of the clause: a piece stating no benefit before one that does
    # in the same sentence is its subject (注册三年以上的…企业,从第四年开始,对…给予).
    pieces: list[tuple[int, int]] = field(default_factory=list)
    # Pieces opening with a later year (第二年至第三年,…) and the 对… phrases: a later year's money is
    # for the applicant the earlier year's 对… phrase names.
    later_years: set[int] = field(default_factory=set)
    led_by: list[tuple[int, int]] = field(default_factory=list)
    # Ends of sentences (。, line ends) among the pieces.
    sentence_ends: set[int] = field(default_factory=set)
    # Names of the policy's own region (X市, Y区): words placing the applicant there are checked facts.
    places: list[str] = field(default_factory=list)
    # The document's text the spans point into.
    text: str = ""
    # Phrases whose own alternatives (one suffices) are not all checks: their checks were dropped.
    opened: list[tuple[int, int]] = field(default_factory=list)


def _leaf(fact: str, op: str, value=None) -> dict:
    """One condition leaf."""
    leaf = {"fact": fact, "op": op}
    if op not in ("is_true", "is_false"):
        leaf["value"] = value
    return leaf


def region_leaves(meta: dict, extra_zones: list[str] | None = None) -> list[dict]:
    """Province + city + district (or zones) from the policy's metadata."""
    leaves = []
    if meta.get("province"):
        leaves.append(_leaf("province", "eq", meta["province"]))
    if meta.get("city"):
        leaves.append(_leaf("city", "eq", meta["city"]))
    region = meta.get("region")
    if region and region not in (meta.get("province"), meta.get("city")):
        if is_zone_name(region):
            zones = [region] + [z for z in (extra_zones or []) if z != region]
            leaves.append(_leaf("zones", "contains_any", zones))
        else:
            leaves.append(_leaf("district", "in", [region]))
    return leaves


def scope_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of the body that state who the whole policy applies to."""
    return [
        (m.start(), m.end())
        for m in _SENTENCE_RE.finditer(text, start, end)
        if _SCOPE_SENTENCE_RE.search(m.group())
    ]


def policy_conditions(text: str, spans: list[tuple[int, int]], meta: dict) -> PolicyScope:
    """Region and applicability leaves every support clause inherits."""
    scope_text = "。".join(text[s:e] for s, e in spans)
    zones = [m.group(1) for m in _PLACE_IN_RE.finditer(scope_text)]
    scope: list[dict] = []
    types = {t for rx, ts in _ENTITY_RULES if rx.search(scope_text) for t in ts}
    if types and not _ANY_ENTITY_RE.search(scope_text):
        scope.append(_leaf("entity_type", "in", [t for t in _ENTITY_ORDER if t in types]))
    if _LEGAL_PERSON_RE.search(scope_text):
        scope.append(_leaf("independent_legal_person", "is_true"))
    if _CREDIT_RE.search(scope_text):
        scope.append(_leaf("credit_good", "is_true"))
    if _PENALTY_RE.search(scope_text):
        scope.append(_leaf("major_penalty_3y", "is_false"))
    return PolicyScope(region_leaves(meta, zones), scope)


def _op(words: str, default: str = "gte") -> str:
    """Comparison operator from the words around a threshold."""
    for rx, op in _OPS:
        if rx.search(words):
            return op
    return default


def _phrase(text: str, s: int, e: int, floor: int) -> tuple[int, int]:
    """The span of a threshold phrase as written: from its subject to its comparator."""
    lo = max(floor, s - 30)
    begin = lo
    for m in _PHRASE_START_RE.finditer(text, lo, s):
        begin = m.end()
    post = re.match(r"\s*(?:\(含\))?\s*(?:及|或)?\s*(?:以上|以下)?(?:\(含\))?", text[e:])
    return begin, e + (post.end() if post else 0)


def _qualification_items(text: str, s: int, e: int) -> list[tuple[int, int, dict, str]]:
    """Qualifications a segment requires (获得…认定的, 首次通过…)."""
    piece = text[s:e]
    if not _QUAL_CONTEXT_RE.search(piece):
        return []
    out = []
    taken: list[tuple[int, int]] = []
    for name, rx in QUALIFICATIONS:
        for m in rx.finditer(piece):
            a, b = s + m.start(), s + m.end()
            if any(ta <= a < tb for ta, tb in taken):
                continue
            if _QUAL_NOT_RE.search(text[max(s, a - 4) : a] + text[b : b + 3]) or _qual_is_activity(
                text, a, b
            ):
                continue
            taken.append((a, b))
            out.append((a, b, _leaf("qualifications", "contains", name), text[a:b]))
            if name == "DCMM":
                lv = _LEVEL_RE.search(piece) or None
                levels = [label_value(x.group("lv")) for x in _TIER_LEVEL_RE.finditer(piece)]
                level = label_value(lv.group("lv")) if lv else (min(levels) if levels else None)
                if level:
                    upto = max(b, s + lv.end()) if lv else b  # the level words belong to this leaf
                    out.append((a, upto, _leaf("qualification_level.DCMM", "gte", level), text[a:upto]))
    return out


def industry_re() -> re.Pattern[str]:
    """Industry words of the domain dictionary followed by the enterprises they qualify."""
    global _industry_re
    if _industry_re is None:
        words = sorted((w for w, c in lexicon().items() if c == "ind"), key=len, reverse=True)
        _industry_re = re.compile("(?:" + "|".join(map(re.escape, words)) + ")" + _INDUSTRY_TAIL)
    return _industry_re


def _industry_items(text: str, s: int, e: int) -> list[tuple[int, int, dict]]:
    """Industries a segment's target enterprises must be in: 对…的人工智能企业."""
    target = text.find("对", s, e)
    if target < 0:
        return []
    names = []
    first = None
    for m in industry_re().finditer(text, target, e):
        if m.group() not in names:
            names.append(m.group())
            first = first or m
    if not names or first is None:
        return []
    return [(first.start(), first.end(), _leaf("industries", "contains_any", names))]


def clause_requirements(
    text: str, start: int, end: int, children: list[tuple[int, int]] | None = None
) -> Requirements:
    """Qualifications and thresholds a clause states, as condition leaves and as written.

    ``children`` are the body spans of sub-items that state no support of their own (a list of
    conditions under the clause's money); when they are alternative branches each is one option.
    """
    req = Requirements(text=text)
    if not children:
        children = _inline_items(text, start, end)
    listed: list[tuple[int, int]] = []
    if children and _LIST_OF_CONDITIONS_RE.search(text, start, children[0][0]):
        # "同时满足以下条件的: (1)… (2)…": each item's words are asked, not only those a pattern reads
        listed = [(a, _trimmed_end(text, a, b)) for a, b in children]
        req.listed = listed
    if children and len(children) > 1 and alternative_branches(text, start, children):
        req.branches = [(a, _trimmed_end(text, a, b)) for a, b in children]
    req.pieces = segments(text, start, end)
    req.sentence_ends = {e for _, e in req.pieces if text[e - 1 : e] == "。" or text[e : e + 1] in ("\n", "")}
    for s, e in req.pieces:
        for a, b, leaf, words in _qualification_items(text, s, e):
            req.items.append((a, b, leaf))
            if words not in req.qualifications:
                req.qualifications.append(words)
            if _FIRST_TIME_RE.search(text, s, e) and not any(i[2]["fact"] == "first_time" for i in req.items):
                req.items.append((a, b, _leaf("first_time", "is_true")))
        _thresholds(text, s, e, req)
        req.items.extend(_industry_items(text, s, e))
    req.phrases = requirement_phrases(text, start, end)
    if req.branches or listed:
        # each item's words as written: what it asks is one option's requirements (or one of all)
        req.phrases = _merged([*req.phrases, *req.branches, *listed])
    if not any(_WHO_RE.search(text, a, b) and not declarations.is_none(text[a:b]) for a, b in req.phrases):
        _beneficiary_phrases(text, start, end, req)
    _own_supported_phrases(text, req)
    req.later_years = {a for a, _ in req.pieces if _LATER_YEARS_RE.match(text, a)}
    req.led_by = [p for p in req.phrases if text.startswith("对", p[0])]
    _phrase_items(text, req)
    _open_alternatives(text, req)
    _clause_wide_sector(text, req)
    _rate_subject_sectors(text, start, end, req)
    if _SAME_SECTORS_RE.search(text, start, end):
        # "对以上行业中新设立企业": the sectors named once hold for every benefit of the clause.
        for _, _, leaf in req.items:
            if leaf["fact"] == "industry_sector" and leaf not in req.beneficiary:
                req.beneficiary.append(leaf)
                req.emitted.add(id(leaf))
    if req.branches:
        lead = [leaf for a, _, leaf in req.items if not any(s <= a < e for s, e in req.branches)]
        req.clause_wide = lead
        req.branch_leaves = [[leaf for a, _, leaf in req.items if s <= a < e] for s, e in req.branches]
    elif _LIST_OF_CONDITIONS_RE.search(text, start, end):
        req.clause_wide = [leaf for _, _, leaf in req.items]
        req.any_of = bool(re.search(r"之一", text[start:end]))
    return req


# "…(满足其中一项即可)", "…之一的": the phrase's own list is of alternatives, one of which suffices.
_IN_PHRASE_ANY_RE = re.compile(
    r"满足其中(?:一项|一个|之一|任一项?)即可|(?:满足|符合|具备)(?:其中)?(?:任一|任意一|其一)(?:项|个)?即可|其一即可"
    r"|(?:满足|符合|具备)(?:以下|下列|上述|如下)?(?:条件|情形|要求|标准)?(?:中的)?(?:之一|其中之一|任一项?|任意一项)"
)
_ALTERNATIVE_CUT_RE = re.compile(r"以及|或者|或|和|及|、|,")
_GENERIC_WHO_RE = re.compile(r"^(?:的)?(?:企业|单位|机构|主体|公司)(?:的)?$")


def _open_alternatives(text: str, req: Requirements) -> None:
    """A phrase listing alternatives of which one suffices, some not modelled, requires none of its checks.

    "认定为专精特新中小企业、高新技术企业的企业以及…孵化器…的科创类平台运营方(满足其中一项即可)": the
    qualifications are alternatives to an applicant no fact describes, so a company holding none of
    them may still qualify; the phrase stays asked (its question names every alternative) and its
    checks are not required. A list whose every alternative is a check keeps them (as alternatives).
    """
    drop: set[int] = set()
    for s, e in req.phrases:
        marker = _IN_PHRASE_ANY_RE.search(text, s, e)
        if not marker:
            continue
        inside = [(a, b, leaf) for a, b, leaf in req.items if s <= a < e]
        if not inside:
            continue
        # the alternatives are listed before the marker ("…(满足其中一项即可)"), else after it ("之一:A、B")
        a0, b0 = (s, marker.start()) if marker.start() - s > 4 else (marker.end(), e)
        covered = _merged([req.covers.get(id(leaf), (a, b)) for a, b, leaf in inside])
        rest, _ = _uncovered(text, a0, b0, covered, [a for a, _ in covered])
        chunks = [c for c in _ALTERNATIVE_CUT_RE.split(re.sub(r"[()]", "", rest)) if c]
        if any(_WHO_RE.search(c) and not _GENERIC_WHO_RE.match(c) for c in chunks):
            drop.update(id(leaf) for _, _, leaf in inside)
            req.opened.append((s, e))
    if drop:
        req.items = [item for item in req.items if id(item[2]) not in drop]


def _clause_wide_sector(text: str, req: Requirements) -> None:
    """One sector named by every phrase that names who gets the support holds for the whole clause.

    "对…的建筑业企业,给予X,首次超过100亿元的给予Y;对…的建筑业企业,给予Z" and "对…的软件和信息技术服务业企业,
    给予X;全年…超过全市预期增速的,给予Y": the later tiers leave the applicant out, it is the same one.
    A phrase naming another applicant (符合条件的项目, 其他企业) keeps the sector to its own benefit.
    """
    sectors = [(a, leaf) for a, _, leaf in req.items if leaf["fact"] == "industry_sector"]
    if not sectors or len({_leaf_key(leaf) for _, leaf in sectors}) != 1:
        return
    for s, e in req.phrases:
        if _WHO_RE.search(text, s, e) and not any(s <= a < e for a, _ in sectors):
            return
    leaf = sectors[0][1]
    req.beneficiary.append(leaf)
    req.emitted.add(id(leaf))


# "零售企业按照…的50%,…;餐饮企业按照…的20%": each rate paid to the companies of a trade.
_RATE_SUBJECT_RE = re.compile(
    r"(?:^|(?<=[,;。:\n]))\s*(?P<trade>[\u4e00-\u9fff]{2,8}?)企业(?=按|给予|可给予)"
)


def _rate_subject_sectors(text: str, start: int, end: int, req: Requirements) -> None:
    """Every rate of the clause paid to the companies of a trade: the applicant is in one of them.

    "零售企业按照…50%,…;餐饮企业按照…20%" pays retailers and caterers only; any subject the table
    of trades does not know (其他行业企业) leaves the clause to its other checks.
    """
    subjects = list(_RATE_SUBJECT_RE.finditer(text, start, end))
    if len(subjects) < 2:
        return
    found: list[str] = []
    for m in subjects:
        sectors = size.word_sectors(m.group("trade"))
        if not sectors or m.group("trade").startswith("其他"):
            return
        found.extend(x for x in sectors if x not in found)
    leaf = _leaf("industry_sector", "in", found)
    req.items.append((subjects[0].start("trade"), subjects[0].end(), leaf))
    req.beneficiary.append(leaf)
    req.emitted.add(id(leaf))


def _thresholds(text: str, s: int, e: int, req: Requirements) -> None:
    """Money, ratio and quantity thresholds of one segment."""
    spans: list[tuple[int, int]] = []
    for m in amounts.find_money(text, s, e):
        if m.role in (amounts.THRESHOLD, amounts.RATE):
            spans.append((m.start, m.end))
            if m.role == amounts.THRESHOLD and m.currency in (None, amounts.CNY):  # facts are in yuan
                a, b = _phrase(text, m.start, m.end, s)
                words = text[a:b]
                subject = text[a : m.start]
                if re.search(r"项目[^,;。]{0,6}(?:销售|收入)", subject):
                    continue
                for fact, rx in _METRICS:
                    hits = list(rx.finditer(subject))
                    found = hits[-1] if hits else None
                    if found:
                        leaf = _leaf(fact, _op(text[m.end : b] + subject[-6:]), m.yuan)
                        req.items.append((m.start, m.end, leaf))
                        req.covers[id(leaf)] = _metric_cover(subject, found, a, b)
                        break
    for m in _BARE_UNIT_RE.finditer(text, s, e):
        # "营业收入突破亿元": a unit with no number before it is one of that unit
        spans.append((m.start("unit"), m.end()))
        a, b = _phrase(text, m.start("unit"), m.end(), s)
        subject = text[a : m.start("unit")]
        for fact, rx in _METRICS:
            hits = list(rx.finditer(subject))
            if hits:
                leaf = _leaf(fact, _op(m.group("pre")), _BARE_UNITS[m.group("unit")])
                req.items.append((m.start("unit"), m.end(), leaf))
                req.covers[id(leaf)] = _metric_cover(subject, hits[-1], a, b)
                break
    for r in amounts.find_ratios(text, s, e):
        if r.role == amounts.THRESHOLD:
            spans.append((r.start, r.end))
    for m in _FOREIGN_MONEY_RE.finditer(text, s, e):
        if m.group("pre") or m.group("post"):
            spans.append((m.start("num"), m.end()))
    for m in _QUANTITY_RE.finditer(text, s, e):
        if not (m.group("pre") or m.group("post")):
            continue
        spans.append((m.start("num"), m.end()))
        subject = text[max(s, m.start() - 12) : m.start()]
        if m.group("unit") in ("人", "名") and _EMPLOYEES_RE.search(subject):
            op = _op((m.group("post") or "") + (m.group("pre") or ""))
            leaf = _leaf("employees", op, int(float(m.group("num"))))
            req.items.append((m.start(), m.end(), leaf))
            who = _EMPLOYEES_RE.search(subject)
            req.covers[id(leaf)] = (m.start() - len(subject) + who.start(), m.end())
    subject = ""  # the words before the first amount of a list: 营业收入首次突破5亿元、10亿元
    prev_end = None
    for a0, b0 in sorted(spans):
        a, b = _phrase(text, a0, b0, s)
        if prev_end is not None and a == a0 and _LIST_JOIN_RE.fullmatch(text[prev_end:a0]):
            words = (subject + text[a:b]).strip()  # a later item of the list keeps the list's words
        else:
            subject = text[a:a0]
            words = text[a:b].strip()
        prev_end = b
        if words and words not in req.thresholds:
            req.thresholds.append(words)


_CHANGE_RE = re.compile(r"增量|增长|增加|增幅|增速|新增|同比|环比|较上年")


def _metric_cover(subject: str, found: re.Match[str], a: int, b: int) -> tuple[int, int]:
    """The words a threshold leaf on a level (营业收入 ≥ X) stands for.

    A threshold on a change of the figure ("营业收入同比增量突破亿元") implies the level only as a
    necessary condition: the leaf covers the figure's name, and the change stays asked.
    """
    if _CHANGE_RE.search(subject, found.end()):
        return a + found.start(), a + found.end()
    return a + found.start(), b


def thresholds_in(text: str, start: int, end: int) -> list[str]:
    """Thresholds as written in text[start:end] only (a parent's own words, without its sub-items')."""
    req = Requirements()
    for s, e in segments(text, start, end):
        _thresholds(text, s, e, req)
    return req.thresholds


def _collapse(leaves: list[dict]) -> list[dict]:
    """One leaf per fact and operator, the least strict bound kept (a necessary condition)."""
    out: dict[tuple, dict] = {}
    for leaf in leaves:
        key = (
            leaf["fact"],
            leaf["op"],
            None if leaf["op"] in ("gte", "gt", "lte", "lt") else str(leaf.get("value")),
        )
        old = out.get(key)
        if (
            old is None
            or (leaf["op"] in ("gte", "gt") and leaf["value"] < old["value"])
            or (leaf["op"] in ("lte", "lt") and leaf["value"] > old["value"])
        ):
            out[key] = leaf
    return list(out.values())


def _group(leaves: list[dict], combinator: str) -> dict | None:
    """Combine leaves; a single leaf stands alone."""
    if not leaves:
        return None
    if len(leaves) == 1:
        return leaves[0]
    return {combinator: leaves}


def clause_conditions(policy: PolicyScope, req: Requirements, found: list[Benefit]) -> dict:
    """The clause's condition: region and scope of the policy, who it is for, then what its benefits require."""
    parts = list(policy.region) + list(policy.scope) + list(req.beneficiary)
    req.places = [
        v
        for leaf in policy.region
        for v in (leaf["value"] if isinstance(leaf["value"], list) else [leaf["value"]])
    ]
    req.benefit_segments = sorted({tuple(b.segment) for b in found})
    req.segment_bases = {tuple(b.segment): b.base for b in found if b.base and b.ratio}
    for b in found:
        top = max([b.cap_yuan or 0, *b.tiers]) or None
        segment = tuple(b.segment)
        known = req.segment_caps.get(segment, 0)
        req.segment_caps[segment] = None if top is None or known is None else max(known, top)
    subjects = _subjects(req.benefit_segments, req)
    for index, segment in enumerate(req.benefit_segments):
        starts = {segment[0], *(a for a, _ in subjects[segment])}
        if index and starts & req.later_years:
            before = req.benefit_segments[index - 1]
            subjects[segment] = [
                *subjects[segment],
                *[p for p in req.led_by if before[0] <= p[0] < before[1]],
            ]
    if req.branches:
        kept = _collapse(req.clause_wide)
        parts.extend(kept)
        req.emitted.update(id(leaf) for leaf in kept)
        options = [_group(_collapse(leaves), "all") for leaves in req.branch_leaves]
        if all(options):
            # every branch is decided by facts: one of them must hold; otherwise a branch asked
            # only as a declaration may hold, and the engine pairs each branch's facts and questions
            parts.append(_group(options, "any"))
        req.emitted.update(id(leaf) for leaves in req.branch_leaves for leaf in leaves)
    elif req.clause_wide:
        kept = _collapse(req.clause_wide)
        combined = _group(kept, "any" if req.any_of else "all")
        if combined:
            parts.append(combined)
            req.emitted.update(id(leaf) for leaf in kept)
    elif found and not _unlisted_benefit(req):
        anchors = sorted((a, i) for i, (a, _, _) in enumerate(req.items))
        keys = [a for a, _ in anchors]
        options: list[dict] = []
        used: list[dict] = []
        for b in found:
            s, e = b.segment
            groups = _subject_groups(req, (s, e), subjects[(s, e)], anchors, keys)
            if not all(groups):
                if req.opened:
                    # a benefit open to an applicant no check describes: the other benefits' checks
                    # still settle their own alternatives (the engine pairs them with the questions)
                    for other in found:
                        seg = tuple(other.segment)
                        found_groups = _subject_groups(req, seg, subjects[seg], anchors, keys)
                        req.emitted.update(id(leaf) for leaves in found_groups for leaf in leaves)
                break  # a benefit (or one of its applicants) asks nothing checkable: no check is required of all
            used.extend(leaf for leaves in groups for leaf in leaves)
            built = [_option(leaves) for leaves in groups]
            option = built[0] if len(built) == 1 else {"any": built}
            if option not in options:
                options.append(option)
        else:
            flat = []
            for option in options:
                flat.extend(option["any"] if set(option) == {"any"} else [option])
            group = _group(flat, "any")
            if group:
                parts.append(group)
                req.emitted.update(id(leaf) for leaf in used)
    return {"all": parts}


_CONDITIONAL_RE = re.compile(
    r"\s*(?:\d{1,2}[.、]|\([一二三四五六七八九十\d]{1,3}\))?\s*对(?:于)?[^,;。]{2,}的\s*,?\s*$"
)
_CONDITIONAL_HEAD_RE = re.compile(r"\s*对(?:于)?[^,;。]{2,}?的\s*,")


_PIECE_END_RE = re.compile(r"[,;。\n]")


def _unlisted_benefit(req: Requirements) -> bool:
    """A 对… phrase outside every benefit's words followed by its own amount (…,对B企业最高奖励8000万元):
    money for another applicant the benefits do not list, so the listed benefits' checks are not
    required of everyone."""
    text = req.text
    for a, b in req.phrases:
        if not text.startswith("对", a) or any(s <= a < e for s, e in req.benefit_segments):
            continue
        stop = _PIECE_END_RE.search(text, b)
        z = stop.start() if stop else len(text)
        if any(m.role == amounts.CAP for m in amounts.find_money(text, b, z)):
            return True
    return False


def _option(leaves: list[dict]) -> dict:
    """One applicant's checks; several qualifications named together are alternatives (小巨人或单项冠军)."""
    quals = [x for x in leaves if x["fact"] == "qualifications"]
    if len(quals) > 1:
        rest = [x for x in leaves if x["fact"] != "qualifications"]
        return _group([*rest, {"any": quals}], "all") if rest else {"any": quals}
    return _group(leaves, "all") or {"all": []}


def _subject_groups(
    req: Requirements,
    segment: tuple[int, int],
    subjects: list[tuple[int, int]],
    anchors: list[tuple[int, int]],
    keys: list[int],
) -> list[list[dict]]:
    """The checks of a benefit, one list per alternative applicant.

    "对A…的,对B…的,均按…给予": the applicants are A or B, each with its own checks (plus what the
    sentence says of both); otherwise a single list, the benefit's and its subject's checks.
    """
    text = req.text
    s, e = segment

    def leaves_in(a: int, z: int) -> list[dict]:
        return [
            req.items[i][2] for _, i in anchors[bisect.bisect_left(keys, a) : bisect.bisect_left(keys, z)]
        ]

    own = _CONDITIONAL_HEAD_RE.match(text, s, e)
    others = [p for p in subjects if _CONDITIONAL_RE.match(text, *p)]
    if not own or not others:
        return [_collapse([leaf for a, z in [(s, e), *subjects] for leaf in leaves_in(a, z)])]
    head = (s, own.end())
    shared = leaves_in(head[1], e) + [leaf for p in subjects if p not in others for leaf in leaves_in(*p)]
    groups = []
    for a, z in [*others, head]:
        own_leaves = leaves_in(a, z)
        groups.append(_collapse(own_leaves + shared) if own_leaves else [])
    return groups


def _subjects(own: list[tuple[int, int]], req: Requirements) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """For each benefit's segment, the pieces of its sentence before it that state no benefit.

    "注册三年以上的离岸贸易企业,从第四年开始,对…增量部分给予奖励" and "对…新注册的总部企业,对于购买
    用房的,给予X;对于租赁用房的,给予Y。": the subject is cut off the benefits' pieces at ",对"; its
    requirements hold for every benefit of the sentence, not for none (nor for the first only).
    """
    taken = set(own)
    out: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for segment in own:
        found: list[tuple[int, int]] = []
        for piece in reversed([p for p in req.pieces if p[1] <= segment[0]]):
            if piece[1] in req.sentence_ends:
                break
            if piece not in taken:
                found.append(piece)
        out[segment] = found
    return out


_ALL_BRANCHES_RE = re.compile(
    r"同时满足|同时符合|均(?:须|需|应)?(?:满足|符合)|全部(?:满足|符合)|以下全部|下列全部|所有条件"
)
_ANY_BRANCH_RE = re.compile(r"之一|其中一项|其中一个|其中之一|任一|任意一|满足其一|一项即可|其一即可")
# A branch headed by a conditional (购买…的, / 对于租赁…的,) or by a kind of applicant (商业综合体, / 其他…企业,).
_BRANCH_IF_RE = re.compile(r"^\s*(?:对于?)?[^,,。;:]{1,24}的(?=[,,])")
_BRANCH_WHO_RE = re.compile(r"^\s*(?:其他|其它)?[\u4e00-\u9fff、]{2,14}(?=[,,:])")
_BRANCH_NOT_WHO_RE = re.compile(r"不低于|不少于|以上|以下|超过|达到|年|额|率|数|量")
_BRANCH_NOUN_RE = re.compile(
    r"(?:企业|公司|单位|机构|组织|主体|体|区|街区|商场|门店|店|园区|平台|基地|中心|项目|团队|人才|银行|基金|协会|联盟)$"
)


_INLINE_MARK_RE = re.compile(r"\(\s*\d{1,2}\s*\)|[①-⑳]")


def _inline_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Items (1)…(2)… run into the clause's own line after 以下条件…: (the tree found no sub-items)."""
    lead = _LIST_OF_CONDITIONS_RE.search(text, start, end)
    if not lead:
        return []
    marks = list(_INLINE_MARK_RE.finditer(text, lead.end(), end))
    if len(marks) < 2:
        return []
    bounds = [m.end() for m in marks] + [end]
    return [(bounds[k], marks[k + 1].start() if k + 1 < len(marks) else end) for k in range(len(marks))]


def alternative_branches(text: str, start: int, children: list[tuple[int, int]]) -> bool:
    """Whether a clause's sub-items are alternative branches (any one qualifies), not all required.

    Said outright (之一, 满足其中一项即可) or, unless 同时满足 says all, read from the items' heads: each
    a different kind of applicant (商业综合体, / 商业街区, / 其他商贸流通企业,) or a different
    conditional (购买…用房的, / 租赁…用房的,).
    """
    lead = text[start : children[0][0]]
    if _ALL_BRANCHES_RE.search(lead):
        return False
    if _ANY_BRANCH_RE.search(lead) or _ANY_BRANCH_RE.search(text, children[-1][0], children[-1][1]):
        return True
    bodies = [_LABEL_RE.sub("", text[a:b], count=1) for a, b in children]
    heads = [m.group() for m in map(_BRANCH_IF_RE.match, bodies) if m]
    if len(heads) == len(bodies) and len(set(heads)) == len(heads):
        return True
    heads = [m.group().strip() for m in map(_BRANCH_WHO_RE.match, bodies) if m]
    return (
        len(heads) == len(bodies)
        and len(set(heads)) == len(heads)
        and not any(_BRANCH_NOT_WHO_RE.search(h) for h in heads)
        and all(_BRANCH_NOUN_RE.search(h) for h in heads)
    )


_LABEL_RE = re.compile(
    r"^\s*(?:\(\s*[\d一二三四五六七八九十]+\s*\)|[\d一二三四五六七八九十]+\s*[.、]|[①-⑳])\s*"
)


# A labelled field after a list of conditions (补贴对象:…, 补贴标准:…) is not part of the last item.
_FIELD_LABEL_RE = re.compile(
    r"(?:补贴|补助|支持|扶持|资助|奖励|申报|申请)(?:对象|标准|期限|金额|方式|材料|程序|流程)[::]"
)


def _trimmed_end(text: str, a: int, b: int) -> int:
    """The end of a sub-item's words without a following labelled field, closing punctuation and blanks."""
    label = _FIELD_LABEL_RE.search(text, a, b)
    if label and label.start() > a:
        b = label.start()
    while b > a and text[b - 1] in " \t\n;;。,,":
        b -= 1
    return b


# "…,主要包括以下方面:" / "给予以下支持:" / "具体如下:": a sentence that announces the sub-items.
_ANNOUNCE_RE = re.compile(r"(?:以下|如下|下列)[^。;,:]{0,8}[::]?\s*$|具体(?:如下|包括)[::]?\s*$")
# A genuine condition names the applicant it is about (对开展离岸贸易业务的企业).
_NAMES_APPLICANT_RE = re.compile(r"的[\u4e00-\u9fff]{0,8}?(?:企业|单位|机构|主体|组织|公司)$")


def mark_intro(text: str, start: int, own_end: int, requirements: list[dict]) -> None:
    """Mark the questions of a parent's announcing sentence as ``intro``: sub-items do not inherit them.

    "对单位创新项目和开放应用场景给予财政资金支持,…主要包括以下方面:" sums up what the sub-items pay
    for; asked of every sub-item it would be a question no single one asks. Checked conditions (facts)
    and questions naming the applicant (对…的企业) still hold for every sub-item.
    """
    own = text[start:own_end].rstrip()
    if not _ANNOUNCE_RE.search(own):
        return
    begin = start + max(own.rfind("。"), own.rfind("\n")) + 1
    for item in requirements:
        span = item.get("span")
        if not span or not (begin <= span[0] < own_end) or item.get("kind") not in ("declaration", "open"):
            continue
        if item.get("role") == "beneficiary":
            continue
        words = re.sub(r"[,,。;:\s]+$", "", str(item.get("text") or ""))
        if not _NAMES_APPLICANT_RE.search(words):
            item["intro"] = True


def departments(text: str, start: int, end: int) -> list[str]:
    """Responsible departments named in (责任部门:…) notes."""
    out: list[str] = []
    for m in _DEPARTMENTS_RE.finditer(text, start, end):
        for name in re.split(r"[、,，;]", m.group(1)):
            name = name.strip()
            if name and name not in out:
                out.append(name)
    return out


# --- requirements as written -------------------------------------------------------------------

_PIECE_START = r"(?:^|(?<=[,;。:\n\t )、.]))"
# 补贴对象:符合条件的创业者: a labelled field naming who gets the support.
_LABELLED_WHO_RE = re.compile(
    r"(?<=(?:补贴|补助|支持|扶持|资助|奖励|申报|申请)对象[::])\s*[^。;:\n(]{2,40}?(?=[。;\n(]|$)"
)
_PHRASE_RES: tuple[re.Pattern[str], ...] = (
    # 对…的企业 / 对于…项目, up to the support it gets.
    re.compile(
        _PIECE_START + r"(?<!加大)对(?:于)?(?!外|接|标|比|其|此|象|应|照|企业给予|上述)"
        r"[^。;:\n,]{2,90}?(?=,|给予|予以|按照|按|可给予|可按|最高|一次性|择优|分档|分别|每年|连续)"
    ),
    # 经认定的… / 经国家金融监管部门批准设立的…
    re.compile(
        r"经(?!济|营|费|验|过)[^,。;:\n]{0,16}?(?:认定|评定|认证|审定|批准|认可|备案|评审)(?:为|的|设立的)"
        r"[^,。;:\n]{2,24}?(?=,|。|;|给予|予以|按|可|$)"
    ),
    # 获得市级奖励的总部企业 / 列入…目录的产品 at the start of a piece.
    re.compile(
        _PIECE_START
        + r"(?:首次)?(?:获得|获评|入选|列入|取得|通过|纳入|(?:被)?认定为|评为)[^,。;:\n]{2,40}?的"
        r"[^,。;:\n]{0,16}?(?=,|给予|予以|按照|按|可)"
    ),
    # 认定为A的企业以及B的平台运营方(满足其中一项即可)向…投保…: a list of who qualifies, over 以及/或.
    re.compile(
        _PIECE_START
        + r"(?:被)?认定为[^,。;:\n]{2,40}?的[^,。;:\n]{0,12}?(?:以及|或者?|和|及)[^,。;:\n]{2,80}?"
        r"(?=,)"
    ),
    # 当年实际保费总支出超过10万元的, (a threshold on the applicant's own figure, as a conditional)
    re.compile(
        _PIECE_START
        + r"[^,。;:\n]{0,30}?(?:达到|达(?=\s*\d)|超过|不低于|不少于|高于|突破)[^,。;:\n]{1,24}?的"
        r"(?=,)"
    ),
    # 对…工业企业实施…改造,并实现…以上、或…的,给予: a conditional over commas, up to the support.
    re.compile(
        _PIECE_START + r"(?<!加大)对(?:于)?(?!外|接|标|比|其|此|象|应|照|上述)[^。;:\n]{2,160}?的"
        r"(?=,\s*(?:给予|予以|一次性给予|按))"
    ),
    # 补贴对象:符合条件的用人单位 (a labelled field naming who gets it)
    _LABELLED_WHO_RE,
    # 符合…条件的
    re.compile(r"符合[^,。;:\n]{0,30}?(?:条件|范围|要求|标准|方向|导向|规定|目录)的?"),
    # 达到…以上
    re.compile(r"(?:达到|达(?=\s*\d)|超过|不低于|不少于)[^,。;:\n]{1,24}?(?:以上|以下)(?:\(含\))?"),
)
_GENERIC_TARGET_RE = re.compile(r"^(?:对于?)?(?:各类|相关|该|这些)?(?:企业|单位|主体|机构)(?:的)?$")
_NOT_TARGET_RE = re.compile(r"进行|开展|加强|加大|实施")
# 对剩余展位费 / 对…增量部分: what an amount is computed on, not who gets it.
_BASE_TARGET_RE = re.compile(r"(?:费|费用|部分|金额|投入|支出|额|收入|成本|贷款|利息|情况|方式)$")
# "对企业购买…服务费用": the base names what the applicant does to be paid (it is asked).
_PAYS_FOR_ACTIVITY_RE = re.compile(
    r"对于?(?:企业|单位|主体|机构)(?:购买|采购|租用|租赁|使用)[^,。;:\n]{2,}?(?:费|费用)$"
)
# Words a requirement phrase may hold besides the words of its leaves and still count as modelled.
_FILLER_RE = re.compile(
    r"对于?|的|且|并且|同时|或者?|及|和|、|等|其|为|在|内|中|后|已|企业|公司|单位|主体|机构|项目|以上|以下|\(含\)"
    r"|达到|超过|不低于|不少于|获得|取得|通过|认定|获评|评为|入选|列入|纳入|首次|上一?年度?|当年度?|年度|年"
    r"|实现|荣誉|称号|资质|认证|新建或在建|新建|在建|本区域|区域|本区|本市|本新区|辖区|注册|落户|[“”\"]"
    r"|贯标|评估|证书|国家(?=《)|《|》|\(GB[^)]*\)|GB/T"
    r"|[\d.\s%(),]"
)
_NEW_RE = re.compile(
    r"(?:(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:及)?(?:以后|之后|后|起))?"
    r"(?P<new>新注册|新引进|新落户|新设立|新迁入|新落地|新入驻|新引入|新设)"
)
_ABOVE_SIZE_RE = re.compile(r"规模(?:\(限额\))?以上|限额以上|规上")
_ABOVE_SIZE_NOT_RE = re.compile(r"首次(?:达到|纳入)|升级为|首升|保持在?$")
# 注册三年以上 / 成立满2年 / 设立不足六个月: years since establishment on the date of evaluation.
_AGE_RE = re.compile(
    r"(?:注册|成立|设立|登记)(?:成立|设立)?(?:时间|年限)?(?:在)?"
    r"(?P<pre>已满|满|超过|不少于|不低于|不足|未满|不满|不到|少于|不超过)?"
    r"(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)(?P<unit>个月|周年|年)"
    r"(?P<post>\s*(?:\(含\))?\s*(?:及|或)?\s*(?:以上|以下|以内|之内)(?:\(含\))?)?"
)
_AGE_OPS = {
    "已满": "gte", "满": "gte", "不少于": "gte", "不低于": "gte", "超过": "gt",
    "不足": "lt", "未满": "lt", "不满": "lt", "不到": "lt", "少于": "lt", "不超过": "lte",
}  # fmt: skip
_LISTED_RE = re.compile(
    r"(?<!拟)(?<!推动)(?:境内外|境内|境外|A股|科创板|北交所|港股|主板)?上市(?:企业|公司)|已上市"
)
_LEVEL_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"国家级?|中央"), "national"),
    (re.compile(r"(?:北京)?市级|北京市|省部级|省级?(?=、|和|或|及)|省级"), "municipal"),
    (re.compile(r"区级"), "district"),
)
_LEVEL_CONTEXT_RE = re.compile(r"项目|认定|荣誉|称号|奖励|奖项|获评|列入|入选|立项|支持|示范|试点|目录|资质")
_FIRST_RE = re.compile(r"首次(?:获得|通过|取得|入选|认定|评为|获评|获批|列入|纳入)")


_BRACKETS_RE = re.compile(r"\([^()\n。]{1,40}\)")


def requirement_phrases(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the phrases that qualify who gets the support (对…的企业, 经认定…, 符合…条件的, 达到…以上)."""
    found: list[tuple[int, int]] = _listed_conditions(text, start, end)
    # Commas inside brackets do not end a phrase: "通过国家《…》(GB/T 36073-2018,DCMM)认证的企业".
    text = _BRACKETS_RE.sub(lambda m: "(" + "_" * (len(m.group()) - 2) + ")", text)
    for rx in _PHRASE_RES:
        for m in rx.finditer(text, start, end):
            a, b = m.start(), m.end()
            if b > end:
                continue
            words = text[a:b]
            if _GENERIC_TARGET_RE.match(words) or (_NOT_TARGET_RE.search(words) and "的" not in words):
                continue
            if (
                words.startswith(("对", "通过"))
                and _BASE_TARGET_RE.search(words)
                and not _PAYS_FOR_ACTIVITY_RE.match(words)
            ):
                continue
            if words.startswith("对"):
                # "对…品牌企业,开设的…首店,": what the applicant does is part of who gets the money;
                # "对企业自主研发、公开发布,具有…的…大模型,": so is the thing it is paid for
                more = _THEN_ACTIVITY_RE.match(text, b, end) or (
                    None if "的" in words else _THEN_OWNED_RE.match(text, b, end)
                )
                b = more.end() if more else b
            found.append((a, b))
    found.sort(key=lambda x: (x[0], -x[1]))
    out: list[tuple[int, int]] = []
    for a, b in found:
        if out and a < out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)  # overlapping phrases read as one
            continue
        out.append((a, b))
    return out


# "补贴条件:(1)获得…;(2)…; 补贴对象:…": each numbered item of a labelled list of conditions is asked.
_CONDITIONS_LABEL_RE = re.compile(r"(?:补贴|补助|支持|扶持|资助|奖励|申报|申请)条件\s*[::]")
_LABEL_END_RE = re.compile(
    r"(?:补贴|补助|支持|扶持|资助|奖励|申报|申请)(?:对象|标准|期限|金额|方式|材料|流程|程序)\s*[::]"
)
_NUMBERED_ITEM_RE = re.compile(r"\(\d{1,2}\)")


def _listed_conditions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a labelled list of conditions (补贴条件:(1)…;(2)…), each up to its first colon."""
    out: list[tuple[int, int]] = []
    for label in _CONDITIONS_LABEL_RE.finditer(text, start, end):
        stop = _LABEL_END_RE.search(text, label.end(), end)
        z = stop.start() if stop else end
        marks = list(_NUMBERED_ITEM_RE.finditer(text, label.end(), z))
        for n, m in enumerate(marks):
            a = m.end()
            b = marks[n + 1].start() if n + 1 < len(marks) else z
            colon = re.search(r"[::]", text[a:b])
            b = a + colon.start() if colon else b
            while b > a and text[b - 1] in ";;。 \n\t":
                b -= 1
            if b - a >= 4:
                out.append((a, b))
    return out


_SUPPORTED_RE = re.compile(
    r"(?:支持|鼓励|引进|集聚|培育)(?!力度|资金|方式|政策)[^,。;:\n]{2,80}?(?=,|。|;|:|\n|最高|给予|予以|$)"
)


# ",建设…" / ",开展…": the activity a 支持/鼓励 subject is paid for, in the next piece of the sentence.
_THEN_ACTIVITY_RE = re.compile(
    r",(?:联合|共同|积极|加快|重点)?(?:建设|建立|设立|开设|搭建|打造|组建|开展|举办|承办|实施|研发|开发|提供|采购|购买|租赁|租用|入驻|落户|迁入)"
    r"[^,。;:\n]{2,80}?(?=,|。|;|:|\n|$)"
)
_THEN_OWNED_RE = re.compile(r",[^,。;:\n]{2,40}?的[^,。;:\n的]{1,16}(?=,)")
# Words that name who gets support (an applicant, its project or product, its premises).
_WHO_RE = re.compile(
    r"企业|公司|单位|机构|组织|主体|总部|园区|孵化器|众创空间|平台|项目|产品|团队|人才|门店|店|商户|商场|街区|综合体"
    r"|高校|院所|协会|学会|联盟|商会|银行|基金|方$|者$"
)
# "注册三年以上的离岸贸易企业," / "本土品牌企业(法人机构)开设…": the subject at the start of a sentence.
_SUBJECT_RE = re.compile(
    r"(?:^|(?<=[。;:\n]))\s*(?:\d{1,2}[.、]|\(\d{1,2}\)|第[一二三四五六七八九十百]+条)?\s*"
    r"(?P<who>[^,。;:\n]{2,40}?(?:企业|公司|单位|机构|组织|主体|总部|商户|团队)(?:\([^)]{1,10}\))?)"
    r"(?=,|开展|开设|开发|建设|设立|举办|承办|提供|购买|采购|使用|实施|获得|取得|通过|在|入驻)"
)
# "首次通过DCMM贯标,且评估认证为二级及以上的本区域内企业,给予…": a conditional subject over commas.
_CONDITION_SUBJECT_RE = re.compile(
    r"(?:^|(?<=[。;:\n]))\s*(?:\d{1,2}[.、]|\(\d{1,2}\)|\([一二三四五六七八九十]+\))?\s*"
    r"(?P<who>[^。;:\n]{2,80}?的[^,。;:\n的]{0,14}?(?:企业|公司|单位|机构|组织|主体|项目))(?:\([^()]{1,60}\))?(?=,)"
)
_PIECE_END_RE = re.compile(r"[,。;:\n]")
# "作为主要举办或承办单位, 在…组织开展…活动的": the role that gets the money.
_AS_ROLE_RE = re.compile(r"作为[^,。;]{1,20}?(?:单位|主体|方)(?:[^。;]{0,40}?的(?=,))?")
# Things whose operator gets the support when no one else is named: 提升特色园区服务能效 -> the park.
_OPERATED_RE = re.compile(r"园区|孵化器|众创空间|孵化载体|社会组织|行业协会|产业联盟|金融机构")


def _beneficiary_phrases(text: str, start: int, end: int, req: Requirements) -> None:
    """Who gets the support when no 对…的 phrase names it: the sentence's subject, 支持/鼓励 X, 作为…单位.

    Entity types named there hold for the whole clause (``req.beneficiary``). When nothing names who
    gets the support, ``req.unidentified`` is set and the clause can never be eligible.
    """
    found: list[tuple[int, int]] = []
    body = text[start:end]  # "^" matches only at the start of the string searched
    for rx in (_SUBJECT_RE, _CONDITION_SUBJECT_RE, _AS_ROLE_RE):
        for m in rx.finditer(body):
            a, b = (m.start("who"), m.end("who")) if "who" in rx.groupindex else (m.start(), m.end())
            if rx is _SUBJECT_RE and not body.startswith(",", b) and not declarations.is_none(body[a:b]):
                # "本土品牌企业(法人机构)开设…旗舰店,": what the subject does is asked too
                stop = _PIECE_END_RE.search(body, b)
                found.append((start + b, start + (stop.start() if stop else len(body))))
            if not _GENERIC_TARGET_RE.match(body[a:b]):
                found.append((start + a, start + b))
    for m in _SUPPORTED_RE.finditer(text, start, end):
        a, b = m.start(), min(m.end(), end)
        # "支持重点高校、…等围绕…领域,建设科研中心…等服务载体": the activity after the comma is asked too
        for _ in range(2):
            more = _THEN_ACTIVITY_RE.match(text, b, end)
            if not more:
                break
            b = more.end()
        words = text[a:b]
        if _WHO_RE.search(words) or _OPERATED_RE.search(words) or declarations.names_activity(words):
            found.append((a, b))
    if not found:
        m = _OPERATED_RE.search(text, start, end)
        if m:
            sentence = _SENTENCE_RE.search(text, max(start, text.rfind("。", start, m.start()) + 1))
            if sentence:
                found.append((sentence.start(), min(sentence.end(), end)))
    merged = sorted({*req.phrases, *found})
    req.phrases = []
    for a, b in merged:
        if req.phrases and a < req.phrases[-1][1]:
            req.phrases[-1] = (req.phrases[-1][0], max(b, req.phrases[-1][1]))
        else:
            req.phrases.append((a, b))
    names: list[str] = []
    for a, b in found:
        for m in industry_re().finditer(text, a, b):
            # an activity the declaration catalogue asks about (离岸贸易企业) stays its question
            if m.group() not in names and declarations.canonical(m.group()) is None:
                names.append(m.group())
    if names:
        # "鼓励…人工智能企业的新产品…": the industry of who is supported holds for the whole clause
        leaf = _leaf("industries", "contains_any", names)
        req.beneficiary.append(leaf)
        req.emitted.add(id(leaf))
        first = next(
            (m for a, b in found for m in industry_re().finditer(text, a, b) if m.group() in names), None
        )
        if first:
            req.covers[id(leaf)] = (first.start(), first.end())
    types: list[str] = []
    for a, b in found:
        for rx, ts in _ENTITY_RULES:
            if rx.search(text, a, b) or (ts != ("enterprise",) and _operated(text, a, b, rx)):
                types.extend(t for t in ts if t not in types)
    if types and set(types) != {"enterprise"}:
        if "企业" in "".join(text[a:b] for a, b in found) and "enterprise" not in types:
            types.append("enterprise")
        leaf = _leaf("entity_type", "in", [t for t in _ENTITY_ORDER if t in types])
        req.beneficiary.append(leaf)
        req.emitted.add(id(leaf))
        for a, b in found:
            for rx, ts in _ENTITY_RULES:
                m = rx.search(text, a, b)
                if m and ts != ("enterprise",):
                    req.covers.setdefault(id(leaf), (m.start(), m.end()))
    if not req.phrases:
        first = _SENTENCE_RE.search(text, start, end)
        req.unidentified = (first.start(), min(first.end(), end)) if first else (start, end)


_NAMED_AS_RE = re.compile(
    r"(?:^|(?<=[。;:,\n]))\s*(?P<who>[\u4e00-\u9fff、]{2,30}?(?:科技园|孵化器|众创空间|机构|协会|联盟|组织|高校|院所|银行))"
    r"作为[^,。;]{1,12}?(?:人|方|单位|主体)"
)
_PERSON_SUBJECT_RE = re.compile(
    r"\s*(?P<who>[^,。;:\n]{2,60}?的[^,。;:\n的]{0,14}?(?:青年|个人|人员|人才|创业者|毕业生))(?=,)"
)
_PAYS_RE = re.compile(r"给予|予以|补贴|补助|奖励|资助")


def _own_supported_phrases(text: str, req: Requirements) -> None:
    """A sentence that pays and names no one else says whom in its 支持 X (支持企业采购数据产品,…给予补贴).

    Read even when another sentence of the clause has a 对… phrase: that one names its own money's
    applicant, not this sentence's.
    """
    added = False
    for m in _NAMED_AS_RE.finditer(
        text, req.pieces[0][0] if req.pieces else 0, req.pieces[-1][1] if req.pieces else 0
    ):
        # "大学科技园、科技企业孵化器作为投保人…": the bodies named before 作为 are who gets it
        if not any(a <= m.start() < b for a, b in req.phrases):
            req.phrases.append((m.start("who"), m.end("who")))
            added = True
    for s, e in req.pieces:
        if not _PAYS_RE.search(text, s, e) or any(s <= a < e or a < s < b for a, b in req.phrases):
            continue
        # not a word inside brackets: "高质量(培育)孵化器" names a kind of incubator, not an aim
        m = next(
            (x for x in _SUPPORTED_RE.finditer(text, s, e) if text[x.start() - 1 : x.start()] != "("), None
        )
        if not m:
            # "在…企业连续就业满1年的青年人才,…可领取…补贴": the conditional subject says whom
            who = _PERSON_SUBJECT_RE.match(text, s, e)
            if who:
                req.phrases.append((who.start("who"), who.end("who")))
                added = True
            continue
        a, b = m.start(), min(m.end(), e)
        more = _THEN_ACTIVITY_RE.match(text, b, e)
        b = more.end() if more else b
        words = text[a:b]
        if _WHO_RE.search(words) or declarations.names_activity(words):
            req.phrases.append((a, b))
            added = True
    if added:
        req.phrases = _merged(req.phrases)


def _operated(text: str, a: int, b: int, rx: re.Pattern[str]) -> bool:
    """A park (孵化器, 社会组织 …) as the thing supported stands for its operator."""
    m = _OPERATED_RE.search(text, a, b)
    if not m:
        return False
    word = m.group()
    return bool(rx.search(word + "运营" if word == "园区" else word))


def _add(req: Requirements, a: int, b: int, leaf: dict) -> None:
    """Record one leaf anchored at text[a:b]."""
    req.items.append((a, b, leaf))
    req.covers[id(leaf)] = (a, b)


def _phrase_items(text: str, req: Requirements) -> None:
    """Leaves for what requirement phrases state: new registration, 规上, listing, levels, first time, entity."""
    facts = {leaf["fact"] for _, _, leaf in req.items}
    # where qualifications are anchored, sorted: one bisection per phrase keeps this linear
    qual_at = sorted(a for a, _, leaf in req.items if leaf["fact"] == "qualifications")
    for s, e in req.phrases:
        words = text[s:e]
        m = _NEW_RE.search(words)
        if m:
            if m.group("y") and m.group("new") == "新注册":
                day = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
                _add(req, s + m.start(), s + m.end(), _leaf("established_on", "gte", day))
            else:
                _add(req, s + m.start(), s + m.end(), _leaf("relocated_in", "is_true"))
        _age_item(text, s, e, req)
        for m in _ABOVE_SIZE_RE.finditer(words):
            if not _ABOVE_SIZE_NOT_RE.search(words[max(0, m.start() - 6) : m.start()]):
                _add(req, s + m.start(), s + m.end(), _leaf("above_designated_size", "is_true"))
                break
        m = _LISTED_RE.search(words)
        if m:
            _add(req, s + m.start(), s + m.end(), _leaf("listed", "is_true"))
        m = _LEGAL_PERSON_RE.search(words)
        if m and "independent_legal_person" not in facts:
            _add(req, s + m.start(), s + m.end(), _leaf("independent_legal_person", "is_true"))
        k = bisect.bisect_left(qual_at, s)
        if not (k < len(qual_at) and qual_at[k] < e):
            for a, b, leaf, name in _forced_qualifications(text, s, e):
                _add(req, a, b, leaf)
                bisect.insort(qual_at, a)
                if name not in req.qualifications:
                    req.qualifications.append(name)
        m = _FIRST_RE.search(words)
        if m and "first_time" not in facts:
            _add(req, s + m.start(), s + m.start() + 2, _leaf("first_time", "is_true"))
        _level_item(text, s, e, req)
        _entity_item(text, s, e, req)
        _size_item(text, s, e, req)
        _sector_item(text, s, e, req)


_SIZE_RE = re.compile(
    r"(?<!专精特新)(?<!科技型)(?<!创新型)(?<!专精特新“)(?P<w>中小微|中小|小微|小型微型|微型|中型|小型)(?:型)?(?:商业|科技|工业)?企业"
)
_SIZE_CLASSES = {
    "中小微": ["medium", "small", "micro"],
    "中小": ["medium", "small", "micro"],
    "小微": ["small", "micro"],
    "小型微型": ["small", "micro"],
    "微型": ["micro"],
    "中型": ["medium"],
    "小型": ["small"],
}


_SECTOR_LIST_RE = re.compile(
    r"(?P<list>[\u4e00-\u9fff]{2,6}(?:业)?(?:[、和及与或][\u4e00-\u9fff]{2,6}(?:业)?){1,8})等?(?:行业|领域)(?:的|中)"
    r"|(?P<list2>(?:(?:(?!的)[\u4e00-\u9fff]){2,8}[、和及与或]){0,6}(?:(?!的)[\u4e00-\u9fff]){1,8}业)(?:企业|单位)"
)


_SECTOR_HEAD_RE = re.compile(r"(?P<trade>[\u4e00-\u9fff]{2,6})企业$")


def _age_item(text: str, s: int, e: int, req: Requirements) -> None:
    """注册三年以上 / 成立不足两年: the company's age on the date of evaluation, from established_on."""
    for m in _AGE_RE.finditer(text, s, e):
        pre, post = m.group("pre"), (m.group("post") or "").strip()
        if pre:
            op = _AGE_OPS[pre]
        elif "以上" in post:
            op = "gte"
        elif post:
            op = "lte"
        else:
            continue  # "成立3年" alone says no direction
        n = m.group("n")
        number = 0.5 if n == "半" else (float(n) if n[0].isdigit() else label_value(n))
        if not number:
            continue
        years = number / 12 if m.group("unit") == "个月" else number
        _add(req, m.start(), m.end(), _leaf("years_since_established", op, round(years, 4)))


def _size_item(text: str, s: int, e: int, req: Requirements) -> None:
    """中小企业 / 小微企业 the phrase's head noun names: the size class by the national standard."""
    head_at = text.rfind("的", s, e) + 1 or s
    m = _SIZE_RE.search(text, head_at, e)
    if m and not _QUAL_NOT_RE.search(text[m.end() : m.end() + 3]):
        _add(req, m.start(), m.end(), _leaf("size_class", "in", _SIZE_CLASSES[m.group("w")]))


def _sector_item(text: str, s: int, e: int, req: Requirements) -> None:
    """批发、零售、住宿、餐饮等行业的…: the national classification's sectors the applicant must be in.

    Lists of a phrase in parts by sector (批发业、零售业企业…;餐饮业企业…) add up: any of them will do.
    """
    if not _SECTOR_LIST_RE.search(text, s, e):
        # "直播电商企业", "工业企业": the head noun's trade, when the classification table knows it
        head = _SECTOR_HEAD_RE.search(text, (text.rfind("的", s, e) + 1) or s, e)
        # an activity the declaration catalogue asks about (离岸贸易企业) stays its question
        asked = head is None or declarations.canonical(head.group("trade")) is not None
        sector = () if asked else size.word_sectors(head.group("trade"))
        if head and sector:
            _add(req, head.start(), head.end(), _leaf("industry_sector", "in", list(sector)))
        return
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _SECTOR_LIST_RE.finditer(text, s, e):
        sectors: list[str] = []
        for word in re.split(r"[、和及与或]", m.group("list") or m.group("list2")):
            sector = size.word_sectors(word)
            if not sector:
                sectors = []
                break
            sectors.extend(x for x in sector if x not in sectors)
        if not sectors:
            if m.group("list") or not found:
                return  # a word the classification table does not know: not checkable
            continue  # a later noun ending in 业 (小微商业企业) is not another sector list
        found.extend(x for x in sectors if x not in found)
        spans.append((m.start(), m.end()))
    for a, b in spans:  # one equal leaf per list: each covers its own words only
        _add(req, a, b, _leaf("industry_sector", "in", found))


def _forced_qualifications(text: str, s: int, e: int) -> list[tuple[int, int, dict, str]]:
    """Qualifications named inside a requirement phrase (对高新技术企业…), with or without 获得/认定."""
    out = []
    taken: list[tuple[int, int]] = []
    for name, rx in QUALIFICATIONS:
        for m in rx.finditer(text, s, e):
            if any(ta <= m.start() < tb for ta, tb in taken):
                continue
            if _QUAL_NOT_RE.search(
                text[max(s, m.start() - 4) : m.start()] + text[m.end() : m.end() + 3]
            ) or _qual_is_activity(text, m.start(), m.end()):
                continue
            taken.append((m.start(), m.end()))
            out.append((m.start(), m.end(), _leaf("qualifications", "contains", name), m.group()))
    return out


_LEVEL_OF_THING_RE = re.compile(
    r"(?:及以上|以上)?[\u4e00-\u9fff]{0,6}?(?:孵化器|孵化载体|众创空间|载体|基地|园区|平台运营|创新中心)"
)


_NOT_HELD_RE = re.compile(r"(?:未|没有|尚未|不曾|未曾)(?:获得|取得|享受|申请|获)?$")


def _level_item(text: str, s: int, e: int, req: Requirements) -> None:
    """国家级 / 市级 recognition or project level a phrase requires."""
    words = text[s:e]
    if not _LEVEL_CONTEXT_RE.search(words):
        return
    levels: list[str] = []
    first = last = None
    names = [(a, b, leaf) for a, b, leaf in req.items if leaf["fact"] == "qualifications" and s <= a < e]
    for rx, level in _LEVEL_WORDS:
        for m in rx.finditer(words):
            if _LEVEL_OF_THING_RE.match(words, m.end()):
                continue  # the level of a place or body named (省级及以上科技企业孵化器), not of a project
            if _NOT_HELD_RE.search(words[max(0, m.start() - 6) : m.start()]):
                continue  # 未获得市级…支持: a level the applicant must not have had
            owner = next(
                (
                    (a, b, leaf)
                    for a, b, leaf in names
                    if a <= s + m.start() < b or 0 <= a - (s + m.end()) <= 1
                ),
                None,
            )
            if owner is not None:  # part of a qualification's name: 国家高新技术企业, 国家级专精特新“小巨人”
                a, b, leaf = owner
                a, b = req.covers.get(id(leaf), (a, b))
                req.covers[id(leaf)] = (min(a, s + m.start()), b)
                continue
            if level not in levels:
                levels.append(level)
            first = m.start() if first is None else min(first, m.start())
            last = m.end() if last is None else max(last, m.end())
    if levels and first is not None and last is not None:
        order = [lv for _, lv in _LEVEL_WORDS if lv in levels]
        _add(req, s + first, s + last, _leaf("project_level", "in", order))


# 向保险机构投保 / 与高校合作: the body named after these is the other party, not the applicant.
_COUNTERPART_RE = re.compile(r"(?:向|从|与|同|委托|通过)$")


_QUALIFIED_BODY_RE = re.compile(r"孵化器|孵化载体|孵化机构|服务机构|联盟|协会|商会")


def _entity_item(text: str, s: int, e: int, req: Requirements) -> None:
    """The entity type a phrase's head noun names (…的银行机构, 对高校…)."""
    head_at = text.rfind("的", s, e) + 1 or s
    head = text[head_at:e]
    types: list[str] = []
    span = None
    for rx, ts in _ENTITY_RULES:
        m = next(
            (
                x
                for x in rx.finditer(head)
                if not _COUNTERPART_RE.search(head, 0, x.start())
                # "科技企业孵化器": 企业 qualifies the incubator, which is the applicant
                and not (ts == ("enterprise",) and _QUALIFIED_BODY_RE.match(head, x.end()))
            ),
            None,
        )
        if m and not (ts == ("enterprise",) and types):
            types.extend(t for t in ts if t not in types)
            a, b = head_at + m.start(), head_at + m.end()
            span = (a, b) if span is None else (min(span[0], a), max(span[1], b))
    if types == ["individual"] and span:
        # a person named as the one paid (补贴对象:符合条件的创业者): no company qualifies for the clause
        leaf = _leaf("entity_type", "in", ["individual"])
        req.beneficiary.append(leaf)
        req.emitted.add(id(leaf))
        req.covers[id(leaf)] = span
    elif types and span and not ("企事业" in head and len(types) > 1):
        _add(req, span[0], span[1], _leaf("entity_type", "in", [t for t in _ENTITY_ORDER if t in types]))


_BLANK_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_PIECE_SPLIT_RE = re.compile(r"[,;]|并且|且|同时|(?<![合兼吞归])并(?![购列存重发])")


def _pieces(text: str, s: int, e: int, item: bool = False) -> list[tuple[int, int]]:
    """The parts of a requirement phrase joined by 且 / 并且 / commas, each one thing asked."""
    out = []
    at = s
    masked = _BRACKETS_RE.sub(lambda m: "(" + "_" * (len(m.group()) - 2) + ")", text[s:e])
    for m in _PIECE_SPLIT_RE.finditer(masked):
        if item and m.group() == ";":
            continue  # one listed item's parts by sector (批发零售…;餐饮…) are one question
        if s + m.start() > at:
            out.append((at, s + m.start()))
        at = s + m.end()
    if at < e:
        out.append((at, e))
    return out


def _uncovered(
    text: str, s: int, e: int, covered: list[tuple[int, int]], starts: list[int]
) -> tuple[str, bool]:
    """The words of text[s:e] no leaf covers (filler removed), and whether any leaf covers part of it.

    ``covered`` is sorted and merged; the spans overlapping [s, e) are found by bisection, so the
    whole document stays linear in its length.
    """
    first = k = max(0, bisect.bisect_right(starts, s) - 1)
    pieces, cursor = [], s
    while k < len(covered) and covered[k][0] < e:
        a, b = covered[k]
        if b > cursor:
            pieces.append(text[cursor : max(cursor, a)])
            cursor = max(cursor, b)
        k += 1
    pieces.append(text[cursor:e] if cursor < e else "")
    touched = any(a < e and s < b for a, b in covered[first:k])
    return _FILLER_RE.sub("", "".join(pieces)), touched


_GENERIC_CONDITION_RE = re.compile(r"符合(?:本(?:办法|政策|措施|细则))?(?:规定|相关)?(?:的)?条件")


def _asked(text: str, a: int, b: int, covered: list[tuple[int, int]], starts: list[int]) -> tuple[int, int]:
    """The span a partly checked phrase still asks: "X的Y" whose X the checks cover asks about Y only.

    "在X区依法登记注册的青年创业企业" (the district is checked) and "通过…高新技术企业认定的青年创业企业"
    (the qualification is checked) ask "青年创业企业".
    """
    masked = _BRACKETS_RE.sub(lambda m: "(" + "_" * (len(m.group()) - 2) + ")", text[a:b])
    de = masked.rfind("的")
    if de <= 0 or de + 1 >= len(masked):
        return a, b
    rest, touched = _uncovered(text, a, a + de, covered, starts)
    if touched and not _GENERIC_CONDITION_RE.sub("", rest).strip() and len(text[a + de + 1 : b].strip()) >= 2:
        return a + de + 1, b
    return a, b


def _without_places(text: str, a: int, b: int, places: list[tuple[int, int]]) -> str:
    """text[a:b] without the words placing the applicant in the policy's region (X区企业 -> 企业)."""
    out, cursor = [], a
    for pa, pb in places:
        if pb <= cursor or pa >= b:
            continue
        out.append(text[cursor:pa])
        cursor = max(cursor, pb)
    out.append(text[cursor:b])
    words = "".join(out)
    return words if len(words.strip()) >= 2 else text[a:b]


def _place_spans(text: str, req: Requirements) -> list[tuple[int, int]]:
    """Words in the requirement phrases placing the applicant in the policy's own region."""
    names = set()
    for name in req.places:
        if not isinstance(name, str) or len(name) < 2:
            continue
        names.add(name)
        short = _PLACE_SUFFIX_RE.sub("", name)
        if len(short) >= 2 and short != name:
            names.add(short)
    if not names:
        return []
    # Only where the words place the applicant (在…, …内, …注册/落户, …企业): a name in a title or a
    # catalogue (北京市首台(套)目录) says who issued it and stays part of what is asked.
    place = r"(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")"
    rx = re.compile(
        rf"(?:在|于){place}(?:行政区域|辖区|地区|区域|范围|境)?内?(?:依法)?(?:登记注册|注册登记|注册|登记|落户)?"
        rf"|{place}(?:(?:行政区域|辖区|地区|区域|范围|境)?内(?:依法)?(?:登记注册|注册登记|注册|登记|落户)?"
        rf"|(?:依法)?(?:登记注册|注册登记|注册|登记|落户)|(?=企业|单位))"
    )
    return [
        (m.start(), m.end())
        for s, e in req.phrases
        for m in rx.finditer(text, s, e)
        if not _quoted(text, s, m.start())
    ]


_OPENING_QUOTES = {"“": "”", "「": "」", "《": "》", "『": "』"}


def _quoted(text: str, s: int, at: int) -> bool:
    """Whether text[at] lies inside a quoted name opened after s ("创新在X市"大赛 names a contest)."""
    before = text[s:at]
    return any(before.count(o) > before.count(c) for o, c in _OPENING_QUOTES.items())


_PLACE_SUFFIX_RE = re.compile(r"(?:特别行政区|自治区|新区|省|市|区|县)$")


# (not "新引进的…企业": a participle naming the applicant)
_AIM_RE = re.compile(r"(?:支持|鼓励|引导|推动|引进|集聚|培育)(?!的)")


_METRIC_FACTS = frozenset(fact for fact, _ in _METRICS) | {"employees"}


def _alternatives(
    items: list[dict],
    segments: list[tuple[int, int]],
    leaves: list[tuple[int, int, dict]] | None = None,
    emitted: set[int] | None = None,
) -> None:
    """Mark items lying in different benefits' sentences as alternatives (对A…给予X;对B…给予Y).

    Only when two or more benefits carry requirements of their own: the engine then asks for all
    items of one alternative, not for every item of the clause.
    """
    owner: dict[int, int] = {}
    for n, item in enumerate(items):
        span = item.get("span")
        if not span or item["kind"] not in ("declaration", "fact"):
            continue
        for index, (a, b) in enumerate(segments):
            if a <= span[0] < b:
                owner[n] = index
                break
    if owner:
        # The benefits' own sentences say who gets the money: 支持/鼓励 sentences around them are the
        # policy's aims (鼓励各类主体搭建平台), not further conditions.
        for n, item in enumerate(items):
            if n not in owner and item["kind"] == "declaration" and _AIM_RE.match(item["text"]):
                for key in ("key", "question", "answer_type", "unit", "op", "value", "expect"):
                    item.pop(key, None)
                item["kind"] = "none"
    if not owner or (len(set(owner.values())) < 2 and len(segments) < 2):
        return
    # One benefit among several carrying the questions still marks them: the clause pays through it.
    for n, index in owner.items():
        items[n]["alternative"] = index
        span = items[n]["span"]
        if items[n]["kind"] == "declaration" and leaves is not None and emitted is not None:
            # A threshold inside the question's words ("技术改造投资额达到2亿元以上的项目") that the
            # clause's condition could not hold (another tier asks nothing of it) is checked with it.
            own = [
                leaf
                for a, _, leaf in leaves
                if span[0] <= a < span[1] and leaf["fact"] in _METRIC_FACTS and id(leaf) not in emitted
            ]
            unique = list({_leaf_key(leaf): leaf for leaf in own}.values())
            if unique:
                items[n]["condition"] = unique[0] if len(unique) == 1 else {"all": unique}
        if items[n]["kind"] == "fact" and leaves is not None:
            # The facts this alternative checks, so the engine can pair them with its questions.
            # (several qualifications named together are alternatives: 获得小巨人、专精特新中小企业认定的)
            own = [leaf for a, _, leaf in leaves if span[0] <= a < span[1]]
            unique = list({_leaf_key(leaf): leaf for leaf in own}.values())
            if unique:
                items[n]["condition"] = unique[0] if len(unique) == 1 else _option(unique)


def _shared_bases(items: list[dict], segments: list[tuple[int, int]], bases: dict) -> None:
    """Benefits paying a share of the same spending are rates of one support for different applicants.

    "…向保险机构投保科技保险,当年实际保费总支出超过10万元的,按照其当年实际保费支出的50%给予;认定为
    小巨人的企业,按照其当年实际保费支出的60%给予": what the first asks about the spending (its
    questions) holds for the second, which names only who gets the higher rate. Such questions are
    marked ``shared`` with the alternatives that ask none of their own.
    """
    asking = {
        item["alternative"] for item in items if item["kind"] == "declaration" and "alternative" in item
    }
    for item in items:
        if item["kind"] != "declaration" or "alternative" not in item:
            continue
        base = bases.get(segments[item["alternative"]]) if item["alternative"] < len(segments) else None
        if not base:
            continue
        others = [
            j
            for j, segment in enumerate(segments)
            if j != item["alternative"] and j not in asking and bases.get(segment) == base
        ]
        if others:
            item["shared"] = others


_LATER_YEARS_RE = re.compile(r"\s*(?:第[二三四五两]年|次年|来年|以后年度|后续年度|从第[二三四五]年)")


def _shared_subjects(text: str, items: list[dict], req: Requirements) -> None:
    """A later benefit of the same sentence that names no applicant is for the first one's (对…企业,开设…).

    "对未获得…的品牌企业,开设的…首店,当年入统…的,给予X;次年入统…的,给予Y。": the second year's
    money is for the same brand company and store; its own words state only the new conditions.
    """
    segments = req.benefit_segments
    led: dict[int, tuple[int, int]] = {}
    for index, (s, e) in enumerate(segments):
        phrase = next((p for p in req.phrases if s <= p[0] < e and text.startswith("对", p[0])), None)
        if phrase:
            led[index] = phrase
    for j, (s, _) in enumerate(segments):
        # "第二年至第三年,…": a later year's money, even in its own sentence, is for the same applicant
        later_year = bool(_LATER_YEARS_RE.match(text, s))
        if j in led and not later_year:
            continue
        earlier = [i for i in led if i < j and (later_year or "。" not in text[segments[i][0] : s])]
        if not earlier:
            continue
        a, b = led[max(earlier)]
        for item in items:
            span = item.get("span")
            if (
                item["kind"] in ("declaration", "fact")
                and "alternative" in item
                and span
                and a <= span[0] < b
            ):
                item["shared"] = sorted({*item.get("shared", []), j})


def _leaf_key(leaf: dict) -> str:
    return f"{leaf['fact']}|{leaf['op']}|{leaf.get('value')!r}"


def _unidentified(text: str, a: int, b: int) -> dict:
    """The open requirement of a clause whose words do not say who gets the support."""
    words = _BLANK_RE.sub("", text[a:b]).strip()
    return {
        "text": text[a:b],
        "note": f"原文未写明本条的支持对象:{words}",
        "span": [a, b],
        "modelled": False,
        "kind": "open",
        "role": "beneficiary",
    }


def requirements_as_written(text: str, req: Requirements) -> list[dict]:
    """Each requirement as written, with its span and kind (fact / declaration / review / none / open).

    A phrase whose words the emitted leaves cover is one ``fact`` item; otherwise it is cut into its
    parts (且, commas) and each part not covered is classified by the declaration catalogue.
    """
    # A leaf equal to an emitted one (DCMM named twice) covers its words too.
    emitted = {_leaf_key(leaf) for _, _, leaf in req.items if id(leaf) in req.emitted}
    covered = _merged(
        [
            req.covers.get(id(leaf), (a, b))
            for a, b, leaf in req.items
            if id(leaf) in req.emitted or _leaf_key(leaf) in emitted
        ]
    )
    places = _merged(_place_spans(text, req)) if req.places else []
    if places:
        covered = _merged([*covered, *places])
    starts = [a for a, _ in covered]
    out = []
    if req.unidentified:
        out.append(_unidentified(text, *req.unidentified))
    for s, e in req.phrases:
        rest, touched = _uncovered(text, s, e, covered, starts)
        if touched and len(rest) <= 1:
            out.append({"text": text[s:e], "span": [s, e], "modelled": True, "kind": "fact"})
            continue
        for a, b in _pieces(text, s, e, item=(s, e) in req.listed):
            words = text[a:b]
            rest, piece_touched = _uncovered(text, a, b, covered, starts)
            if len(rest) <= 1:
                kind = "fact" if piece_touched else "none"
                out.append({"text": words, "span": [a, b], "modelled": piece_touched, "kind": kind})
                continue
            # The words no leaf covers may ask one of the catalogue's things (注册三年以上的离岸贸易企业:
            # the age is a fact, 离岸贸易 the shared question).
            known = declarations.canonical(rest) if piece_touched else None
            found = (
                [{"kind": "declaration", **known.to_dict()}]
                if known and not declarations.is_review(words)
                else declarations.classify(
                    _without_places(text, *_asked(text, a, b, covered, starts), places)
                    if piece_touched
                    else words
                )
            )
            for item in found:
                out.append({**item, "text": words, "span": [a, b], "modelled": False})
    _alternatives(out, req.branches or req.benefit_segments, req.items, req.emitted)
    if not req.branches:
        _shared_bases(out, req.benefit_segments, req.segment_bases)
        _shared_subjects(text, out, req)
        for item in out:
            # what this alternative pays at most: an eligible result is worth its best alternative that holds
            cap = (
                req.segment_caps.get(req.benefit_segments[item["alternative"]])
                if "alternative" in item
                else None
            )
            if cap:
                item["cap_yuan"] = cap
    if req.branches:
        for item in out:
            if "alternative" in item:
                item["branches"] = len(req.branches)  # a branch asking nothing leaves the clause open to all
    if (
        not req.unidentified
        and not req.beneficiary
        and not any(i["kind"] in ("fact", "declaration") for i in out)
    ):
        # Only generic words (符合条件的项目) and review notes: nothing says who gets the support.
        first = _SENTENCE_RE.search(text, *req.phrases[0]) if req.phrases else None
        if first:
            a, b = first.start(), first.end()
            out.insert(0, _unidentified(text, a, b))
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of [a, b) spans."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
