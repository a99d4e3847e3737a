"""The clause tree of a policy body (部分 / 章 / 第X条 / 一、 / (一) / 1. / (1)) and the clause dicts built from it."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from . import amounts, benefits, brackets, conditions, tags
from .numerals import label_value

_CN = "一二三四五六七八九十百零〇两"
_SP = r"[ \t\u3000]?"
_N = rf"[{_CN}\d](?:[ \t\u3000]?[{_CN}\d])*"
# A label starts a line, or follows a sentence end or a blank on pages that lost their line breaks.
LABEL_RE = re.compile(
    r"(?:^|(?<=[\n。;:!?\s]))"
    r"(?:"
    # PDF extraction spaces markers out: 第 1 0 条, 二 、
    rf"(?P<part>第{_SP}(?P<part_n>{_N}){_SP}部分)"
    rf"|(?P<chapter>第{_SP}(?P<chapter_n>{_N}){_SP}章)"
    rf"|(?P<section>第{_SP}(?P<section_n>{_N}){_SP}节)"
    rf"|(?P<article>第{_SP}(?P<article_n>{_N}){_SP}条)"
    rf"|(?P<cn>(?P<cn_n>[{_CN}]+){_SP}[、.](?!\d))"
    rf"|(?P<pcn>\((?P<pcn_n>[{_CN}]+)\)(?!\s*[日月年号]))"
    # 1.1 / 2.3: a decimal item number, never an amount (1.5万元) or a version (1.1.2)
    r"|(?<![^\n])(?P<dec>(?P<dec_a>\d{1,2})\.(?P<dec_n>\d{1,2}))(?![\d.%])(?=\s*[\u4e00-\u9fff])(?!\s*[万亿元倍])"
    r"|(?P<ar>(?P<ar_n>\d{1,2})[.、](?!\d))"
    # (a) (b) items and their (i) (ii) sub-items
    r"|(?P<prm>\((?P<prm_n>i{1,3}|iv|vi{0,3}|ix|x)\))"
    r"|(?P<pal>\((?P<pal_n>[a-h])\))"
    # 甲类 / 乙类, A类 / B类 items starting a line
    r"|(?<![^\n])(?P<cls>(?P<cls_n>[甲乙丙丁戊己庚辛]|[A-H])\s?类)(?=\s*[\u4e00-\u9fff:,])"
    # "(30) 日表示": a date in a news lead, not an item
    r"|(?P<par>\((?P<par_n>\d{1,2})\)(?!\s*[日月年号]))"
    r"|(?P<circ>(?P<circ_n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))"
    # A table row whose first cell is its 序号: "1\t落户奖励\t按…最高1000万元".
    r"|(?<![^\n])(?P<row>(?P<row_n>\d{1,2})(?=\t))"
    # ... or of a "|" table: "| 1 | 落户奖励 | 最高1000万元 |"
    r"|(?<![^\n])\|[ \t]*(?P<prow>(?P<prow_n>\d{1,2}))(?=[ \t]*\|)"
    r")",
    re.M,
)
_KINDS = (
    "part",
    "chapter",
    "section",
    "article",
    "cn",
    "pcn",
    "dec",
    "ar",
    "prm",
    "pal",
    "cls",
    "par",
    "circ",
    "row",
    "prow",
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_CLASS_ORDER = "甲乙丙丁戊己庚辛"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_HEADING_END_RE = re.compile(r"[。:\n]|\s+(?=\S)")
_LINE_HEADING_END_RE = re.compile(r"[。:\n\t]")
_PAREN_HEADING_RE = re.compile(r"\s*\(([^()\n,。;]{2,20})\)")
_LIST_INTRO_RE = re.compile(r"(?:[:]|以下[^,。;]{0,12}|下列[^,。;]{0,12}|如下)\s*$")
_WS_BETWEEN_CJK_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_MAX_HEADING = 30
_TWO_PHRASES_RE = re.compile(r"[\u4e00-\u9fff]{4}[ \t\u3000]+[\u4e00-\u9fff]{4}")
_SENTENCE_STOP_RE = re.compile(r"[,;。]")
_SENTENCE_WORDS_RE = re.compile(r"^对|给予|按照|的|可|为")


@dataclass
class Node:
    """One labelled clause in the tree."""

    kind: str
    value: int
    label: str
    start: int  # where the label starts
    body_start: int  # just after the label
    end: int = 0
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    tail_start: int | None = None  # the clause's own words after its last child (a closed field list)

    @property
    def own_end(self) -> int:
        """End of the clause's own words (before its first child)."""
        return self.children[0].start if self.children else self.end


def _label_value(kind: str, raw: str) -> int | None:
    """The ordinal a label's number stands for."""
    raw = re.sub(r"\s+", "", raw)
    if kind == "circ":
        return _CIRCLED.index(raw) + 1
    if kind == "prm":
        return _ROMAN[raw]
    if kind == "pal":
        return ord(raw) - ord("a") + 1
    if kind == "cls":
        return _CLASS_ORDER.index(raw) + 1 if raw in _CLASS_ORDER else ord(raw) - ord("A") + 1
    return label_value(raw)


def parse_tree(text: str, start: int, end: int) -> list[Node]:
    """Top-level clause nodes of text[start:end]; labels must continue a numbering sequence."""
    roots: list[Node] = []
    stack: list[Node] = []
    last_value: dict[str, int] = {}
    for m in LABEL_RE.finditer(text, start, end):
        kind = m.lastgroup or ""
        kind = next((k for k in _KINDS if m.group(k)), kind)
        value = _label_value(kind, m.group(f"{kind}_n"))
        if value is None:
            continue
        if kind == "dec":  # 1.1, 1.2, 2.1: the item number restarts under each major number
            value += 100 * int(m.group("dec_a"))
        depth = next((i for i, n in enumerate(stack) if n.kind == kind), None)
        if depth is not None:
            if not _continues(kind, stack[depth].value, value):
                continue
            del stack[depth:]
        elif value != 1 and not _continues(kind, last_value.get(kind, 0), value) and (roots or stack):
            continue  # the first label of a body may start anywhere; later ones must continue a sequence
        label = re.sub(r"\s+", "", m.group(kind))
        node = Node(kind, value, label, m.start(), m.end())
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)
        last_value[kind] = value
    _set_ends(roots, text, end)
    _close_field_lists(text, roots)
    return roots


# "补贴条件:" alone on a line opens a list of items; the next "补贴标准:" line closes it.
_FIELD_INTRO_RE = re.compile(r"(?:^|\n)[ \t\u3000]*(?P<label>[\u4e00-\u9fff]{2,10})[:][ \t\u3000]*$")
_FIELD_LINE_RE = re.compile(r"\n[ \t\u3000]*[\u4e00-\u9fff]{2,8}[:]")


def _close_field_lists(text: str, nodes: list[Node]) -> None:
    """Items under a field line ("补贴条件:") end at the next field line ("补贴标准:…"), which
    belongs to the parent again (its tail), not to the last item."""
    for node in nodes:
        _close_field_lists(text, node.children)
        if not node.children:
            continue
        intro = _FIELD_INTRO_RE.search(text, node.body_start, node.own_end)
        if intro is None or re.search(r"如下|以下|下列", intro.group("label")):
            continue
        last = node.children[-1]
        line_end = text.find("\n", last.body_start, last.end)
        if line_end < 0:
            continue
        field_line = _FIELD_LINE_RE.search(text, line_end, last.end)
        if field_line is None:
            continue
        cut = field_line.start()
        while cut > last.body_start and text[cut - 1].isspace():
            cut -= 1
        _cut_end(last, cut)
        node.tail_start = field_line.start() + 1


def _cut_end(node: Node, cut: int) -> None:
    """End node (and its last descendants) at cut."""
    node.end = min(node.end, cut)
    node.children = [c for c in node.children if c.start < cut]
    if node.children:
        _cut_end(node.children[-1], cut)


def _continues(kind: str, previous: int, value: int) -> bool:
    """True when value is the next number after previous (2.1 follows 1.3 as well as 2.0)."""
    if kind == "dec":
        return value == previous + 1 or (value // 100 == previous // 100 + 1 and value % 100 == 1)
    return value == previous + 1


def _set_ends(nodes: list[Node], text: str, end: int) -> None:
    """Each node ends where its next sibling starts (or its parent ends), trailing blanks trimmed."""
    for i, node in enumerate(nodes):
        stop = nodes[i + 1].start if i + 1 < len(nodes) else end
        while stop > node.body_start and text[stop - 1].isspace():
            stop -= 1
        node.end = stop
        _set_ends(node.children, text, stop)


def _without_heading_questions(text: str, node: Node, requirements: list[dict]) -> list[dict]:
    """A heading's words are not asked when the body states its own requirements.

    "第十条 支持人才引育。加大…人才引进力度,…" and "(九)支持新技术新产品落地应用。围绕…": the heading
    names the clause's theme; who gets the support and what they do are in the body, which is asked.
    Checks read in the heading (支持专精特新企业发展) stay: only its questions are dropped.
    """
    title = heading(text, node) if node.kind != "preamble" else None
    if not title or not requirements:
        return requirements
    start = text.find(title, node.body_start, node.own_end)
    if start < 0:
        return requirements
    end = start + len(title)

    def in_heading(item: dict) -> bool:
        span = item.get("span")
        return isinstance(span, list) and len(span) == 2 and start <= span[0] and span[1] <= end

    body = [i for i in requirements if not in_heading(i) and i.get("kind") in ("fact", "declaration", "open")]
    if not body:
        return requirements
    return [i for i in requirements if not (in_heading(i) and i.get("kind") == "declaration")]


def heading(text: str, node: Node) -> str | None:
    """The clause's short lead phrase: 第四条 支持创新服务平台载体建设。… -> 支持创新服务平台载体建设."""
    own_end = node.own_end
    m = _PAREN_HEADING_RE.match(text, node.body_start, own_end)
    if m and not re.match(r"[一二三四五六七八九十\d]+$", m.group(1)):
        return m.group(1).strip()
    s = node.body_start
    while s < own_end and text[s].isspace():
        s += 1
    # Pages that kept their line breaks end a heading at the line end; flattened pages at a blank.
    # A flattened clause may still hold a later line break, so the blank rule is the fallback.
    lined = "\n" in text[s:own_end] or "\n" in text[own_end : own_end + 3] or own_end >= len(text)
    rules = (_LINE_HEADING_END_RE, _HEADING_END_RE) if lined else (_HEADING_END_RE,)
    first_line = _LINE_HEADING_END_RE.search(text, s, own_end)
    if lined and _TWO_PHRASES_RE.search(text, s, first_line.start() if first_line else own_end):
        rules = (_HEADING_END_RE, _LINE_HEADING_END_RE)  # "标题 正文" flattened onto one line
    for rule in rules:
        found = _heading_by(rule, text, s, own_end, node)
        if found:
            return found
    return None


def _heading_by(rule: re.Pattern, text: str, s: int, own_end: int, node: Node) -> str | None:
    """The lead phrase up to the first stop of ``rule``, when it reads like a heading."""
    stop = rule.search(text, s, own_end)
    cut = stop.start() if stop else own_end
    phrase = text[s:cut].strip()
    if not phrase or len(phrase) > _MAX_HEADING or re.search(r"[,;]", phrase):
        return None
    if "、" in phrase and (len(phrase) > 20 or _SENTENCE_WORDS_RE.search(phrase)):
        return None  # 、 joins items inside a short heading, not inside a sentence
    rest = text[cut:own_end].strip(" \t\n。:")
    if stop is None and not node.children:
        return None  # the whole clause is one phrase, e.g. 本办法自发布之日起施行
    if stop is not None and stop.group().strip() in ("。",) and not rest and not node.children:
        return None
    if stop is not None and not stop.group().strip() and _is_broken_word(text, stop.end(), own_end):
        return None  # a blank inside a phrase (PDF line wrap), not after a heading
    if "以下" in phrase or "如下" in phrase:
        return None
    return _WS_BETWEEN_CJK_RE.sub("", phrase)


def _is_broken_word(text: str, at: int, end: int) -> bool:
    """True when the words after a blank only finish the same phrase before a comma."""
    m = _SENTENCE_STOP_RE.search(text, at, end)
    return m is not None and m.start() - at <= 12


def _folds_children(text: str, node: Node) -> bool:
    """True when the children are only a list of conditions introduced by the clause (…条件的:(1)…(2)…)."""
    if not node.children:
        return False
    intro = text[node.body_start : node.own_end].rstrip()
    if not _LIST_INTRO_RE.search(intro[-20:]):
        return False
    for child in node.children:
        if amounts.cap_amounts(text, child.start, child.end) or benefits.has_support(
            text, child.start, child.end
        ):
            return False
    return True


def _walk(text: str, nodes: list[Node], prefix: str, out: list[tuple[str, Node]]) -> None:
    """Flatten the tree into (number path, node) in document order."""
    for node in nodes:
        number = f"{prefix}/{node.label}" if prefix else node.label
        out.append((number, node))
        if _folds_children(text, node):
            node.children = []
            continue
        _walk(text, node.children, number, out)


# A bullet digest run onto one line: "扩能提级 - 对…最高300万元 [2] - 对…", citation marks [2].
_INLINE_BULLET_RE = re.compile(r"\s[-•·●▪]\s+")
_LINE_RE = re.compile(r"[^\n]+")
_CITATION_RE = re.compile(r"\[\d{1,2}\]")
_BULLET_START_RE = re.compile(r"\s*[-•·●▪*]\s")
# A caption or a headline: short, and either a photo credit or no full stop before its end.
_CAPTION_RE = re.compile(r"\((?:[^()]{0,12})(?:照|摄|图)\)\s*$")
_CAPTION_LEN = 80
# A definition: "「关联人士」指…", "本办法所称中小企业是指…".
_DEFINITION_RE = re.compile(r"\s*(?:本[^,。]{0,8}所称)?[「“\"]?[^,。「」“”]{1,16}[」”\"]?(?:是|系)?指")


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, is_bullet) of each paragraph of text[start:end]: lines, and the items of a
    bullet digest run onto one line; blanks trimmed."""
    out: list[tuple[int, int, bool]] = []
    for line in _LINE_RE.finditer(text, start, end):
        s, e = line.span()
        cuts = [m.start() for m in _INLINE_BULLET_RE.finditer(text, s, e)]
        bullet = bool(_BULLET_START_RE.match(text, s, e))
        if len(cuts) >= 2:
            cuts += [m.end() for m in _CITATION_RE.finditer(text, s, e)]
            pieces = [s, *sorted(cuts), e]
            bullet = True
        else:
            pieces = [s, e]
        for a, b in itertools.pairwise(pieces):
            while a < b and text[a] in " \t\u3000-•·●▪*":
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b, bullet))
    return out


# How many following paragraphs a lead or caption is compared with.
_RESTATED_WITHIN = 40


def _states_support(text: str, a: int, b: int) -> tuple[set, set]:
    """The caps and the support ratios a paragraph states."""
    return set(amounts.cap_amounts(text, a, b)), set(amounts.support_ratios(text, a, b))


def support_paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs of unnumbered prose that state support (an amount or a support ratio), without a lead,
    headline or caption that only repeats figures a later paragraph states."""
    found = []
    for a, b, bullet in paragraphs(text, start, end):
        caps, ratios = _states_support(text, a, b)
        if caps or ratios:
            found.append((a, b, bullet, caps, ratios))
    # "「关联人士」指…": a definition restating a figure stated elsewhere grants nothing itself
    found = [
        p
        for i, p in enumerate(found)
        if not (
            _DEFINITION_RE.match(text, p[0], p[1])
            and any((p[3] or p[4]) <= (q[3] if p[3] else q[4]) for j, q in enumerate(found) if j != i)
        )
    ]
    kept = []
    for i, (a, b, bullet, caps, ratios) in enumerate(found):
        figures = caps or ratios
        caption = b - a <= _CAPTION_LEN or _CAPTION_RE.search(text, a, b) is not None
        if not bullet and (i == 0 or caption):
            # the paragraphs that may restate these figures: the next few (a bounded window keeps this linear)
            later = [(c if caps else r) for _, _, _, c, r in found[i + 1 : i + 1 + _RESTATED_WITHIN]]
            if i == 0 and any(figures <= other for other in later):
                continue  # the lead
            if caption and any(figures < other for other in later):
                continue
        kept.append((a, b))
    return kept


def build_clauses(text: str, start: int, end: int, meta: dict) -> list[dict]:
    """Clause dicts (INGEST_JSON shape) for the policy body text[start:end]."""
    amounts.prime(text, start, end)
    roots = parse_tree(text, start, end)
    flat: list[tuple[str, Node]] = []
    _walk(text, roots, "", flat)
    scope = conditions.scope_spans(text, start, end)
    scope += [
        (n.body_start, n.own_end)
        for _, n in flat
        if n.kind in ("part", "chapter", "article", "cn")
        and conditions.SCOPE_HEADING_RE.search(heading(text, n) or "")
    ]
    policy = conditions.policy_conditions(text, scope, meta)
    currency = amounts.document_currency(text, tuple(meta.get(k) for k in ("province", "city", "region")))
    tagger = tags.Tagger.for_span(text, start, end)
    clauses: list[dict] = []
    if not roots:
        # Prose without list markers (news, scheme pages, bullet digests): one clause per paragraph.
        for a, b in support_paragraphs(text, start, end):
            clauses.append(_clause(text, "", Node("paragraph", 0, "", a, a, b), policy, tagger, currency))
    elif amounts.cap_amounts(text, start, roots[0].start):
        # Words before the first label that state support.
        pre = Node("preamble", 0, "", start, start, roots[0].start)
        while pre.end > pre.start and text[pre.end - 1].isspace():
            pre.end -= 1
        clauses.append(_clause(text, "", pre, policy, tagger, currency))
    for number, node in flat:
        clauses.append(_clause(text, number, node, policy, tagger, currency))
    return clauses


def clause_currency(money: list[amounts.Money], default: str) -> str:
    """The currency of a clause's amounts: the first one the text names at an amount, else the document's."""
    return next((m.currency for m in money if m.currency), default)


def _clause(
    text: str,
    number: str,
    node: Node,
    policy: conditions.PolicyScope,
    tagger: tags.Tagger,
    default_currency: str = amounts.CNY,
) -> dict:
    """One clause dict."""
    s, e, own_e = node.start, node.end, node.own_end
    # The sub-items carry their own amounts (INGEST_JSON.md): a parent states only its own words',
    # those before its first item and those after a closed list of items (tail).
    own = [(s, own_e)] + ([(node.tail_start, e)] if node.children and node.tail_start else [])
    money = [m for a, b in own for m in amounts.find_money(text, a, b) if m.role == amounts.CAP]
    currency = clause_currency(money, default_currency)
    # amounts in another currency than the clause's are never listed (nor compared) with them
    caps = amounts.money_values([m for m in money if (m.currency or default_currency) == currency])
    ratios = amounts.dedupe([r for a, b in own for r in amounts.support_ratios(text, a, b)])
    own_benefits = [
        b
        for a, z in [(node.body_start, own_e), *own[1:]]
        for b in benefits.find_benefits(text, a, z, default_currency)
    ]
    brackets.assign(text, own_benefits)
    kind = benefits.clause_kind(text, node.body_start, own_e, own_benefits, heading(text, node))
    # sub-items stating no support of their own are conditions of this clause's money (maybe alternatives)
    children = [(c.body_start, c.end) for c in node.children]
    if any(benefits.has_support(text, a, b) for a, b in children):
        children = []
    reqs = conditions.clause_requirements(text, node.body_start, e, children)
    condition = conditions.clause_conditions(policy, reqs, own_benefits) if kind == "support" else None
    requirements = conditions.requirements_as_written(text, reqs) if kind == "support" else []
    if node.children:
        conditions.mark_intro(text, node.body_start, own_e, requirements)
    requirements = _without_heading_questions(text, node, requirements)
    return {
        "number": number,
        "heading": heading(text, node) if node.kind != "preamble" else None,
        "text": text[s:e],
        "span": [s, e],
        "kind": kind,
        "leaf": not node.children,
        "currency": currency,
        "max_amount_yuan": max(caps) if caps else None,
        "amounts_yuan": caps,
        "ratios": ratios,
        "benefits": [b.as_dict() for b in own_benefits],
        "conditions": condition,
        "requirements": requirements,
        "qualifications": reqs.qualifications,
        # a parent's own thresholds: its sub-items state theirs
        "thresholds": conditions.thresholds_in(text, node.body_start, own_e)
        if node.children
        else reqs.thresholds,
        "departments": conditions.departments(text, s, e),
        "tags": tagger.tags(s, e),
    }
