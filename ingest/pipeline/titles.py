"""Policy titles: reduce a title line to the policy's own name, and score the page's other title candidates.

A page states its policy's name in several places: a title line, a "名称:" field, the head of a page that
lost its line breaks (title, then 文号), a news headline, and the prose (《…》/「…」/“…” with the name the
article is about). `best_title` weighs these by their own features, so a byline, a site section, a menu
entry or a news headline is not taken when the page names its policy better elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .metadata import DOC_NUMBER

# What a policy's name ends with (documents, schemes and funds). "十条" / "新20条" name a policy too.
KIND = (
    r"(?:办法|措施|政策|细则|规定|意见|通知|方案|条例|规划|决定|指引|指南|要点|规则|计划|纲要|公告|举措|意见稿|"
    r"规程|守则|导则|清单|若干条|基金|资助计划|专项资金|规章|(?<![第0-9一二三四五六七八九十百])[0-9一二三四五六七八九十百]+条)"
)
# "(试行)", "(2025年版)", "(ABC)", "(修订)" after the name.
QUALIFIER = r"(?:[((][^()()\n]{1,16}[))])*"
_NAME = re.compile(rf"^.{{2,80}}?{KIND}{QUALIFIER}$")

_DOC_NO = DOC_NUMBER.pattern  # one home for the shape of a 文号
_TRAILING_DOC_NO = re.compile(rf"[((]\s*{_DOC_NO}\s*[))]+$")
# "关于印发《X》的通知", "关于印发X的通知", "关于转发…", "关于发布…"
_PRINTED = re.compile(
    r"关于(?:印发|转发|发布|颁布|公布|修订印发|重新印发)(?P<x>.+?)的(?:通知|决定|公告|通告|函|批复)$"
)
# "关于《X》的规范性解释 / 政策解读 / 起草说明": the interpreted policy.
_INTERPRETED = re.compile(
    r"^(?:关于)?《(?P<x>[^》]+)》的?(?:规范性)?(?:解释|解读|政策解读|起草说明|说明|问答)$"
)
_ALIAS = re.compile(r"[((](?:以下)?简称[^()()]{1,20}[))]")
# Issuing bodies in front of 关于: "XX市人民政府办公厅关于…", "XX局 XX委关于…".
_ORGAN = (
    r"(?:人民政府|政府|办公厅|办公室|委员会|管理委员会|管委会|工作领导小组|领导小组|指挥部|局|厅|委|部|署|"
    r"中心|联合会|协会)"
)
_ISSUERS_BEFORE = re.compile(rf"^(?P<org>(?:[\u4e00-\u9fff()()]{{1,30}}?{_ORGAN}[\s、]*)+)(?=关于)")
_WRAPPED = re.compile(r"^(?:《(?P<a>[^《》]+)》|「(?P<b>[^「」]+)」|“(?P<c>[^“”]+)”)$")


def reduce_title(title: str) -> str:
    """The policy's own name from a title line: no issuing bodies in front of 关于, no "关于印发…的通知"
    around it, no trailing (文号), no "(以下简称…)" alias, no whole-title 《》/「」 marks."""
    s = re.sub(r"\s+", "", title)
    s = _TRAILING_DOC_NO.sub("", s)
    s = _ALIAS.sub("", s)
    for _ in range(2):
        m = _INTERPRETED.match(s)
        if m:
            s = m.group("x")
        m = _PRINTED.search(s)
        if m and len(m.group("x")) >= 4:
            s = m.group("x")
        w = _WRAPPED.match(s)
        if w:
            s = w.group("a") or w.group("b") or w.group("c")
    m = _ISSUERS_BEFORE.match(s)
    if m and len(s) - len(m.group("org")) >= 8:
        s = s[len(m.group("org")) :]
    return s


def is_policy_name(s: str) -> bool:
    """True when `s` (no spaces) reads like the name of a policy, scheme or fund."""
    s = re.sub(r"\s+", "", s)
    return 4 <= len(s) <= 90 and bool(_NAME.match(s)) and not re.search(r"[。;;!?!?]", s)


# --------------------------------------------------------------------------- lines that are not titles

# A byline, a dateline or a site field line: never a title, and the line above it is the headline.
_BYLINE = re.compile(
    r"(?:记者|编辑|责任编辑|通讯员|报道|报导|来源|出处|作者|发布时间|发布日期|发表时间|更新时间|时间\s*[::])"
    r"|(?<!\d)\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?:日|\s|/|$)"
    r"|\d{1,2}:\d{2}"
    r"|^\s*date\b",
    re.I,
)


def is_byline(line: str) -> bool:
    """A short line carrying a date, a time, a source or a reporter: page furniture around a headline."""
    s = line.strip()
    return 0 < len(s) <= 80 and not re.search(r"[。;;]", s) and bool(_BYLINE.search(s))


# A headline that reports on a policy: a news verb or "我省/我市".
_NEWS_WORDS = re.compile(
    r"出台|推出|发布|印发|公布|召开|举行|跟进|将|启动|上线|亮相|解读|答记者问|^我[省市区县]|!|!"
)
_FLOURISH = re.compile(r"^[“\"「『【(( ].{0,12}$|^[,,!!:: ].{0,20}$")


def headline_name(line: str) -> str:
    """A headline cut to the policy name it opens with: "某区招商优惠政策“放大招”" -> "某区招商优惠政策"."""
    s = re.sub(r"\s+", " ", line.strip())
    for m in re.finditer(KIND, s):
        head, rest = s[: m.end()], s[m.end() :]
        if rest and _FLOURISH.match(rest) and len(head) >= 6:
            return re.sub(r"\s+", "", head)
    return re.sub(r"\s+", "", s)


# --------------------------------------------------------------------------- names in the prose

_QUOTED = re.compile(r"《(?P<a>[^《》\n]{4,80})》|「(?P<b>[^「」\n]{4,60})」|“(?P<c>[^“”\n]{2,40})”")
_PUBLISHED = re.compile(r"发布|印发|出台|推出|公布|颁布|出炉")
# A citation verb earlier in the same clause: "根据《X》", "按…批示之《X》进行".
_CITED_BEFORE = re.compile(r"(?:根据|依据|依照|按照?|贯彻|落实|参照|结合|对照|原|废止)[^,。;,;::]{0,24}$")
_ALIAS_AFTER = re.compile(r"^\s*[((](?:以下)?简称")
_NUMBERISH = re.compile(
    r"[〔〕\[\]［］]|\d+\s*号"
)  # "(某发〔2017〕7号)" after a name is its 文号, not part of it


_ABBREVIATED = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{2,30}}{KIND})\s*[((](?P<abbr>[A-Za-z][A-Za-z0-9]{{1,9}})[))]"
)
# Names of laws and funds rank below the policy or scheme a page is about (依据「…条例」设「…基金」提供「…计划」).
_LAW = re.compile(r"(?:条例|规章|法)$")
_FUND = re.compile(r"(?:基金|专项资金)$")


def kind_rank(name: str) -> int:
    """2 for policies and schemes, 1 for funds, 0 for laws."""
    core = re.sub(rf"{QUALIFIER}$", "", name)
    return 0 if _LAW.search(core) else 1 if _FUND.search(core) else 2


@dataclass(frozen=True)
class Named:
    """A policy named in the prose: the name, where it is first quoted, and the evidence for it."""

    name: str
    start: int
    end: int
    mentions: int  # how often the name occurs in the page (quoted or not)
    published: bool  # a publication verb in its sentence (发布《X》, 《X》…已正式发布)
    alias: bool  # the page defines a short name for it: 《X》(以下简称《措施》)
    cited: bool  # only ever cited as a basis (根据《X》) or as repealed

    @property
    def strong(self) -> bool:
        """Evidence enough to call this the page's own policy."""
        return not self.cited and (self.alias or self.published or self.mentions >= 2)


def named_policies(text: str) -> list[Named]:
    """Policies named inside 《》「」“” in `text`, in order of first mention, each once."""
    seen: dict[str, dict] = {}
    order: list[str] = []
    for m in _QUOTED.finditer(text):
        raw = m.group("a") or m.group("b") or m.group("c")
        name = re.sub(r"\s+", "", raw)
        qual = re.match(QUALIFIER, text[m.end() : m.end() + 20])
        if (
            qual
            and qual.group(0)
            and not _ALIAS_AFTER.match(text[m.end() :])
            and not _NUMBERISH.search(qual.group(0))
        ):
            name += re.sub(r"\s+", "", qual.group(0))
        lo = max(text.rfind(ch, 0, m.start()) for ch in "。\n;;") + 1
        hi_candidates = [i for i in (text.find(ch, m.end()) for ch in "。\n;;") if i >= 0]
        hi = min(hi_candidates) if hi_candidates else len(text)
        sentence = text[lo:hi]
        kind_ok = is_policy_name(name)
        published = bool(_PUBLISHED.search(sentence))
        if not kind_ok and not (m.group("a") and published and len(name) >= 8):
            continue
        if m.group("c") and not kind_ok:
            continue
        entry = seen.get(name)
        if entry is None:
            entry = seen[name] = {"start": m.start(), "end": m.end(), "published": False, "alias": False,
                                  "cited": True}  # fmt: skip
            order.append(name)
        entry["published"] |= published
        entry["alias"] |= bool(_ALIAS_AFTER.match(text[m.end() : m.end() + 12]))
        if entry["start"] == m.start():  # a policy first named as a basis is not the page's own
            entry["cited"] = bool(_CITED_BEFORE.search(text[max(0, m.start() - 30) : m.start()]))
    for m in _ABBREVIATED.finditer(text):
        # "某某研发计划(ABC)" and the page goes on to say "ABC": the name the page is about
        name = m.group("name") + f"({m.group('abbr')})"
        if name not in seen and len(re.findall(rf"\b{m.group('abbr')}\b", text)) >= 3:
            seen[name] = {
                "start": m.start(),
                "end": m.end(),
                "published": False,
                "alias": True,
                "cited": False,
            }
            order.append(name)
    flat = re.sub(r"\s+", "", text)
    out = []
    for name in order:
        e = seen[name]
        core = re.sub(rf"{QUALIFIER}$", "", name)
        out.append(
            Named(name, e["start"], e["end"], flat.count(core), e["published"], e["alias"], e["cited"])
        )
    return out


# --------------------------------------------------------------------------- the page's title


_FIELD = re.compile(
    r"^(?:法[规規]名[称稱]|政策名[称稱]|文件名[称稱]|名\s*[称稱]|[标標]\s*[题題])\s*[::]\s*(?P<v>\S.{3,120})$"
)
_LEAD_BEFORE_NUMBER = re.compile(rf"^\s*(?P<t>[^。;;,,\n]{{6,120}}?)\s*[((]?\s*(?P<no>{_DOC_NO})")


@dataclass(frozen=True)
class Title:
    """The chosen title, its span in the text, and which kind of candidate it came from."""

    title: str
    start: int
    end: int
    source: str  # line | field | lead | named | headline | first_line


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


# A service page's "政策依据:《X》" field: the page is about X.
_BASIS_FIELD = re.compile(
    r"^(?:政策依据|依据文件|政策来源|相关政策|所属政策|政策文件)\s*[::]\s*[《「](?P<v>[^》」\n]{4,80})[》」]"
)


def field_title(text: str, limit: int = 3000) -> Title | None:
    """A "名称:" / "法规名称:" / "标题:" field in the page's metadata block, or a "政策依据:《X》" field."""
    for pos, line in _lines(text[:limit]):
        b = _BASIS_FIELD.match(line.strip())
        if b and is_policy_name(b.group("v")):
            a = pos + line.index(b.group("v"))
            return Title(reduce_title(b.group("v")), a, a + len(b.group("v")), "field")
        m = _FIELD.match(line.strip())
        if m:
            value = re.split(r"\s{2,}|\t", m.group("v").strip())[0]
            reduced = reduce_title(value)
            if is_policy_name(reduced):
                a = pos + line.index(m.group("v"))
                return Title(reduced, a, a + len(value), "field")
    return None


def top_heading(text: str, head_lines: int = 6) -> Title | None:
    """A heading near the top that wraps a policy's name: "关于《X》的规范性解释", "关于印发X的通知"."""
    lines = [(p, ln) for p, ln in _lines(text) if ln.strip()][:head_lines]
    for pos, line in lines:
        s = line.strip()
        if len(s) > 90 or re.search(r"[。;;]", s):
            continue
        reduced = reduce_title(s)
        if reduced != re.sub(r"\s+", "", s) and is_policy_name(reduced) and ("《" in s or "关于" in s):
            a = pos + line.index(s)
            return Title(reduced, a, a + len(s), "heading")
    return None


def lead_title(text: str) -> Title | None:
    """A page whose first line runs title, 文号 and body together: the title before the 文号."""
    first = text.lstrip("\n")
    shift = len(text) - len(first)
    line = first.split("\n", 1)[0]
    if len(line) < 150:
        return None
    m = _LEAD_BEFORE_NUMBER.match(line)
    if not m:
        return None
    t = reduce_title(re.sub(r"的通知$", "", re.sub(r"\s+", "", m.group("t"))))
    if not is_policy_name(t):
        return None
    return Title(t, shift + m.start("t"), shift + m.end("t"), "lead")


def headline(text: str, head_lines: int = 12) -> Title | None:
    """The line just above the first byline (date, source, reporter) at the top of the page."""
    lines = [(p, ln) for p, ln in _lines(text) if ln.strip()][:head_lines]
    for k, (_, line) in enumerate(lines):
        if is_byline(line) and k > 0:
            for pos, above in reversed(lines[:k]):
                s = above.strip()
                if 6 <= len(s) <= 60 and not is_byline(above) and not re.fullmatch(r"[【\[].*[】\]]", s):
                    name = headline_name(s)
                    a = pos + above.index(s)
                    return Title(name, a, a + len(s), "headline")
            return None
    return None


def is_news_headline(line: str, text: str, pos: int) -> bool:
    """A title line that reports on a policy (news verb) and stands above a byline."""
    s = line.strip()
    if not _NEWS_WORDS.search(reduce_title(s)):
        return False
    after = [ln for ln in text[pos + len(line) :].split("\n") if ln.strip()][:3]
    before = [ln for ln in text[:pos].split("\n") if ln.strip()][-2:]
    return any(is_byline(ln) for ln in after + before)


def _short_item(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= 12 and not re.search(r"[,,。;;::!?!?]", s)


def in_menu(text: str, pos: int) -> bool:
    """The line at `pos` stands in a run of short items (a navigation list or tab bar), not above a body."""
    lines = [(p, ln) for p, ln in _lines(text) if ln.strip()]
    k = next((i for i, (p, ln) in enumerate(lines) if p <= pos <= p + len(ln)), None)
    if k is None or len(lines[k][1].strip()) > 16:
        return False
    around = [ln for _, ln in lines[max(0, k - 2) : k] + lines[k + 1 : k + 3]]
    return len(around) >= 3 and sum(_short_item(ln) for ln in around) >= 3


def best_title(text: str, line_title: Title | None) -> Title | None:
    """The page's title for a page holding one policy: `line_title` is the title line the splitter found."""
    field = field_title(text)
    if field:
        return field
    named = [n for n in named_policies(text) if n.strong]
    if line_title is not None:
        reduced = line_title.title
        line = text[line_title.start : line_title.end]
        weak_line = is_news_headline(line, text, line_title.start) or in_menu(text, line_title.start)
        if weak_line and named and not any(n.name in reduced or reduced in n.name for n in named):
            best = max(named, key=lambda n: (n.alias, n.published, n.mentions, -n.start))
            return Title(best.name, best.start, best.end, "named")
        return line_title
    for found in (top_heading(text), lead_title(text)):
        if found:
            return found
    if named:
        best = max(named, key=lambda n: (n.alias, n.published, n.mentions, -n.start))
        return Title(best.name, best.start, best.end, "named")
    head = headline(text)
    if head:
        return head
    weak = [n for n in named_policies(text) if not n.cited]
    if weak and not _first_line_heading(text):
        best = max(weak, key=lambda n: (kind_rank(n.name), n.mentions, -n.start))
        return Title(best.name, best.start, best.end, "named")
    return None


def _first_line_heading(text: str) -> bool:
    """The page opens with a short heading line (not a byline, with Chinese in it)."""
    for _, line in _lines(text):
        s = line.strip()
        if s and not is_byline(s) and re.search(r"[\u4e00-\u9fff]", s):
            return 4 <= len(s) <= 40 and not re.search(r"[。;;,,]", s)
    return False
