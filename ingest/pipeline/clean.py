"""Remove site chrome (search boxes, hotlines, ICP numbers, breadcrumbs, news-list dates ...) line by line."""

from __future__ import annotations

import re

from .offsets import Builder, Mapped

_FILE_EXT = r"(?:docx?|wps|pdf|xlsx?|et|pptx?|png|jpe?g|gif|bmp|zip|rar|7z|ofd|txt|html?)"

# A whole line that is page chrome.
_CHROME_LINE = [
    re.compile(p)
    for p in (
        r"^[-—_=*·•~|>]{1,}$",  # separators
        r"^(?:搜本站|搜索|站内搜索|全站搜索|全文检索|高级搜索|请输入(?:关键字|关键词|搜索内容)?|搜\s*索|search)$",
        r"ICP备|ICP证|公网安备|网站标识码|京公网|版权所有|Copyright|©|\(c\)\s*\d{4}",
        r"^(?:返回顶部|回到顶部|返回首页|返回列表|返回)$",
        r"^(?:当前位置|您现在的位置|你的位置|您的位置)[::]",
        r"^首页\s*(?:[>»/›]|$)",
        r"^(?:[【\[]?(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|分享(?:到)?[::]?|收藏|纠错|字号[::]?|大|中|小|默认|"
        r"加入收藏|设为首页|微信|微博|扫一扫)[】\]]?[\s|/]*)+$",
        r"^(?:上一篇|下一篇|上一条|下一条)[::]",
        r"^(?:主办单位|承办单位|主办|承办|技术支持|网站地图|联系我们|无障碍|适老化|访问量|浏览次数|阅读次数|点击数)"
        r"(?:[::\s].*)?$",
        rf"^(?:附件\s*[0-9一二三四五六七八九十]*\s*[::.、]?\s*)?[^\s。;,]{{1,80}}\.{_FILE_EXT}$",
        r"^(?:附件下载|相关附件|相关下载|相关链接|相关文章|相关阅读|相关新闻|热点新闻|推荐阅读|最新动态)[::]?$",
        # "扫一扫在手机打开当前页", "手机版", "微信扫一扫分享"
        r"^.{0,12}(?:扫一扫|扫码|微信扫|手机扫).{0,16}$|在手机(?:上)?(?:打开|浏览|阅读|查看)|^手机版$",
        # dates without a year of the Chinese form, news-list dates: "12-13 -", "2024-12-13", "[2024/12/13]"
        r"^[\[(【]?(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}[\])】]?(?:\s*[-—])?$",
        r"^\d{5,6}月\d{1,2}日$",
        r"^(?:字体|字号)[::]",
        # a source / author line, unless it also carries the publication date ("来源:…|发布时间:2024年8月20日")
        r"^(?:来源|作者|浏览|信息来源)[::](?!.*(?:发布|公布|印发|成文)(?:时间|日期))[^。]{0,30}"
        r"(?:\s+(?:来源|作者|浏览|点击)[::].*)?$",
    )
]

# A line that is site chrome only next to other chrome: a hotline label followed by only a phone number
# ("咨询电话:010-…" inside a policy is the policy's own).
_HOTLINE = re.compile(
    r"^[\u4e00-\u9fff]{0,8}(?:热线|电话|服务|客服|咨询|传真|举报)[\u4e00-\u9fff]{0,4}[::]\s*[0-9\-—()() 转,、]{7,40}$"
)
# A menu bar flattened into one line: four or more short words (three after 首页) separated by spaces or
# bars, no digits, no punctuation; "第一章 总 则" is a heading, not a menu.
_MENU_LINE = re.compile(
    r"^(?!第[一二三四五六七八九十百零〇两0-9]+[章节条编])"
    r"(?:(?:网站)?首页(?:[ |/·•]+[\u4e00-\u9fffA-Za-z]{1,8}){2,}"
    r"|[\u4e00-\u9fffA-Za-z]{1,8}(?:[ |/·•]+[\u4e00-\u9fffA-Za-z]{1,8}){3,})$"
)

# Markers scraped mirrors put in front of a policy line: "[地址:北京海淀区]面议".
_INLINE_CHROME = re.compile(r"[\[【]\s*地址[::][^\]】\n]{0,40}[\]】]\s*面议")
# A line of a sidebar news list is followed by its date.
_NEWS_DATE = re.compile(r"^(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}(?:\s*[-—])?$")
_SENTENCE_END = re.compile(r"[。;;::]$")


def is_chrome_line(line: str) -> bool:
    """True when the stripped line is site chrome."""
    s = line.strip()
    if not s:
        return False
    if len(s) > 160:
        return False
    return _strong_chrome(s) or bool(_HOTLINE.match(s))


# Account links and site switches: a line made only of these words is chrome ("登录 退出", "手机版 | English").
_SITE_WORDS = (
    "登录|登入|注册|免费注册|退出|登出|注销|个人中心|用户中心|会员中心|我的收藏|手机端|手机版|移动端|移动版|"
    "门户网站手机版|网站手机版|电脑版|无障碍|无障碍浏览|长者模式|关怀版|适老版|繁体|繁體|简体|简体中文|繁體中文|"
    "English|EN|IPV6|IPv6|RSS|智能问答|政务微博|政务微信|网站支持IPv6"
)
_SITE_SWITCHES = re.compile(rf"^(?:{_SITE_WORDS})(?:[\s|/·•]+(?:{_SITE_WORDS}))*$", re.I)
# A short line without any Chinese or digits: a filter or tab label ("- All", "Search", "Home").
_LATIN_LABEL = re.compile(r"^[-–—•·*>\s]*[A-Za-z][A-Za-z &'-]{1,15}$")


def is_site_furniture(s: str) -> bool:
    """A line that is site furniture by its own features: account links, site switches, a Latin tab label."""
    return bool(_SITE_SWITCHES.match(s) or _LATIN_LABEL.match(s))


def _strong_chrome(s: str) -> bool:
    """Chrome wherever it stands (the stripped line is short enough to test)."""
    return 0 < len(s) <= 160 and (
        any(p.search(s) for p in _CHROME_LINE) or bool(_MENU_LINE.match(s)) or is_site_furniture(s)
    )


def _chrome_flags(lines: list[str]) -> list[bool]:
    """Chrome flags per line; a hotline line is chrome only inside chrome (chrome or the page edge both sides)."""
    flags = [_strong_chrome(line.strip()) for line in lines]
    weak = [not f and bool(_HOTLINE.match(line.strip())) for f, line in zip(flags, lines, strict=True)]
    changed = True
    while changed:
        changed = False
        for i, w in enumerate(weak):
            if not w or flags[i]:
                continue
            sides = []
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(lines) and not lines[j].strip():
                    j += step
                sides.append(not 0 <= j < len(lines) or flags[j])
            if all(sides):
                flags[i] = changed = True
    return flags


def _news_list_lines(lines: list[str]) -> set[int]:
    """Indices of sidebar news titles: short lines each followed by a news-list date, two or more in a row."""
    pairs = []
    for i in range(len(lines) - 1):
        title = lines[i].strip()
        nxt = lines[i + 1].strip()
        if title and 4 <= len(title) <= 60 and not _SENTENCE_END.search(title) and _NEWS_DATE.match(nxt):
            pairs.append(i)
    out: set[int] = set()
    for i in pairs:
        if (i - 2) in pairs or (i + 2) in pairs:
            out.add(i)
    return out


def clean(text: str) -> Mapped:
    """Drop chrome lines and in-line chrome markers; return the kept text mapped onto `text`."""
    lines = text.split("\n")
    news = _news_list_lines(lines)
    chrome = _chrome_flags(lines)
    b = Builder(text)
    pos = 0
    for idx, line in enumerate(lines):
        end = pos + len(line)
        has_newline = idx < len(lines) - 1
        if idx in news or chrome[idx]:
            pos = end + 1
            continue
        cursor = pos
        for m in _INLINE_CHROME.finditer(line):
            b.keep(cursor, pos + m.start())
            cursor = pos + m.end()
        b.keep(cursor, end + (1 if has_newline else 0))
        pos = end + 1
    out = b.build()
    # collapse runs of blank lines left behind (keep at most one empty line)
    return _squeeze_blank_lines(out)


def _squeeze_blank_lines(m: Mapped) -> Mapped:
    text = m.text
    b = Builder(text)
    pos = 0
    for run in re.finditer(r"\n(?:[ \t]*\n){2,}", text):
        b.keep(pos, run.start())
        b.keep(run.start(), run.start() + 1)
        b.keep(run.end() - 1, run.end())
        pos = run.end()
    b.keep(pos, len(text))
    inner = b.build()
    return Mapped(inner.text, [m.offsets[i] for i in inner.offsets])
