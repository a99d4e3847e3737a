"""Find money amounts and ratios in policy text and tell caps from thresholds and budgets."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace

from .numerals import CN_NUM_CHARS, cn_to_float, cn_to_int

# Roles of a money amount: only "cap" amounts (caps, awards, tiers) are support amounts.
CAP = "cap"
THRESHOLD = "threshold"
BUDGET = "budget"
RATE = "rate"  # per area / time / unit of output, e.g. 每平方米每天3元, 40元/㎡, 每增加1人3000元
BASIS = "basis"  # the unit a rate is counted in: 每增100万元 (最高奖励500元)
LOAN = "loan"  # a loan's principal or ceiling (贷款额度最高30万元): money lent, not granted
STATISTIC = "statistic"  # an approximate or reported figure: 约9.3亿元, 逾33亿元, 一.七亿余元
FACTOR = "factor"  # a ratio that scales another figure or splits a cost: 上浮20%, 50%×每千瓦时, 省级负担60%

# Currencies (ISO codes) an amount may be granted in; None on a Money means "not stated".
CNY, HKD, MOP, TWD, USD = "CNY", "HKD", "MOP", "TWD", "USD"

SUPPORT = "support"
SCHEDULE = "schedule"

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_FIRST = "一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾"
_CN = rf"[{_CN_FIRST}](?:[.．点](?=[{_CN_FIRST}零〇]))?(?:[ ]?[{CN_NUM_CHARS}])*"
# 萬/億: a stray traditional unit left in a simplified page ("300萬(wàn)元").
_UNIT = r"(?:千[万萬]|百[万萬]|十[万萬]|[万萬]|[亿億]|千|百)"
_BIG_UNIT = r"(?:千[万萬]|百[万萬]|十[万萬]|[万萬]|[亿億])"
# Mirrors insert pinyin ("300万(wàn)元") and line breaks ("50 万\n元") inside amounts.
_GAP = r"(?:\s*\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\))?\s*"
_DASH = r"(?:-|~|～|—|–|至|到)"

_AMOUNT_NUM = rf"(?<![\d.,]){_NUM}|(?<![{CN_NUM_CHARS}几数上多.])(?:{_CN})"
# A currency named between the number and 元 (1000万港元, 六十萬澳門元) or instead of it (500万美元).
_CUR_INFIX = r"(?P<cur>港|澳门|澳|新台币|台币|美)?"
# Every amount starts with a digit or a numeral: a lookahead that fails fast everywhere else.
_STARTS = rf"(?=[\d{_CN_FIRST}])"
MONEY_RE = re.compile(
    rf"{_STARTS}(?:(?P<lo>{_AMOUNT_NUM}){_GAP}(?P<lounit>{_UNIT})?{_GAP}(?:港|澳门|美)?元?\s*(?:\(不?含\))?\s*{_DASH}\s*)?"
    # mixed units: 1亿5000万元
    rf"(?:(?P<yi>(?<![\d.,]){_NUM})\s*[亿億]\s*(?=\d))?"
    rf"(?P<num>{_AMOUNT_NUM})(?:\(不?含\))?{_GAP}(?P<unit>{_UNIT})?(?P<approx>余|多)?{_GAP}{_CUR_INFIX}元"
)
# "最高给予3000万支持", "给予100万奖励", "不超过100万的补贴": 万/亿 with 元 left out. Only kept as a
# cap (see _find_money), and only before words of support or a clause break, never before 人, 平方米, 美元.
BARE_WAN_RE = re.compile(
    rf"{_STARTS}(?:(?P<lo>{_AMOUNT_NUM}){_GAP}(?P<lounit>{_BIG_UNIT})?\s*{_DASH}\s*)?"
    rf"(?P<num>{_AMOUNT_NUM}){_GAP}(?P<unit>{_BIG_UNIT})(?!{_GAP}元)"
    r"(?=\s*(?:的\s*)?(?:资金|经费|运营|补贴|补助|奖励|资助|支持|扶持|配套|贴息|一次性|兑现|拨付|[,。;、)]|$))"
)
# The currency named just before an amount: 港币1000万元, 澳门币伍拾万元, 新台币500万元, 人民币1.5亿元.
_CURRENCY_PREFIX_RE = re.compile(
    r"(?P<cur>港\s*币|港\s*元|HK\$|澳\s*门\s*币|澳\s*门\s*元|葡币|新\s*台\s*币|台\s*币|NT\$|美\s*元|US\$"
    r"|人\s*民\s*币|欧元|日元|英镑|外币)\s*$"
)
_CURRENCY_CODES = (
    (re.compile(r"港|HK"), HKD),
    (re.compile(r"澳|葡"), MOP),
    (re.compile(r"台|NT"), TWD),
    (re.compile(r"美|US"), USD),
    (re.compile(r"人"), CNY),
)


def currency_code(word: str | None) -> str | None:
    """ISO code of a currency word (港币 -> HKD); None for an unknown or no word; 'OTHER' for 欧元 and the like."""
    if not word:
        return None
    for rx, code in _CURRENCY_CODES:
        if rx.search(word):
            return code
    return "OTHER"


# 30%, 0.2‰, 2%-9.5% (both ends), 百分之三十, 万分之1.5-2.19.
PERCENT_RE = re.compile(
    r"(?=[\d百万])(?:(?<![\d.])(?:(?P<lo>\d+(?:\.\d+)?)\s*(?P<lounit>[%‰])?\s*(?:-|~|～|—|–|至|到)\s*)?"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[%‰])"
    rf"|百分之(?P<cn>[{CN_NUM_CHARS}]+(?:点[{CN_NUM_CHARS}]+)?)"
    r"|万分之\s*(?P<wan>\d+(?:\.\d+)?)(?:\s*(?:-|~|～|—|–|至|到)\s*(?:万分之)?\s*(?P<wanhi>\d+(?:\.\d+)?))?)"
)
# 1:1, 1∶0.5, 1(政府):2(企业): who pays which share may be named in parentheses.
_PARTY = r"(?:\s*\((?P<{}>[^()\d]{{1,8}})\))?"
COLON_RE = re.compile(
    r"(?=\d)(?<![\d.:])(?P<a>\d+(?:\.\d+)?)" + _PARTY.format("pa") + r"\s*[:∶]\s*"
    r"(?P<b>\d+(?:\.\d+)?)(?![\d:])" + _PARTY.format("pb")
)
_GOVERNMENT_RE = re.compile(r"政府|财政|资助|补助|奖励|区|市|省")
# 等额配套 / 等额出资: matching one for one.
_EQUAL_MATCH_RE = re.compile(r"等额(?:配套|匹配|出资|资助|补助|跟投)")
# A ratio that scales another figure or splits a cost: 上浮20%, 50%×每千瓦时0.1元, 省级财政负担…的60%.
_FACTOR_BEFORE_RE = re.compile(r"(?:上浮|下浮|上调|下调|浮动)\s*$|负担|承担|分担")
_GRANTED_AT_RE = re.compile(r"\s*的\s*比例\s*(?:予以|给予)")
_FACTOR_AFTER_RE = re.compile(r"\s*[×xX*]|[^,;。]{0,8}(?:共同)?(?:负担|承担|分担)")
_COLON_CONTEXT_RE = re.compile(r"配套|匹配|比例|资助|补助|支持|奖励|补贴|扶持")

_UNIT_VALUES = {None: 1, "": 1, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000}
_UNIT_VALUES |= {"千万": 10_000_000, "亿": 100_000_000}
_UNIT_FOLD = str.maketrans("萬億", "万亿")

# The sentence piece an amount belongs to starts after one of these.
_SEGMENT_BREAK_RE = re.compile(r"[,;。:!?\n]")
_SENTENCE_BREAK_RE = re.compile(r"[;。!?\n]|\s-\s|\[\d{1,2}\]")
_WINDOW = 16
_SPILL = 3

_MONEY_KW_RE = re.compile(
    # the award's own size reaching a figure (奖励额度分别达到500万元), instalments (分三年按10万、20万…)
    r"(?P<cap>(?:额度|金额|标准)(?:分别)?(?:达到了?|达|提升至|提高至|提高到|提升到|上调至|调整为)"
    r"|分[一二两三四五六七八九十\d]+(?:个)?(?:年|期|次)(?:按|分别)?"
    r"|最高不超过|最高不高于|(?:不得|不能|不可|不应)(?:超过|高于)|不超过|不高于|不超(?!过)|最高|可达|最多|至多|上限|封顶|累计|总计|合计|共计|给予|予以|奖励|补贴|补助|资助|支持"
    r"|扶持|配套|一次性|分别|额度|金额|标准|按照|单个|单项|每项|每家|每个|每人|以内)"
    r"|(?P<budget>发放|设立|安排|出资|募集|资金池|总规模|编列|预算)"
    r"|(?P<threshold>不低于|不少于|不足|低于|高于|大于|超过|超出|突破|达到|达|满|超|总投资|投资额|投资"
    r"|营业收入|营收|收入"
    r"|销售额|产值|交易额|融资额|融资|注册资本|注册资金|收汇额|支出|投入|规模|纳税|税收|资产|营业额|贷款额|贷款)"
)
_RATIO_KW_RE = re.compile(
    r"(?P<schedule>每年比例|比例分别为|分期)"
    r"|(?P<support>最高不超过|(?:不得|不能|不可|不应)(?:超过|高于)|不超过|不高于|最高|按照|给予|予以|补贴|补助|资助|配套|比例|奖励|支持|扶持|按"
    r"|(?:提高|提升|上调)(?:至|到))"
    r"|(?P<threshold>不低于|不少于|不足|低于|高于|大于|超过|超出|突破|达到|达|超|占比|比重|增长|增幅|增速|提高|提升|下降|降低|减少)"
)
_SUFFIX_THRESHOLD_RE = re.compile(
    r"\s*(?:\(不?含[^)]{0,4}\))?\s*(?:(?:及|或|和)?\s*(?:以上|以下)|(?:以内)?\s*的\s*[,;]"
    # "支持1亿元以内的项目并购" sizes the project; "50万元以内的补贴" is a cap.
    r"|以内\s*的\s*(?!资金|经费|补贴|补助|奖励|资助|支持|扶持|配套|贴息|一次性|费用))"
)
# "实收资本不足1亿元的,可按照1亿元标准执行": an amount used as a basis is not a cap.
_SUFFIX_BASIS_RE = re.compile(r"\s*(?:的)?标准(?:执行|计算|核定)")
# Units a rate is counted in: area, energy, power, weight, land, pieces of equipment.
_PER_UNIT = r"(?:㎡|平方米|平米|m2|m²|亩|千瓦时|度|kWh|千瓦|kW|兆瓦|MW|吨|台|套|辆)"
_SUFFIX_RATE_RE = re.compile(rf"\s*(?:/|每)\s*(?:(?:天|日|月|年)\s*/\s*)?{_PER_UNIT}")
_PREFIX_RATE_RE = re.compile(
    rf"(?:每{_PER_UNIT}(?:每(?:天|日|月|年))?|每(?:天|日|月|年)每{_PER_UNIT})"
    r"(?:最高|不超过|最多|不高于)?(?:给予|补贴|奖励)?$"
)
# "每增100万元", "每增加1000万元": the step an award is counted per (the award after it is a rate).
_BASIS_PREFIX_RE = re.compile(r"每(?:增加|新增|增长|增|多|超过|超)?\s*$")
# Words before an amount, in its sentence, that make it a rate per counted item:
# 每增加1人给予3000元, 每推荐1个…给予1万元, 每培育1家给予5万元, 按每人2000元.
_PER_ITEM_RE = re.compile(
    r"每(?:成功)?(?:增加|新增|增长|增|多|推荐|培育|引进|吸纳|招用|招收|带动|认定|培养|新招用)"
    r"|每\s*[\d一二两三四五六七八九十]+\s*(?:个|家|人|名|户|项|件|次)|按每(?:人|户|名)(?!\s*最高)"
)
# A cap on a sum of rates: "总额最高不超过3万元", "奖励额度每年最高不超过10万元".
_RATE_TOTAL_RE = re.compile(r"总额|累计|合计|总计|额度|上限|封顶|最多|每年|年度|单户|单个|每家|单家")
# Comparison signs: "1亿元≤项目固定资产投资总额", "投资<5000万元".
_COMPARE_AFTER_RE = re.compile(r"\s*[≤<≥>]")
_COMPARE_BEFORE_RE = re.compile(r"[≤<≥>]\s*$")
# Money lent, not granted: 贷款额度最高30万元, 小微企业创业担保贷款最高500万元, 最高贷款金额六十万澳门元.
_LOAN_RE = re.compile(r"(?:贷款|借款)(?:额度|金额|本金|上限)?(?:最高|不超过|可达|可申请|最高可申请|为)*\s*$")
# A budget: money the government sets aside, not money a company gets.
_BUDGET_VERB_RE = re.compile(
    r"(?:发放|安排|设立|整合|统筹|筹集|筹措|募集|编列|预留)了?(?:资金)?"
    r"(?:最高|不超过|不少于|不低于|约|共|总计|合计)?\s*$"
)
_BUDGET_NOUN_RE = re.compile(
    r"\s*(?:左右)?\s*的?\s*[^,;。\d]{0,6}?(?:经费|预算|券|基金|资金(?!支持|补助|补贴|奖励|扶持))"
)
_BUDGET_TOTAL_RE = re.compile(r"(?:合共|合计|共计|总计|累计|共)\s*$")
# Right before the amount: a reported or approximate figure (逾33亿元, 约9.3亿元) or a floor (最少为5万元).
_APPROX_BEFORE_RE = re.compile(r"(?:逾|约|近|大约|最少为?|至少为?)\s*$")
# An amount sizing an application or a project: "超过澳门币伍拾万元之申请", "总投资1000万元的项目".
_SIZES_RE = re.compile(r"\s*(?:之|的)\s*(?:申请|项目)(?!资助|补助|支持|补贴|奖励|扶持|经费|资金)")
_PER_YEAR_RE = re.compile(r"每年|年度|年均|全年|每一年|^年")
_SUFFIX_PER_YEAR_RE = re.compile(r"\s*/\s*年")
# "设立规模10亿元的产业基金", "出资设立规模100亿元": the size of a fund the policy sets up.
_FUND_SIZE_RE = re.compile(r"规模\s*(?:为|达|约)?\s*$")
_FUND_SET_UP_RE = re.compile(r"设立|组建|成立|发起|募集|出资")
_FUND_AFTER_RE = re.compile(r"\s*(?:左右)?\s*的[^,;。]{0,10}基金")
_TOTAL_RE = re.compile(r"累计|总计|合计|共计|总额|总共")
_LIST_JOIN_RE = re.compile(r"^\s*[、和及或与/]\s*$")
_BASE_TRIGGER_RE = re.compile(r"(?:按照|按|给予|以|不超过|不高于|最高|为|补贴|补助|占)其?")


@dataclass(frozen=True, slots=True)
class Money:
    """One money amount found in text, in integer yuan, with its role."""

    yuan: int
    start: int
    end: int
    role: str
    per_year: bool = False
    total: bool = False
    low_yuan: int | None = None
    currency: str | None = None  # the currency the text names for it (CNY, HKD...), None when it names none


@dataclass(frozen=True, slots=True)
class Ratio:
    """One ratio found in text (30% -> 0.3, 1:1 -> 1.0), with its role and base."""

    value: float
    start: int
    end: int
    role: str
    base: str | None = None


def _number(raw: str | None) -> float | None:
    """An Arabic or Chinese number string as float."""
    if not raw:
        return None
    raw = raw.replace(",", "")
    if raw[0].isdigit():
        try:
            return float(raw)
        except ValueError:
            return None
    return cn_to_float(raw)


def _yuan(num: str | None, unit: str | None) -> int | None:
    """Number and unit to integer yuan."""
    value = _number(num)
    if value is None:
        return None
    return round(value * _UNIT_VALUES.get(unit.translate(_UNIT_FOLD) if unit else unit, 1))


def _segment_start(text: str, pos: int, floor: int) -> int:
    """Where the sentence piece holding pos starts (after the last break), not before floor."""
    lo = max(floor, pos - 80)
    last = lo
    for m in _SEGMENT_BREAK_RE.finditer(text, lo, pos):
        last = m.end()
    return last


def _window(text: str, pos: int, floor: int) -> str:
    """The words just before pos within its sentence piece."""
    seg = _segment_start(text, pos, floor)
    # a few characters more, so a keyword the cut would split (不|超过) is read whole (see _last_group)
    return text[max(seg, pos - _WINDOW - _SPILL) : pos]


def _last_group(regex: re.Pattern[str], window: str) -> str | None:
    """The group name of the rightmost keyword match in window."""
    last = None
    for m in regex.finditer(window):
        if m.end() > len(window) - _WINDOW:
            last = m.lastgroup
    return last


def _match_yuan(m: re.Match[str]) -> int | None:
    """The upper figure of one MONEY_RE match, with a leading 亿 part (1亿5000万元)."""
    yuan = _yuan(m.group("num"), m.group("unit"))
    if yuan is not None and m.group("yi"):
        yuan += round(float(m.group("yi")) * 100_000_000)
    return yuan


def parse_amount(s: str) -> int | None:
    """Parse one amount phrase ('1.5万元', '五十万元', '50-100万元') to yuan (the upper bound); never raises."""
    if not isinstance(s, str):
        return None
    try:
        m = MONEY_RE.search(s)
        return None if m is None else _match_yuan(m)
    except (ValueError, OverflowError):
        return None


# One scanned body at a time: the clause layer asks for many sub-ranges of the same body.
_scan: tuple[str, int, int, list[Money], list[Ratio]] | None = None


def prime(text: str, start: int, end: int) -> None:
    """Scan text[start:end] once so later calls for sub-ranges of it are slices."""
    global _scan
    _scan = None
    _scan = (text, start, end, _find_money(text, start, end), _find_ratios(text, start, end))


def _cached(text: str, start: int, end: int, which: int) -> list | None:
    """Items of the primed scan inside [start, end), or None when that range was not scanned."""
    scan = _scan
    if scan is None or scan[0] is not text or start < scan[1] or end > scan[2]:
        return None
    items = scan[which]
    lo = bisect.bisect_left(items, start, key=lambda x: x.start)
    out = []
    for i in range(lo, len(items)):  # no items[lo:] copy: that made every call linear, the body quadratic
        item = items[i]
        if item.start >= end:
            break
        if item.end <= end:
            out.append(item)
    return out


def find_money(text: str, start: int = 0, end: int | None = None) -> list[Money]:
    """Every money amount in text[start:end], in order, each with its role."""
    end = len(text) if end is None else end
    cached = _cached(text, start, end, 3)
    return cached if cached is not None else _find_money(text, start, end)


def find_ratios(text: str, start: int = 0, end: int | None = None) -> list[Ratio]:
    """Every ratio in text[start:end] (percentages, 百分之X, 1:1 matching), in order, with its role."""
    end = len(text) if end is None else end
    cached = _cached(text, start, end, 4)
    return cached if cached is not None else _find_ratios(text, start, end)


# Every amount ends at 元 (or, bare, at 万/亿) and is shorter than _REACH: the regexes only need to
# run near those characters, which keeps a long page's scan cheap.
_YUAN_ANCHOR_RE = re.compile(r"元")
_WAN_ANCHOR_RE = re.compile(r"[万萬亿億]")
_REACH = 80


def _near(text: str, start: int, end: int, anchor: re.Pattern[str], after: int) -> list[tuple[int, int]]:
    """Disjoint ranges of text[start:end] from _REACH characters before each anchor to ``after`` past it."""
    out: list[list[int]] = []
    for m in anchor.finditer(text, start, end):
        a, b = max(start, m.start() - _REACH), min(end, m.end() + after)
        if out and a <= out[-1][1]:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _money_matches(text: str, start: int, end: int) -> list[tuple[re.Match[str], bool]]:
    """MONEY_RE matches, and BARE_WAN_RE matches (flagged True) that overlap none of them, in order."""
    full = [m for a, b in _near(text, start, end, _YUAN_ANCHOR_RE, 0) for m in MONEY_RE.finditer(text, a, b)]
    if "万" not in text[start:end] and "萬" not in text[start:end]:
        return [(m, False) for m in full]
    out = [(m, False) for m in full]
    spans = [(m.start(), m.end()) for m in full]
    bare = (
        m for a, b in _near(text, start, end, _WAN_ANCHOR_RE, 16) for m in BARE_WAN_RE.finditer(text, a, b)
    )
    for m in bare:
        i = bisect.bisect_left(spans, (m.start(), m.start()))
        near = spans[max(0, i - 1) : i + 1]
        if not any(a < m.end() and m.start() < b for a, b in near):
            out.append((m, True))
    out.sort(key=lambda x: x[0].start())
    return out


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Where the sentence holding pos starts (after 。;! or a line break), not before floor."""
    lo = max(floor, pos - 120)
    last = lo
    for m in _SENTENCE_BREAK_RE.finditer(text, lo, pos):
        last = m.end()
    return last


def money_role(text: str, s: int, e: int, floor: int, end: int, prev: Money | None) -> str:
    """The role of the amount text[s:e]: cap, threshold, budget, rate, basis, loan or statistic."""
    window = _window(text, s, floor)
    after = text[e : min(end, e + 12)]
    if _COMPARE_AFTER_RE.match(after) or _COMPARE_BEFORE_RE.search(window):
        return THRESHOLD
    if _SUFFIX_RATE_RE.match(after) or _PREFIX_RATE_RE.search(window):
        return RATE
    if _BASIS_PREFIX_RE.search(window):
        return BASIS
    if _APPROX_BEFORE_RE.search(window):
        return STATISTIC if re.search(r"逾|约|近", window[-3:]) else THRESHOLD
    if _SUFFIX_THRESHOLD_RE.match(after) or _SUFFIX_BASIS_RE.match(after) or _SIZES_RE.match(after):
        return THRESHOLD
    if _LOAN_RE.search(window) and not re.search(r"贴息|利息|补贴|担保费", window):
        return LOAN
    if _BUDGET_VERB_RE.search(window) and _BUDGET_NOUN_RE.match(after):
        return BUDGET
    if prev is not None and prev.role == BUDGET and _BUDGET_TOTAL_RE.search(window):
        return BUDGET  # 每年安排1.5亿元,合共4.5亿元的专项资金
    role = {"cap": CAP, "budget": BUDGET, "threshold": THRESHOLD}.get(
        _last_group(_MONEY_KW_RE, window) or "cap", CAP
    )
    if role == CAP:
        sentence = text[_sentence_start(text, s, floor) : s]
        per_item = next(reversed(list(_PER_ITEM_RE.finditer(sentence))), None)
        if per_item is not None and not _RATE_TOTAL_RE.search(sentence, per_item.end()):
            return RATE  # 每增加1人给予3000元, 每培育1家给予5万元
    if (
        role == THRESHOLD
        and _FUND_SIZE_RE.search(window)
        and (_FUND_SET_UP_RE.search(window) or _FUND_AFTER_RE.match(after))
    ):
        return BUDGET  # 设立规模10亿元的…基金: a fund's size, not a condition
    return role


def _money_currency(text: str, m: re.Match[str], floor: int) -> str | None:
    """The currency named at an amount: inside it (万港元), or just before it (港币1000万元)."""
    if m.group("cur"):
        return currency_code(m.group("cur"))
    before = _CURRENCY_PREFIX_RE.search(text, max(floor, m.start() - 8), m.start())
    return currency_code(before.group("cur")) if before else None


def _find_money(text: str, start: int, end: int) -> list[Money]:
    """Scan text[start:end] for money amounts."""
    found: list[Money] = []
    prev: Money | None = None
    for m, bare in _money_matches(text, start, end):
        currency = None if bare else _money_currency(text, m, start)
        if currency == "OTHER":
            continue  # 欧元, 日元...: never a support amount here
        try:
            yuan = _yuan(m.group("num"), m.group("unit")) if bare else _match_yuan(m)
        except (ValueError, OverflowError):
            yuan = None
        if yuan is None or yuan <= 0:
            continue
        low = None
        if m.group("lo"):
            low = _yuan(m.group("lo"), m.group("lounit") or m.group("unit"))
        s, e = m.start(), m.end()
        window = _window(text, s, start)
        after = text[e : min(end, e + 12)]
        listed = prev is not None and _LIST_JOIN_RE.match(text[prev.end : s]) is not None
        if prev is not None and listed and not _SUFFIX_THRESHOLD_RE.match(after):
            role = prev.role  # an item of a list like 100万元、40万元、20万元
        elif not bare and m.group("approx"):
            role = STATISTIC  # 一.七亿余元
        else:
            role = money_role(text, s, e, start, end, prev)
        if bare and (role != CAP or not (listed or _last_group(_MONEY_KW_RE, window) == "cap")):
            continue  # a bare 万 counts only where words of support name it
        per_year = bool(_PER_YEAR_RE.search(window) or _SUFFIX_PER_YEAR_RE.match(after))
        money = Money(yuan, s, e, role, per_year, bool(_TOTAL_RE.search(window)), low, currency)
        found.append(money)
        prev = money
    # A list's suffix (以上) decides the whole list: 营收1亿元、2亿元以上 are thresholds.
    for i in range(len(found) - 1, 0, -1):
        cur, before = found[i], found[i - 1]
        if cur.role == THRESHOLD and _LIST_JOIN_RE.match(text[before.end : cur.start]):
            found[i - 1] = replace(before, role=THRESHOLD)
    return found


def _ratio_base(text: str, pos: int, floor: int) -> str | None:
    """The base a ratio is of: 按项目实际投资的40% -> 项目实际投资."""
    seg = _segment_start(text, pos, floor)
    piece = text[seg:pos]
    last = None
    for m in _BASE_TRIGGER_RE.finditer(piece):
        last = m
    if last is None:
        return None
    base = piece[last.end() :].strip()
    base = re.sub(r"(?:的比例|的|比例)$", "", base).strip()
    if len(base) < 2 or len(base) > 40:
        return None
    return base


def _percent_values(m: re.Match[str]) -> list[tuple[float, int, int]]:
    """(value, start, end) of each end of one PERCENT_RE match, the low end of a range first."""
    if m.group("cn"):
        whole, _, frac = m.group("cn").partition("点")
        n = cn_to_int(whole)
        if n is None:
            return []
        value = float(f"{n}.{''.join(str(cn_to_int(c) or 0) for c in frac)}") if frac else float(n)
        return [(value / 100, m.start(), m.end())]
    if m.group("wan"):
        out = [(float(m.group("wan")) / 10_000, m.start(), m.end("wan"))]
        if m.group("wanhi"):
            out.append((float(m.group("wanhi")) / 10_000, m.start("wanhi"), m.end()))
        return out
    scale = 1000 if m.group("unit") == "‰" else 100
    out = []
    if m.group("lo"):
        lo_scale = 1000 if (m.group("lounit") or m.group("unit")) == "‰" else 100
        out.append((float(m.group("lo")) / lo_scale, m.start(), m.end("lo")))
    out.append((float(m.group("num")) / scale, m.start("num"), m.end()))
    return out


def _colon_value(m: re.Match[str]) -> float | None:
    """The support share of a colon ratio: b per a, or the government's share per the company's."""
    a, b = float(m.group("a")), float(m.group("b"))
    pa, pb = m.group("pa") or "", m.group("pb") or ""
    if pa and pb and _GOVERNMENT_RE.search(pa) and not _GOVERNMENT_RE.search(pb):
        a, b = b, a  # 1(政府):2(企业): the government gives 1 for every 2 the company puts in
    return b / a if a > 0 else None


def _find_ratios(text: str, start: int, end: int) -> list[Ratio]:
    """Scan text[start:end] for ratios."""
    found: list[Ratio] = []
    for m in PERCENT_RE.finditer(text, start, end):
        values = _percent_values(m)
        if not values:
            continue
        first = _ratio(text, m.start(), m.end(), values[0][0], start, end, found)
        for value, s, e in values:
            found.append(Ratio(round(value, 6), s, e, first.role, first.base))
    for m in COLON_RE.finditer(text, start, end):
        value = _colon_value(m)
        if value is None:
            continue
        around = text[max(start, m.start() - 10) : min(end, m.end() + 10)]
        if not _COLON_CONTEXT_RE.search(around):
            continue
        found.append(_ratio(text, m.start(), m.end(), value, start, end, found))
    for m in _EQUAL_MATCH_RE.finditer(text, start, end):
        found.append(_ratio(text, m.start(), m.end(), 1.0, start, end, found))
    found.sort(key=lambda r: r.start)
    return found


def _ratio(text: str, s: int, e: int, value: float, floor: int, end: int, prev: list[Ratio]) -> Ratio:
    """Classify one ratio occurrence."""
    window = _window(text, s, floor)
    after = text[e : min(end, e + 10)]
    last = prev[-1] if prev else None
    if last is not None and _LIST_JOIN_RE.match(text[last.end : s]):
        return Ratio(round(value, 6), s, e, last.role, last.base)
    if _FACTOR_BEFORE_RE.search(window) or _FACTOR_AFTER_RE.match(after):
        return Ratio(round(value, 6), s, e, FACTOR)
    if _GRANTED_AT_RE.match(after):  # 按不低于2%的比例予以奖励: the rate granted, however bounded
        return Ratio(round(value, 6), s, e, SUPPORT, _ratio_base(text, s, floor))
    role = THRESHOLD if _SUFFIX_THRESHOLD_RE.match(after) else _last_group(_RATIO_KW_RE, window) or SUPPORT
    base = _ratio_base(text, s, floor) if role == SUPPORT else None
    return Ratio(round(value, 6), s, e, role, base)


def dedupe(values: list) -> list:
    """Values in order of first appearance, without repeats."""
    seen: set = set()
    out = []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


# The text says its amounts are yuan: "100万元(人民币,下同)", "所涉货币单位均指人民币".
_RMB_STATED_RE = re.compile(
    r"人民币\s*[,，]?\s*下同|(?:货币单位|货币|币种|金额)[^。;\n]{0,12}(?:均|皆|为|指)[^。;\n]{0,4}人民币|以人民币(?:计|为单位)"
)
_CURRENCY_MENTION_RE = re.compile(r"港币|港元|HK\$|澳门币|澳门元|葡币|MOP|新台币|NT\$")
# Dates of the Republic of China calendar (115年1月1日): a Taiwanese text, whose bare 元 are 新台币.
_ROC_DATE_RE = re.compile(r"(?<![\d.])1[0-2]\d\s*年\s*\d{1,2}\s*月|民国\s*\d{2,3}\s*年")
_PLACE_CURRENCY = (("香港", HKD), ("澳门", MOP), ("台湾", TWD))


@functools.lru_cache(maxsize=8)  # once per document, not once per policy on a page of many
def document_currency(text: str, places: tuple[str | None, ...] = ()) -> str:
    """The currency a document's bare 元 amounts are in: CNY unless it is a Hong Kong, Macau or Taiwan
    text (by its place, its own currency words, or Taiwanese dates) and does not say 人民币."""
    if _RMB_STATED_RE.search(text):
        return CNY
    for place in places:
        for name, code in _PLACE_CURRENCY:
            if place and name in place:
                return code
    counts: dict[str, int] = {}
    for m in _CURRENCY_MENTION_RE.finditer(text):
        code = currency_code(m.group())
        if code:
            counts[code] = counts.get(code, 0) + 1
    if counts and "人民币" not in text:
        return max(counts, key=lambda c: counts[c])
    if _ROC_DATE_RE.search(text):
        return TWD
    return CNY


def money_values(money: list[Money]) -> list[int]:
    """The figures of some amounts in order, both ends of a range, without repeats."""
    out: list[int] = []
    for m in money:
        if m.low_yuan:
            out.append(m.low_yuan)
        out.append(m.yuan)
    return dedupe(out)


def cap_amounts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """The support amounts (caps and awards) stated in text[start:end], in order, without repeats."""
    return money_values([m for m in find_money(text, start, end) if m.role == CAP])


def support_ratios(text: str, start: int = 0, end: int | None = None) -> list[float]:
    """The support ratios stated in text[start:end], in order, without repeats."""
    return dedupe([r.value for r in find_ratios(text, start, end) if r.role == SUPPORT])
