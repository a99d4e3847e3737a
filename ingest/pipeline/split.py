"""Find the policies in a page and, for each, the body span that holds its clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .titles import KIND, Title, best_title, is_byline, is_policy_name, reduce_title

_CN_NUM = "一二三四五六七八九十百零〇两"
_KIND = KIND
_QUALIFIER = r"(?:[((](?:[^()()]{0,14})[))])*"
_TITLE = re.compile(rf"^[《「]?(?P<core>.{{4,80}}?{_KIND})[》」]?(?P<qual>{_QUALIFIER})$")
_NOT_TITLE_START = re.compile(
    rf"^(?:第[{_CN_NUM}\d]+(?:[条章节款]|部分)|[{_CN_NUM}]+、|[((][{_CN_NUM}\d]+[))]|\d+[.、]|问|答|附件|注[::]|"
    r"根据|按照|为了?|对|经|现将|请|各|本)"
)
_CLAUSE_START = re.compile(rf"^(?:第[{_CN_NUM}\d]+[条章节款]|[{_CN_NUM}]+、|[((][{_CN_NUM}\d]+[))]|\d+[.、])")
_SENTENCE_PUNCT = re.compile(r"[。;;!?!?]|[,,].*[,,]")
# "现将《…》印发给你们", "《…》已经区政府同意,现予印发": the policy named in a notice without its own title line.
_NAMED_IN_NOTICE = re.compile(
    r"(?:现将|^)《(?P<t>[^》]{6,80})》(?:(?:已经|经)[^。]{0,30}?(?:同意|通过)[,,]?\s*)?(?:现予|予以)?"
    r"(?:印发|发布|公布|转发)"
)
_DOC_NUMBER_LINE = re.compile(
    r"^[\u4e00-\u9fff]{1,12}[〔\[\[(((﹝【]\s*\d{4}\s*[〕\]\])))﹞】]\s*第?\d+\s*号$"
)
_DATE_LINE = re.compile(
    r"^\d{4}年\d{1,2}月\d{1,2}日$|^[\u4e00-\u9fff]{2,30}(?:委员会|人民政府|办公室|局|委|厅|部)$"
)
_BODY_WORDS = re.compile(
    r"第[一二三四五六七八九十]+条|给予|补贴|补助|奖励|资助|支持|本办法|本措施|本政策|本细则|本方案|本规定|扶持"
)

# Lines that open material appended after the policy itself (background, call for comments, Q&A).
_APPENDIX = [
    re.compile(p)
    for p in (
        r"^(?:关于)?《[^》]{2,80}》(?:的)?(?:起草说明|编制说明|制定说明|背景介绍|政策解读|解读|图文解读|问答|答记者问|"
        r"新闻发布稿|说明)\s*$",
        r"^.{0,60}(?:起草说明|编制说明|制定说明|背景介绍|政策解读|图文解读|一图读懂|答记者问|问答)\s*$",
        r"^(?:政策解读|解读|起草说明|背景介绍|一问一答|问答|名词解释|相关解读|解读材料)[::]?\s*$",
        r"^(?:问|Q)\s*[0-9一二三四五六七八九十]*\s*[::、.]",
        r"^(?:附件|附表)\s*[0-9一二三四五六七八九十]*\s*[::]?\s*$",
    )
]
_CALL_FOR_COMMENTS = re.compile(r"(?:公开)?征求(?:公众|社会|各方)?意见")
_CALL_VERBS = re.compile(r"现将|现就|现予|希望|欢迎|特此公告|提出(?:宝贵)?意见")


@dataclass(frozen=True)
class PolicySpan:
    """One policy found in the text: its whole span, its body span and its title line."""

    start: int
    end: int
    body_start: int
    body_end: int
    title: str | None
    title_span: tuple[int, int] | None


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def clean_title(line: str) -> str:
    """A title as it should be stored: no inner spaces, no book-title marks, no '(后附解读)' tags."""
    s = re.sub(r"\s+", "", line.strip())
    s = re.sub(r"^[((](?:正在开展|已结束|征集中|进行中)[))]", "", s)
    if s.startswith("《") and s.endswith("》"):
        s = s[1:-1]
    s = re.sub(r"[((](?:后附|附)?(?:政策)?(?:解读|图解|全文|图文解读)[))]$", "", s)
    return s


def is_title_line(line: str) -> bool:
    """True when a whole line reads like the title of a policy document."""
    s = re.sub(r"\s+", "", line.strip())
    if not 8 <= len(s) <= 90:
        return False
    if _NOT_TITLE_START.match(s) or _SENTENCE_PUNCT.search(s):
        return False
    if s.count("《") != s.count("》"):
        return False  # a title cut before its closing mark continues on the next line
    return bool(_TITLE.match(s))


# A first title line never ends like this: red-head banners ("某某人民政府文件") and organ names.
_FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[::\t]")
_NOT_TITLE_HEAD = re.compile(r"(?:文件|人民政府|委员会|办公室|办公厅|管委会)$")


def title_pairs(lines: list[tuple[int, int, str]]) -> dict[int, int]:
    """Titles printed over two or three lines, blank lines between allowed: {first line index: last line index}."""
    out: dict[int, int] = {}
    nonblank = [i for i, (_, _, line) in enumerate(lines) if line.strip()]
    for k, i in enumerate(nonblank):
        a = re.sub(r"\s+", "", lines[i][2])
        if not 4 <= len(a) <= 50 or is_title_line(a):
            continue
        if _NOT_TITLE_START.match(a) or _SENTENCE_PUNCT.search(a) or _NOT_TITLE_HEAD.search(a):
            continue
        if _DOC_NUMBER_LINE.match(a) or _DATE_LINE.match(a) or is_byline(a):
            continue
        joined = a
        for step in (1, 2):
            if k + step >= len(nonblank):
                break
            j = nonblank[k + step]
            b = re.sub(r"\s+", "", lines[j][2])
            if not 2 <= len(b) <= 50 or (step == 1 and "关于" in b):
                break
            if _NOT_TITLE_START.match(b) or _SENTENCE_PUNCT.search(b) or is_byline(b):
                break
            if _DOC_NUMBER_LINE.match(b) or _DATE_LINE.fullmatch(b) or re.fullmatch(r"[\d\s年月日号-]+", b):
                break
            if is_title_line(b) and "关于" not in a and len(b) > 14:
                break  # the next line is a title of its own
            joined += b
            if is_title_line(joined):
                out[i] = j
                break
    return out


def _continuations(lines: list[tuple[int, int, str]], pairs: dict[int, int]) -> dict[int, int]:
    """{index of a later line of a multi-line title: index of its first line}."""
    out: dict[int, int] = {}
    for first, last in pairs.items():
        for j in range(first + 1, last + 1):
            if lines[j][2].strip():
                out[j] = first
    return out


def _is_appendix_line(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if any(p.match(s) for p in _APPENDIX):
        return True
    return bool(_CALL_FOR_COMMENTS.search(s) and _CALL_VERBS.search(s) and not _CLAUSE_START.match(s))


# A compilation's section heading that is only a policy's name: "一、《某区若干措施》", "2.「某某基金」".
_NAMED_HEADING = re.compile(
    rf"^(?:[{_CN_NUM}]+、|\d+[.、]|[((][{_CN_NUM}\d]+[))])\s*(?:《(?P<a>[^《》]+)》|「(?P<b>[^「」]+)」)\s*$"
)


def compilation_headings(lines: list[tuple[int, int, str]]) -> dict[int, str]:
    """{line index: policy name} of numbered headings that each name a policy, when a page has two or more."""
    out: dict[int, str] = {}
    for i, (_, _, line) in enumerate(lines):
        m = _NAMED_HEADING.match(line.strip())
        if m:
            name = re.sub(r"\s+", "", m.group("a") or m.group("b"))
            if is_policy_name(name):
                out[i] = name
    return out if len(out) >= 2 else {}


def _group_titles(
    lines: list[tuple[int, int, str]], pairs: dict[int, int], headings: dict[int, str] | None = None
) -> list[list[int]]:
    """Groups of title lines that follow each other, allowing blank, 文号, date and issuer lines between."""
    groups: list[list[int]] = []
    current: list[int] = []
    gap_ok = False
    cont = _continuations(lines, pairs)
    headings = headings or {}
    for i, (_, _, line) in enumerate(lines):
        s = line.strip()
        if i in cont and current and current[-1] == cont[i]:
            continue  # a later line of a multi-line title
        if i in pairs or i in headings or is_title_line(s):
            if current and gap_ok:
                current.append(i)
            else:
                if current:
                    groups.append(current)
                current = [i]
            gap_ok = True
            continue
        if not s or _DOC_NUMBER_LINE.match(re.sub(r"\s+", "", s)) or _DATE_LINE.match(s):
            continue
        if current:
            groups.append(current)
            current = []
        gap_ok = False
    if current:
        groups.append(current)
    return groups


def _has_body(text: str) -> bool:
    body = text.strip()
    return len(body) >= 60 and len(_BODY_WORDS.findall(body)) >= 2


def split_policies(text: str) -> list[PolicySpan]:
    """Policies in `text` (normalised, cleaned): spans [start, end) plus body spans without appendices."""
    lines = _lines(text)
    pairs = title_pairs(lines)
    headings = compilation_headings(lines)
    groups = _group_titles(lines, pairs, headings)
    starts: list[tuple[int, int]] = []  # (group start line, title line)
    for gi, group in enumerate(groups):
        nxt = groups[gi + 1][0] if gi + 1 < len(groups) else len(lines)
        after = lines[pairs.get(group[-1], group[-1])][1]
        until = lines[nxt][0] if nxt < len(lines) else len(text)
        if _has_body(text[after:until]):
            starts.append((group[0], group[-1]))
    if not starts:
        return [_single_policy(text, lines)]
    if len(starts) == 1:
        span = _make_span(text, lines, 0, len(text), starts[0][1], pairs.get(starts[0][1]))
        if starts[0][1] in headings:
            span = replace(span, title=headings[starts[0][1]])
        line = Title(span.title, *span.title_span, "line") if span.title and span.title_span else None
        best = best_title(text, line)
        if best is not None and best is not line:
            span = replace(span, title=best.title, title_span=(best.start, best.end))
        return [span]
    spans = []
    for k, (first, title_line) in enumerate(starts):
        start = 0 if k == 0 else lines[first][0]
        end = lines[starts[k + 1][0]][0] if k + 1 < len(starts) else len(text)
        span = _make_span(text, lines, start, end, title_line, pairs.get(title_line))
        if title_line in headings:
            span = replace(span, title=headings[title_line])
        spans.append(span)
    return spans


def _single_policy(text: str, lines: list[tuple[int, int, str]]) -> PolicySpan:
    """No title line found: the whole text is one policy titled by the 印发 notice or its first substantial line."""
    for i, (ls, _, line) in enumerate(lines[:30]):
        m = _NAMED_IN_NOTICE.search(line)
        if m and is_title_line(m.group("t")):
            span = _make_span(text, lines, 0, len(text), i)
            a, b = ls + m.start("t"), ls + m.end("t")
            return PolicySpan(
                span.start, span.end, span.body_start, span.body_end, clean_title(m.group("t")), (a, b)
            )
    best = best_title(text, None)
    if best is not None:
        span = _make_span(text, lines, 0, len(text), None)
        return replace(span, title=best.title, title_span=(best.start, best.end))
    for i, (_, _, line) in enumerate(lines):
        s = line.strip()
        if _FIELD_LINE.match(s) or is_byline(s):
            continue  # 发布时间:… 来源:… header fields, bylines
        if 4 <= len(s) <= 90 and not _SENTENCE_PUNCT.search(s) and re.search(r"[\u4e00-\u9fff]", s):
            return _make_span(text, lines, 0, len(text), i)
        if s and re.search(r"[\u4e00-\u9fff]", s):
            break  # lines without any Chinese (a filter label, "IPV6") are site furniture
    return _make_span(text, lines, 0, len(text), None)


def _make_span(
    text: str,
    lines: list[tuple[int, int, str]],
    start: int,
    end: int,
    title_line: int | None,
    second_line: int | None = None,
) -> PolicySpan:
    title = None
    title_span = None
    body_start = start
    if title_line is not None:
        ls, le, raw = lines[title_line]
        last = second_line if second_line is not None else title_line
        _, le, raw2 = lines[last]
        lead = len(raw) - len(raw.lstrip())
        title_span = (ls + lead, le - (len(raw2) - len(raw2.rstrip())))
        title = reduce_title(clean_title("".join(line[2].strip() for line in lines[title_line : last + 1])))
        body_start = min(le + 1, end)
        # skip the 文号 / issuer / date lines printed under the title
        for ls2, le2, line2 in lines[last + 1 :]:
            s2 = re.sub(r"\s+", "", line2)
            if ls2 >= end or (s2 and not (_DOC_NUMBER_LINE.match(s2) or _DATE_LINE.match(s2))):
                break
            body_start = min(le2 + 1, end)
    body_end = end
    for ls, _, line in lines:
        if ls < body_start or ls >= end:
            continue
        if _is_appendix_line(line):
            body_end = ls
            break
    # trim surrounding whitespace of the body
    while body_start < body_end and text[body_start].isspace():
        body_start += 1
    while body_end > body_start and text[body_end - 1].isspace():
        body_end -= 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return PolicySpan(start, max(end, body_end), body_start, body_end, title, title_span)
