"""Benefits a clause grants: one per distinct support, with its cap, ratio, base, years and evidence."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from . import amounts
from .numerals import label_value

# Sentence pieces: a benefit lives in one sentence; "对A…;对B…" and ",对B…" start new ones.
_SEGMENT_RE = re.compile(r"[^。;\n]+(?:[。;]|$)", re.M)
_NEW_TARGET_RE = re.compile(r",(?=对[^,;。]{2,})")
_DEPT_RE = re.compile(r"\((?:责任|牵头|主责|负责|实施|配合)(?:部门|单位)[^)]*\)")
_GRANT_VERB_RE = re.compile(r"给予|予以|补贴|补助|奖励|资助|配套|匹配|跟投|支持|扶持|奖补")
_NEW_BENEFIT_RE = re.compile(r"给予|予以|对[^,;。]{2,}的|按照?[^,;。]{0,30}%")
_STACKING_RE = re.compile(r"不重复|从优|就高|从高|不得重复|一事一议")
_MONEY_WORD_RE = re.compile(r"资金|补贴|补助|奖励|资助|经费|费用|元|%|配套|匹配|券|跟投|租|开办费|奖补")
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rent", re.compile(r"房租|租金|租房|租赁补贴|用房补贴")),
    ("voucher", re.compile(r"券")),
    ("equity", re.compile(r"跟投|先投后股|股权投资|转换为股权|直投")),
    ("matching", re.compile(r"配套|匹配")),
    ("award", re.compile(r"奖励|奖金|一次性奖|奖补")),
    ("subsidy", re.compile(r"补贴|补助|资助|贴息")),
)
_YEARS_RE = re.compile(
    r"连续(?:支持|补贴|给予|补助)?(?:不超过)?(?P<a>[一二两三四五六七八九十\d]+)(?:个)?(?:自然)?年"
    r"|(?:补贴|支持|补助)(?:期限|周期)(?:一般)?(?:不超过|为)?(?P<b>[一二两三四五六七八九十\d]+)年"
    r"|分(?P<c>[一二两三四五六七八九十\d]+)(?:个)?(?:连续)?(?:自然)?年"
    r"|(?P<d>[一二两三四五六七八九十\d]+)年(?:总计|累计|内|合计)"
)
_GENERAL_RE = re.compile(
    r"^(?:为(?:了)?[^。]{0,80}(?:制定|特制定|特制订)|本(?:办法|措施|政策|细则|规定|实施办法|方案)"
    r"|总则|附则|目的|依据|适用|支持对象|职责|分工|扶持方式|资金来源|资金管理|申报|审核|评审|监督|管理|保障|组织领导"
    r"|总体目标|发展目标|工作目标|宣传|解释|施行|实施细则|包容审慎)"
)
_GENERAL_ANYWHERE_RE = re.compile(
    r"负责解释|自[^。]{0,12}起施行|有效期|年度预算|专项资金管理|不予支持|追回|审计"
)


@dataclass
class Benefit:
    """One distinct support a clause grants."""

    kind: str
    segment: tuple[int, int]
    evidence: tuple[int, int]
    cap_yuan: int | None = None
    ratio: float | None = None
    base: str | None = None
    per_year: bool = False
    years: int | None = None
    tiers: list[int] = field(default_factory=list)
    rate_yuan: int | None = None
    currency: str = amounts.CNY
    bracket: dict | None = None  # the range of a figure this tier pays for (brackets.py)

    def as_dict(self) -> dict:
        """The INGEST_JSON benefit shape (plus tiers / rate when stated)."""
        d = {
            "kind": self.kind,
            "ratio": self.ratio,
            "base": self.base,
            "cap_yuan": self.cap_yuan,
            "currency": self.currency,
            "per_year": self.per_year,
            "years": self.years,
            "evidence": list(self.evidence),
        }
        if self.tiers:
            d["tiers"] = self.tiers
        if self.rate_yuan is not None:
            d["rate_yuan"] = self.rate_yuan
        if self.bracket is not None:
            d["bracket"] = dict(self.bracket)
        return d


def segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence pieces of text[start:end] that may each state one benefit."""
    out: list[tuple[int, int]] = []
    for m in _SEGMENT_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        cuts = [s] + [c.end() for c in _NEW_TARGET_RE.finditer(text, s, e)] + [e]
        out.extend((a, b) for a, b in itertools.pairwise(cuts) if text[a:b].strip())
    return out


def _years(text: str, start: int, end: int) -> int | None:
    """Years of support stated (连续三年, 补贴期限一年, 分三个连续自然年度, 五年总计)."""
    m = _YEARS_RE.search(text, start, end)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    return label_value(raw)


def _kind(piece: str, monetary: bool) -> str:
    """Benefit kind from its words."""
    for kind, rx in _KIND_RULES:
        if rx.search(piece):
            return kind
    return "grant" if monetary else "non_monetary"


def _mask_departments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of (责任部门:…) notes, which state no benefit."""
    return [(m.start(), m.end()) for m in _DEPT_RE.finditer(text, start, end)]


def has_support(text: str, start: int, end: int) -> bool:
    """True when text[start:end] grants something (an amount, a support ratio or 给予/予以)."""
    return bool(find_benefits(text, start, end))


def find_benefits(text: str, start: int, end: int, currency: str = amounts.CNY) -> list[Benefit]:
    """One Benefit per distinct support stated in text[start:end]; bare 元 amounts are in ``currency``."""
    masks = _mask_departments(text, start, end)
    found: list[Benefit] = []
    for s, e in segments(text, start, end):
        if any(ms <= s and e <= me for ms, me in masks):
            continue
        piece = text[s:e]
        money = amounts.find_money(text, s, e)
        caps = [m for m in money if m.role == amounts.CAP]
        rates = [m for m in money if m.role == amounts.RATE]
        ratios = [r for r in amounts.find_ratios(text, s, e) if r.role == amounts.SUPPORT]
        grants = bool(re.search(r"给予|予以", piece)) and not _STACKING_RE.search(piece)
        if not (caps or ratios or grants or (rates and _GRANT_VERB_RE.search(piece))):
            continue
        if found and caps and not ratios and not _NEW_BENEFIT_RE.search(piece):
            _add_caps(found[-1], caps)  # 同一单位所获支持总额不超过200万元: a further cap of the last one
            continue
        monetary = bool(caps or ratios or rates or _MONEY_WORD_RE.search(piece))
        b = Benefit(_kind(piece, monetary), (s, e), (s, e), currency=currency)
        if ratios:
            b.ratio, b.base = ratios[0].value, ratios[0].base
            b.evidence = (ratios[0].start, ratios[0].end)
        if rates:
            b.rate_yuan = rates[0].yuan
        _add_caps(b, caps)
        b.years = _years(text, s, e)
        if not (caps or ratios):
            verb = _GRANT_VERB_RE.search(text, s, e)
            if verb:
                b.evidence = (verb.start(), verb.end())
        found.append(b)
    return found


def _add_caps(b: Benefit, caps: list[amounts.Money]) -> None:
    """Fold the caps of one sentence into a benefit: the largest is its cap; lists are tiers."""
    if not caps:
        return
    if b.cap_yuan is not None:
        caps = [
            m for m in caps if (m.currency or b.currency) == b.currency
        ]  # never compare across currencies
        if not caps:
            return
    else:
        named = next((m.currency for m in caps if m.currency), None)
        b.currency = named or b.currency
        caps = [m for m in caps if (m.currency or b.currency) == b.currency]
    best = max(caps, key=lambda m: m.yuan)
    if b.cap_yuan is None or best.yuan > b.cap_yuan:
        b.cap_yuan = best.yuan
        b.per_year = best.per_year
        b.evidence = (best.start, best.end)
    listed = [m.yuan for m in caps]
    if len(listed) > 1 and not b.tiers:
        b.tiers = amounts.dedupe(listed)


def clause_kind(text: str, start: int, end: int, found: list[Benefit], head: str | None) -> str:
    """support when the clause grants something, general for purpose, scope, procedure and the like."""
    lead = (head or text[start:end].lstrip())[:40]
    monetary = any(b.cap_yuan or b.ratio or b.rate_yuan for b in found)
    if monetary:
        return "support"
    if _GENERAL_RE.search(lead) or _GENERAL_ANYWHERE_RE.search(text, start, end):
        return "general"
    return "support" if found else "general"
