"""Policy metadata: title, 文号, issuer, place, dates, draft flag, repeals and the stacking rule, with evidence."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from places import Place, gazetteer

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip


def cn_number(s: str) -> int | None:
    """Parse 12, 十二, 二十三, 一百零五, 二〇二四 (digit by digit) into an int."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(ch in _CN_DIGITS for ch in s) and len(s) >= 3:
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total = 0
    current = 0
    for ch in s:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "千":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    return total + current


_NUM = r"[0-9]+|[〇零○一二两三四五六七八九十百]+"
_DATE = re.compile(
    rf"(?P<y>[0-9]{{4}}|[〇零○一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]"
)
_DATE_RAW = rf"(?:[0-9]{{4}}|[〇零○一二三四五六七八九]{{4}})\s*年\s*(?:{_NUM})\s*月\s*(?:{_NUM})\s*[日号]"
_ISO_DATE = re.compile(
    r"(?<![0-9])(?P<y>20[0-9]{2}|19[0-9]{2})[-/.](?P<m>[01]?[0-9])[-/.](?P<d>[0-3]?[0-9])(?![0-9])"
)


def parse_date(m: re.Match[str]) -> dt.date | None:
    """A date from a _DATE / _ISO_DATE match, or None when it is not a real date."""
    y, mo, d = cn_number(m.group("y")), cn_number(m.group("m")), cn_number(m.group("d"))
    try:
        return dt.date(y, mo, d) if y and mo and d else None
    except ValueError:
        return None


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` plus whole years (29 Feb -> 28 Feb)."""
    y = day.year + years
    return day.replace(year=y, day=min(day.day, calendar.monthrange(y, day.month)[1]))


# --------------------------------------------------------------------------- 文号

_OPEN = re.escape("〔[［(（﹝【")
_CLOSE = re.escape("〕]］)）﹞】")
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,14}}?)\s*[{_OPEN}]\s*(?P<year>[0-9]{{4}})\s*[{_CLOSE}]\s*第?\s*(?P<num>[0-9]+)\s*[号號]"
)
_LABELLED_NUMBER = re.compile(r"(?:发文字号|发文文号|文\s*号|文件编号)\s*(?:[::]|\t)\s*")
# Words before a 文号 on its line that make it a sentence, not a heading ("标题 文号" heads a page).
_SENTENCE_BEFORE = re.compile(r"[。,,;;::]")
# A sentence that cites or repeals another document: its 文号 is not the policy's own.
_CITING = re.compile(r"根据|按照|依据|贯彻|落实|参照|废止|失效|停止执行|不再执行|同时作废")


def normalise_doc_number(m: re.Match[str]) -> str:
    """A 文号 match in one form: 京技管发〔2024〕29号."""
    return f"{m.group('prefix')}〔{m.group('year')}〕{int(m.group('num'))}号"


def find_doc_number(text: str, header_end: int) -> tuple[str, tuple[int, int]] | None:
    """The document's own 文号: labelled, on a line of its own, or in the header; never a cited one."""
    for m in DOC_NUMBER.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end].strip()
        before = text[line_start : m.start()]
        alone = line == text[m.start() : m.end()].strip() or re.fullmatch(
            r"[\s((]*" + re.escape(m.group(0)) + r"[\s))]*", line
        )
        labelled = _LABELLED_NUMBER.search(before)
        in_header = m.start() < header_end
        sentence_start = max(text.rfind("。", line_start, m.start()), line_start - 1) + 1
        sentence_end = text.find("。", m.end(), line_end)
        sentence = text[sentence_start : line_end if sentence_end < 0 else sentence_end]
        heading_line = len(before) <= 120 and not _SENTENCE_BEFORE.search(before)
        cited = (
            bool(re.search(r"》\s*[((]?\s*$", before))
            or (before.rstrip().endswith(("(", "(")) and not heading_line)
            or bool(_CITING.search(_number_clause(text, m, line_end) if heading_line else sentence))
        )
        # "标题 文号 正文…" on one line (a page that lost its line breaks) or "…的通知(文号)": a heading
        heading = len(before) <= 120 and not _SENTENCE_BEFORE.search(before) and "》" not in before[-3:]
        if alone or labelled or ((in_header or heading) and not cited):
            return normalise_doc_number(m), (m.start(), m.end())
    return None


def _number_clause(text: str, m: re.Match[str], line_end: int) -> str:
    """The 文号 with what precedes it on its line and the rest of its clause."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    return text[line_start : m.end()] + re.split(r"[\s。,,;;]", text[m.end() : line_end])[0]


def labelled_doc_number(text: str) -> tuple[str, tuple[int, int]] | None:
    """A 文号 in a labelled field ("文  号: …"), as in a page's metadata block."""
    for m in DOC_NUMBER.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _LABELLED_NUMBER.search(text[line_start : m.start()]):
            return normalise_doc_number(m), (m.start(), m.end())
    return None


# --------------------------------------------------------------------------- issuer

_ORG_LINE = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff()()]{2,40}(?:人民政府(?:办公室|办公厅)?|管理委员会|委员会|办公室|办公厅|管委会|"
    r"[^\s]{0,6}局|厅|委|部|中心|政府)$"
)
_ISSUER_IN_TEXT = re.compile(
    r"(?:发文机关|发布机构|发文单位|发布单位|制发机关|发文机构)\s*(?:[::]|\t)\s*(?P<org>[^\s,,。;]{2,40})"
)
# The organ in front of a 印发 notice: "XX区人民政府办公室关于印发《…》的通知".
_NOTICE_ISSUER = re.compile(
    r"^(?P<org>[\u4e00-\u9fff()()]{2,40}?(?:人民政府(?:办公室|办公厅)?|管理委员会|委员会|办公室|办公厅|管委会|局|厅))"
    r"(?:关于)?(?:印发|转发|发布)"
)


# Joint issuers printed side by side: "广州市黄埔区人民政府  广州开发区管理委员会(关于印发…)".
_JOINT_ORG = (
    r"[\u4e00-\u9fff()()]{2,40}?(?:人民政府(?:办公室|办公厅)?|管理委员会|委员会|办公室|办公厅|管委会|局|厅)"
)
_JOINT_ISSUERS = re.compile(
    rf"^(?P<orgs>{_JOINT_ORG}(?:(?:\s+|、){_JOINT_ORG}){{1,3}})(?=$|(?:关于)?(?:印发|转发|发布))"
)


def _joint(orgs: str) -> str:
    """Joint issuers as one value: "广州市黄埔区人民政府、广州开发区管理委员会"."""
    return "、".join(o for o in re.split(r"\s+|、", orgs) if o)


def _org_line(s: str) -> str | None:
    """The issuer named by a whole header or signature line (one organ, or joint organs side by side)."""
    if _ORG_LINE.match(s) and len(s) <= 40:
        return s
    m = _JOINT_ISSUERS.fullmatch(s)
    return _joint(m.group("orgs")) if m else None


def find_issuer(
    text: str, header: tuple[int, int], tail: tuple[int, int]
) -> tuple[str, tuple[int, int]] | None:
    """The issuing body: a labelled field, an organisation line in the header, or the signature block."""
    m = _ISSUER_IN_TEXT.search(text)
    if m:
        return m.group("org"), (m.start("org"), m.end("org"))
    pos = header[0]
    for line in text[header[0] : header[1]].split("\n"):
        j = _JOINT_ISSUERS.match(line.strip())
        if j and j.group("orgs") != line.strip():  # a whole line: an organ line, below
            start = pos + line.index(j.group("orgs"))
            return _joint(j.group("orgs")), (start, start + len(j.group("orgs")))
        n = _NOTICE_ISSUER.match(line.strip())
        if n:
            start = pos + line.index(n.group("org"))
            return n.group("org"), (start, start + len(n.group("org")))
        pos += len(line) + 1
    for lo, hi, need_date in ((header[0], header[1], False), (tail[0], tail[1], True)):
        pos = lo
        lines = text[lo:hi].split("\n")
        found = None
        for i, line in enumerate(lines):
            s = line.strip()
            org = _org_line(s) if s else None
            if org:
                nxt = next((x.strip() for x in lines[i + 1 :] if x.strip()), "")
                if not need_date or _DATE.fullmatch(nxt) or _ISO_DATE.fullmatch(nxt):
                    start = pos + line.index(s)
                    found = (org, (start, start + len(s)))
                    if not need_date:
                        break
            pos += len(line) + 1
        if found:
            return found
    return None


# --------------------------------------------------------------------------- dates

# Labelled dates, best first: publication, then the date the document was written / printed.
_LABELLED_DATES = [
    re.compile(r"(?:发布日期|发布时间|公布日期|公开日期|发布于)\s*[::]?\s*"),
    re.compile(r"(?:成文日期|成文时间|印发日期|发文日期|签发日期)\s*[::]?\s*"),
    re.compile(r"(?<![\u4e00-\u9fff])日期\s*[::]\s*"),
]


def find_published(
    text: str, header: tuple[int, int], tail: tuple[int, int]
) -> tuple[dt.date, tuple[int, int]] | None:
    """Publication date: a labelled date, a date line in the header, or the signature date."""
    for pattern in _LABELLED_DATES:
        for m in pattern.finditer(text):
            rest = text[m.end() : m.end() + 30]
            d = _DATE.match(rest) or _ISO_DATE.match(rest)
            if d and parse_date(d):
                return parse_date(d), (m.end() + d.start(), m.end() + d.end())  # type: ignore[return-value]
    for lo, hi, last in ((header[0], header[1], False), (tail[0], tail[1], True)):
        pos = lo
        found = None
        for line in text[lo:hi].split("\n"):
            s = line.strip()
            d = _DATE.fullmatch(s) or _ISO_DATE.fullmatch(s) if s else None
            if d and parse_date(d):
                start = pos + line.index(s)
                found = (parse_date(d), (start, start + len(s)))
                if not last:
                    break
            pos += len(line) + 1
        if found:
            return found  # type: ignore[return-value]
    return None


# Labelled term fields of a metadata block or summary: "生效时间:2021-04-29", "实施日期:2024年5月1日".
_LABELLED_FROM = re.compile(r"(?:生效|实施|施行|执行|开始执行)(?:时间|日期)\s*[::]?\s*")
_LABELLED_UNTIL = re.compile(r"(?:失效|废止|截止执行|有效期至|有效期截至)(?:时间|日期)?\s*[::]?\s*")


def labelled_date(text: str, label: re.Pattern[str]) -> tuple[dt.date, tuple[int, int]] | None:
    """The date right after a field label in `text`."""
    for m in label.finditer(text):
        rest = text[m.end() : m.end() + 30]
        d = _DATE.match(rest) or _ISO_DATE.match(rest)
        if d and parse_date(d):
            return parse_date(d), (m.end() + d.start(), m.end() + d.end())  # type: ignore[return-value]
    return None


_FROM_DATE = re.compile(
    rf"(?:自|从|于)?\s*(?P<date>{_DATE_RAW})\s*(?:起|开始)\s*(?:施行|执行|实施|生效|试行)"
    rf"|(?:有效期|执行期|实施期|试行期|施行期)(?:限)?(?:为|是|[::])?\s*(?:自|从)?\s*(?P<date2>{_DATE_RAW})\s*(?:起)?\s*(?:至|到|—|-|~)"
    rf"|(?:自|从)\s*(?P<date3>{_DATE_RAW})\s*(?:起)?\s*(?:至|到)\s*{_DATE_RAW}\s*(?:止|结束)?"
)
_FROM_PUBLISH = re.compile(
    r"自(?:发布|印发|公布|颁布|发文|下发)之日起?"
    rf"(?:(?P<n>{_NUM})\s*(?P<unit>日|天|个月|月)(?:后|以后)\s*)?(?:施行|执行|实施|生效|试行)"
)
_UNTIL_STATED = re.compile(
    rf"(?:有效期|执行期|实施期|试行期|施行期)(?:限)?(?:为|至|到|截至|截止|[::])?[^。;\n]{{0,30}}?(?:至|到|截至|截止(?:到|至)?|—|-|~)\s*(?P<date>{_DATE_RAW})"
    rf"|(?:施行|执行|实施|试行)(?:期)?(?:至|到|截至)\s*(?P<date3>{_DATE_RAW})"
)
_UNTIL_END = re.compile(rf"(?P<date2>{_DATE_RAW})\s*(?:止|前有效|废止|失效|结束|到期)")
# A sentence about the policy's own term (not an application deadline).
_OWN_TERM = re.compile(
    r"本(?:办法|措施|政策|细则|方案|规定|意见|通知|条例|规则|指引|计划)|施行|执行|实施|有效|试行"
)


def _find_until(text: str) -> re.Match[str] | None:
    """The first statement of the end of the policy's term."""
    m = _UNTIL_STATED.search(text)
    if m:
        return m
    for m in _UNTIL_END.finditer(text):
        lo = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        if _OWN_TERM.search(text[lo : m.end()]):
            return m
    return None


_FOR_YEARS = re.compile(
    rf"(?:有效期|执行期|实施期|试行期|施行)(?:限)?(?:为|暂定|[::])?\s*(?P<n>{_NUM})\s*(?:个)?(?:周)?年"
)


def find_effective(
    text: str, published: dt.date | None
) -> tuple[tuple[dt.date | None, tuple[int, int] | None], tuple[dt.date | None, tuple[int, int] | None]]:
    """(effective_from, its span), (effective_until, its span) as stated in `text`."""
    start: dt.date | None = None
    start_span = None
    m = _FROM_DATE.search(text)
    if m:
        d = _DATE.search(m.group("date") or m.group("date2") or m.group("date3"))
        start = parse_date(d) if d else None
        start_span = (m.start(), m.end())
    else:
        m2 = _FROM_PUBLISH.search(text)
        if m2:
            start_span = (m2.start(), m2.end())
            if published is not None:
                n = cn_number(m2.group("n")) if m2.group("n") else 0
                unit = m2.group("unit") or "日"
                if unit in ("日", "天"):
                    start = published + dt.timedelta(days=n or 0)
                else:
                    month = published.month - 1 + (n or 0)
                    y, mo = published.year + month // 12, month % 12 + 1
                    start = published.replace(
                        year=y, month=mo, day=min(published.day, calendar.monthrange(y, mo)[1])
                    )
    until: dt.date | None = None
    until_span = None
    u = _find_until(text)
    if u:
        d = _DATE.search(next(g for g in u.groups() if g))
        until = parse_date(d) if d else None
        until_span = (u.start(), u.end())
    else:
        y = _FOR_YEARS.search(text)
        if y:
            until_span = (y.start(), y.end())
            n = cn_number(y.group("n"))
            if start is not None and n:
                until = add_years(start, n) - dt.timedelta(days=1)
    return (start, start_span), (until, until_span)


# --------------------------------------------------------------------------- draft, repeals, stacking

_DRAFT = re.compile(r"草案|征求意见稿|送审稿|讨论稿|代拟稿|修订稿\)|\(稿\)")
_REPEAL_WORD = re.compile(r"废止|作废|失效|停止执行|不再执行")
_SENTENCE_STOP = re.compile(r"[。;;\n]")


# "(征求意见稿)" printed on a line of its own, above or below the title.
_DRAFT_LINE = re.compile(
    r"^[ \t]*[((【\[]?(?:征求意见稿|草案|送审稿|讨论稿|代拟稿|修订草案)[))】\]]?[ \t]*$", re.M
)


def draft_marker_line(
    text: str, title_span: tuple[int, int] | None, reach: int = 120
) -> tuple[int, int] | None:
    """The span of a draft marker line within `reach` characters of the title, or None."""
    if title_span is None:
        return None
    lo, hi = max(0, title_span[0] - reach), min(len(text), title_span[1] + reach)
    m = _DRAFT_LINE.search(text, lo, hi)
    return (m.start(), m.end()) if m else None


def _repeal_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences that repeal something (each once)."""
    out: list[tuple[int, int]] = []
    for m in _REPEAL_WORD.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        lo = max(text.rfind(ch, 0, m.start()) for ch in "。;;\n") + 1
        stop = _SENTENCE_STOP.search(text, m.end())
        out.append((lo, stop.start() if stop else len(text)))
    return out


_TITLE_REF = re.compile(r"《(?P<t>[^》]{4,80})》")

STACKING_PATTERNS = [
    re.compile(p)
    for p in (
        r"(?:按照?)?(?:最优|从优|就高|择优|从高)(?:的)?(?:原则)?(?:执行|支持|享受|兑现)[,,]?\s*(?:但|且)?不(?:得)?重复(?:执行|享受|支持|兑现|计算)",
        r"(?:(?:从优|就高|择优|从高|最优)[、,,]?\s*){1,3}不重复(?:享受|支持|执行)?",
        r"(?:就高|从优|择优|从高|最优)(?:的)?原则",
        r"就高不就低",
        r"按最优执行|从优享受|择优享受|就高享受",
        r"不(?:得)?重复(?:享受|支持|执行|计算|申报)",
    )
]


def find_stacking(text: str) -> tuple[str, tuple[int, int]] | None:
    """The non-duplication rule as written (the most specific phrase found)."""
    for pattern in STACKING_PATTERNS:
        for m in pattern.finditer(text):
            if "就高不就低" in m.group(0) and "配套" in text[m.end() : m.end() + 30]:
                continue  # "就高不就低" about matching funds is not a stacking rule
            return m.group(0), (m.start(), m.end())
    return None


def find_supersedes(text: str, own_title: str | None) -> list[tuple[str, tuple[int, int]]]:
    """Documents the policy repeals: their 文号 where given, otherwise their titles."""
    out: list[tuple[str, tuple[int, int]]] = []
    for lo, hi in _repeal_sentences(text):
        sentence = text[lo:hi]
        numbers = list(DOC_NUMBER.finditer(sentence))
        if numbers:
            for m in numbers:
                out.append((normalise_doc_number(m), (lo + m.start(), lo + m.end())))
            continue
        for m in _TITLE_REF.finditer(sentence):
            if own_title and m.group("t") == own_title:
                continue
            out.append((m.group("t"), (lo + m.start("t"), lo + m.end("t"))))
    return out


# --------------------------------------------------------------------------- place


def find_place(
    title: str | None, text: str, address_hints: list[str], issuer: str | None
) -> tuple[Place, str]:
    """Province, city and region of the policy, with where the region came from."""
    g = gazetteer()
    context = g.context_scores((title or "") + "\n" + " ".join(address_hints) + "\n" + text)
    if issuer:  # the issuing body names its own city: 长春市朝阳区人民政府
        for name, n in g.context_scores(issuer).items():
            context[name] += 20 * n
    sources = [("title", title or ""), *(("address", h) for h in address_hints), ("issuer", issuer or "")]
    for source, s in sources:
        if not s:
            continue
        zones = g.zone_mentions(s, loose=source != "address")
        districts = g.district_mentions(s)
        if zones and (not districts or zones[0][0] <= districts[0][0]):
            return zones[0][2], source
        if districts:
            place = g.resolve_district(districts[0][2], context)
            if place:
                return place, source
        if source == "address":
            place = g.parse_address(s, context)
            if place:
                return place, source
        if source in ("title", "issuer"):
            place = g.leading_place(s) or g.local_zone(s, context)
            if place:  # a city- or province-level policy, or a zone named the local way (经开区)
                return place, source
    # most frequent district or zone in the text itself
    counts: dict[str, int] = {}
    for _, _, name in g.district_mentions(text):
        counts[name] = counts.get(name, 0) + 1
    zone_counts: dict[str, tuple[int, Place]] = {}
    for _, _, place in g.zone_mentions(text):
        n, _ = zone_counts.get(place.region or "", (0, place))
        zone_counts[place.region or ""] = (n + 1, place)
    best_zone = max(zone_counts.values(), key=lambda x: x[0], default=None)
    best_district = max(counts.items(), key=lambda x: x[1], default=None)
    if best_zone and (not best_district or best_zone[0] >= best_district[1]):
        return best_zone[1], "text"
    if best_district:
        place = g.resolve_district(best_district[0], context)
        if place:
            return place, "text"
    # a city- or province-level policy (香港特别行政区 and 台湾省 are province-level)
    place = g.main_place(text, context)
    return (place, "text") if place else (Place(None, None, None), "none")


# --------------------------------------------------------------------------- entry point


@dataclass
class PolicyMeta:
    """Metadata values and their evidence spans (in normalised-text coordinates)."""

    values: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)


def extract_metadata(
    text: str,
    start: int,
    end: int,
    body_start: int,
    body_end: int,
    title: str | None,
    title_span: tuple[int, int] | None = None,
    address_hints: list[str] | None = None,
    page_header: tuple[int, int] | None = None,
) -> PolicyMeta:
    """Metadata of the policy text[start:end] whose clauses are text[body_start:body_end].

    `page_header` is the head of a page that holds several policies (before the first one's title): its
    date is every policy's page date, and its 文号 and issuer belong to the policies its notice names."""
    meta = PolicyMeta()
    span = text[start:end]
    header = (0, max(0, body_start - start))
    tail_lo = max(header[1], body_end - start - 400)
    tail = (tail_lo, body_end - start)

    def put(key: str, value: Any, ev: tuple[int, int] | None) -> None:
        meta.values[key] = value
        meta.evidence[key] = [ev[0] + start, ev[1] + start] if ev else None

    meta.values["title"] = title
    meta.evidence["title"] = list(title_span) if title_span else None

    # (the first policy's own span already holds the page header)
    page = text[page_header[0] : page_header[1]] if page_header and page_header[1] <= start else ""
    p_shift = (page_header[0] - start) if page else 0
    named = bool(page and title and re.sub(r"\s+", "", title) in re.sub(r"[\s《》]+", "", page))

    number = find_doc_number(span, header[1])
    if number is None and page:
        # the page's notice names this policy, or its metadata block labels the page's 文号
        found = find_doc_number(page, len(page)) if named else labelled_doc_number(page)
        number = (found[0], _shift(found[1], p_shift)) if found else None  # type: ignore[assignment]
    put("doc_number", number[0] if number else None, number[1] if number else None)

    issuer = find_issuer(span, header, tail)
    if issuer is None and named:
        found_issuer = find_issuer(page, (0, len(page)), (len(page), len(page)))
        issuer = (found_issuer[0], _shift(found_issuer[1], p_shift)) if found_issuer else None  # type: ignore[assignment]
    put("issuer", issuer[0] if issuer else None, issuer[1] if issuer else None)

    published = find_published(span, header, tail)
    if published is None and page:
        found_date = find_published(page, (0, len(page)), (len(page), len(page)))
        published = (found_date[0], _shift(found_date[1], p_shift)) if found_date else None  # type: ignore[assignment]
    put("published_on", published[0].isoformat() if published else None, published[1] if published else None)

    body = text[body_start:body_end]
    (eff_from, from_span), (eff_until, until_span) = find_effective(body, published[0] if published else None)
    shift = body_start - start
    if eff_from is None:  # "生效时间:2021-04-29" in the page's metadata block
        labelled = labelled_date(span, _LABELLED_FROM)
        if labelled:
            eff_from, from_span, shift = labelled[0], labelled[1], 0
    put("effective_from", eff_from.isoformat() if eff_from else None, _shift(from_span, shift))
    shift = body_start - start
    if eff_until is None:
        labelled = labelled_date(span, _LABELLED_UNTIL)
        if labelled:
            eff_until, until_span, shift = labelled[0], labelled[1], 0
    put("effective_until", eff_until.isoformat() if eff_until else None, _shift(until_span, shift))

    header_text = span[: header[1]] + "\n" + (title or "")
    draft = _DRAFT.search(title or "") or _DRAFT.search(header_text)
    marker = draft_marker_line(text, title_span) if not draft else None
    put("is_draft", bool(draft or marker), _shift(marker, -start))

    stacking = find_stacking(body)
    put("stacking", stacking[0] if stacking else None, _shift(stacking[1], shift) if stacking else None)

    repeals = find_supersedes(body, title)
    meta.values["supersedes"] = [r[0] for r in repeals]
    meta.evidence["supersedes"] = [[a + body_start, b + body_start] for _, (a, b) in repeals]

    place, source = find_place(title, span, address_hints or [], issuer[0] if issuer else None)
    meta.values["province"] = place.province
    meta.values["city"] = place.city
    meta.values["region"] = place.region
    meta.evidence["region"] = source
    return meta


def _shift(span: tuple[int, int] | None, by: int) -> tuple[int, int] | None:
    return (span[0] + by, span[1] + by) if span else None
