"""Normalise text: script detection, traditional -> simplified, widths, pinyin, broken numbers; keeps an offset map."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from .offsets import Builder, Mapped, chain, identity


@dataclass(frozen=True)
class Normalised:
    """The normalised text, its map into the original text, and the detected script / conversion."""

    text: str
    offsets: list[int]
    script: str  # zh-Hans | zh-Hant
    conversion: str | None  # tw2sp | hk2s | None

    def orig_offset(self, i: int) -> int:
        """The original index of normalised index i (0 <= i <= len(text))."""
        return self.offsets[i]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering the normalised span [start, end)."""
        return Mapped(self.text, self.offsets).orig_span(start, end)


# --------------------------------------------------------------------------- vocabulary tables

# Place and organisation names that character conversion breaks (乾 -> 干). Longest match wins.
PROTECTED_NAMES: dict[str, str] = {
    "乾安縣": "乾安县",
    "乾安": "乾安",
    "乾縣": "乾县",
    "乾陵": "乾陵",
    "乾州": "乾州",
    "乾元": "乾元",
    "乾坤": "乾坤",
    "乾隆": "乾隆",
}

# Words OpenCC's old Taiwan dictionary turns into IT jargon that is wrong in policy text: keep them.
TW_KEEP: dict[str, str] = {
    "核心": "核心",
    "整合": "整合",
    "新增": "新增",
    "建立": "建立",
    "複製": "复制",
    "文件": "文件",
    "文字": "文字",
    "程序": "程序",
    "執行": "执行",
    "呼叫": "呼叫",
    "查詢": "查询",
    "模擬": "模拟",
    "向量": "向量",
    "通道": "通道",
    "互動": "互动",
    "儲存": "存储",
    "開啟": "开启",
    "啟用": "启用",
    "設定": "设定",
    "預設": "预设",
    "高階": "高端",
    "進階": "进阶",
    "顯著": "显著",
    "卓著": "卓著",
    "編著": "编著",
    "論著": "论著",
    "專著": "专著",
    "原著": "原著",
    "名著": "名著",
    "土著": "土著",
    "昭著": "昭著",
    # 智慧 stays where mainland usage keeps it (the dictionary turns every 智慧 into 智能)
    "智慧城市": "智慧城市",
    "智慧醫療": "智慧医疗",
    "智慧教育": "智慧教育",
    "智慧交通": "智慧交通",
    "智慧園區": "智慧园区",
    "智慧社區": "智慧社区",
    "智慧政務": "智慧政务",
    "智慧環保": "智慧环保",
    "智慧農業": "智慧农业",
    "智慧物流": "智慧物流",
    "智慧文旅": "智慧文旅",
    "智慧旅遊": "智慧旅游",
    "智慧能源": "智慧能源",
    "智慧水務": "智慧水务",
    "智慧養老": "智慧养老",
    "智慧校園": "智慧校园",
    "智慧安防": "智慧安防",
    "智慧財產權": "知识产权",
}

# Taiwan vocabulary that OpenCC's dictionaries miss (traditional -> mainland simplified).
TW_VOCABULARY: dict[str, str] = {
    "系統整合": "系统集成",
    "水準": "水平",
    "高品質": "高质量",
    "品質": "质量",
    "倣真": "仿真",
    "電腦": "计算机",
    "數據共用": "数据共享",
    "資源共用": "资源共享",
    "共用平臺": "共享平台",
    "營運": "运营",
    "計畫": "计划",
    "資安": "信息安全",
    "資通訊": "信息通信",
    "奈米": "纳米",
    "雷射": "激光",
    "網際網路": "互联网",
    "網路": "网络",
    "軟硬體": "软硬件",
    "人工智慧": "人工智能",
    "數位": "数字",
    "晶片": "芯片",
    "伺服器": "服务器",
    "軟體": "软件",
    "硬體": "硬件",
    "演算法": "算法",
    "資訊": "信息",
    "支援": "支持",
    "感測器": "传感器",
}

# Hong Kong vocabulary hk2s leaves alone.
HK_VOCABULARY: dict[str, str] = {
    "數碼": "数字",
    "資訊科技": "信息技术",
    "軟件": "软件",
}

_TW_MARKERS = (
    "軟體",
    "硬體",
    "晶片",
    "伺服器",
    "網際網路",
    "網路",
    "資訊",
    "程式",
    "人工智慧",
    "演算法",
    "品質",
    "水準",
    "支援",
    "裡",
)
_HK_MARKERS = (
    "軟件",
    "數碼",
    "互聯網",
    "網絡",
    "資訊科技",
    "説",
    "衞",
    "裏",
    "綫",
    "啓",
    "爲",
    "兑",
    "鋭",
    "閲",
)

# --------------------------------------------------------------------------- OpenCC dictionaries

_lock = threading.Lock()
_cache: dict[str, object] = {}


def _opencc_dir() -> Path:
    import opencc

    return Path(opencc.__file__).parent


def _read_dict(name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    with open(_opencc_dir() / "dictionary" / name, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and parts[0]:
                out[parts[0]] = parts[1].split(" ")[0]
    return out


class _Stage:
    """One step of an OpenCC conversion chain: a merged dictionary applied by longest match."""

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.maxlen = min(max((len(k) for k in table), default=1), 12)

    def apply(self, text: str) -> Mapped:
        b = Builder(text)
        i = 0
        n = len(text)
        run = 0  # start of the current unchanged run
        table = self.table
        while i < n:
            hit = None
            for size in range(min(self.maxlen, n - i), 0, -1):
                value = table.get(text[i : i + size])
                if value is not None:
                    hit = (size, value)
                    break
            if hit is None or hit[1] == text[i : i + hit[0]]:
                i += hit[0] if hit else 1
                continue
            b.keep(run, i)
            b.replace(hit[1], i, i + hit[0])
            i += hit[0]
            run = i
        b.keep(run, n)
        return b.build()


class Converter:
    """A traditional -> simplified converter with frozen words (names, vocabulary) and an offset map."""

    def __init__(self, config: str, frozen: dict[str, str]):
        with open(_opencc_dir() / "config" / f"{config}.json", encoding="utf-8") as f:
            spec = json.load(f)
        self.name = config
        self.stages: list[_Stage] = []
        for step in spec["conversion_chain"]:
            d = step["dict"]
            files = [x["file"] for x in d["dicts"]] if d.get("type") == "group" else [d["file"]]
            merged: dict[str, str] = {}
            for fname in files:  # earlier dictionaries of a group win
                for k, v in _read_dict(fname).items():
                    merged.setdefault(k, v)
            self.stages.append(_Stage(merged))
        self.frozen = _Stage(frozen)

    def convert(self, text: str) -> Mapped:
        """Convert `text`; frozen words are replaced first and never touched again."""
        pieces = Builder(text)
        i = 0
        n = len(text)
        seg_start = 0
        frozen = self.frozen
        while i < n:
            hit = None
            for size in range(min(frozen.maxlen, n - i), 1, -1):
                value = frozen.table.get(text[i : i + size])
                if value is not None:
                    hit = (size, value)
                    break
            if hit is None:
                i += 1
                continue
            self._emit_segment(pieces, text, seg_start, i)
            if hit[1] == text[i : i + hit[0]]:
                pieces.keep(i, i + hit[0])
            else:
                pieces.replace(hit[1], i, i + hit[0])
            i += hit[0]
            seg_start = i
        self._emit_segment(pieces, text, seg_start, n)
        return pieces.build()

    def _emit_segment(self, b: Builder, text: str, start: int, end: int) -> None:
        if end <= start:
            return
        seg = identity(text[start:end])
        for stage in self.stages:
            seg = chain(seg, stage.apply(seg.text))
        if seg.text == text[start:end]:
            b.keep(start, end)
            return
        b.extend(seg.text, [start + o for o in seg.offsets])


def converter(name: str) -> Converter:
    """The process-wide converter `tw2sp` or `hk2s` (built once, on first use)."""
    key = f"conv:{name}"
    conv = _cache.get(key)
    if conv is None:
        with _lock:
            conv = _cache.get(key)
            if conv is None:
                frozen = {**PROTECTED_NAMES}
                if name == "tw2sp":
                    frozen.update(TW_KEEP)
                    frozen.update(TW_VOCABULARY)
                else:
                    frozen.update(HK_VOCABULARY)
                frozen.update({k.replace("產", "産"): v for k, v in frozen.items() if "產" in k})
                conv = Converter(name, frozen)
                _cache[key] = conv
    return conv  # type: ignore[return-value]


def _char_sets() -> tuple[frozenset[str], frozenset[str]]:
    sets = _cache.get("chars")
    if sets is None:
        with _lock:
            ts = _read_dict("TSCharacters.txt")
            st = _read_dict("STCharacters.txt")
            trad_only = frozenset(k for k, v in ts.items() if v != k and k not in st)
            simp_only = frozenset(k for k, v in st.items() if v != k and k not in ts)
            sets = (trad_only, simp_only)
            _cache["chars"] = sets
    return sets  # type: ignore[return-value]


# --------------------------------------------------------------------------- detection


def detect_script(text: str) -> str:
    """'zh-Hant' when traditional-only characters clearly outnumber simplified-only ones, else 'zh-Hans'."""
    trad_only, simp_only = _char_sets()
    trad = simp = 0
    for ch in text:
        if ch in trad_only:
            trad += 1
        elif ch in simp_only:
            simp += 1
    return "zh-Hant" if trad >= 2 and trad > 2 * simp else "zh-Hans"


def detect_variant(text: str) -> str:
    """Choose the OpenCC conversion for traditional text: 'tw2sp' (Taiwan usage) or 'hk2s' (Hong Kong)."""
    tw = sum(text.count(m) for m in _TW_MARKERS)
    hk = sum(text.count(m) for m in _HK_MARKERS)
    return "hk2s" if hk > tw else "tw2sp"


# --------------------------------------------------------------------------- character clean-up

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACE_LIKE = "\u00a0\u2002\u2003\u2009\u3000\u202f\u205f"
_BRACKETS = {"﹝": "〔", "﹞": "〕", "〘": "〔", "〙": "〕", "︵": "(", "︶": ")"}


def _width_and_spaces(text: str) -> Mapped:
    """CRLF -> LF, full-width ASCII -> half-width, odd spaces -> space, drop zero-width characters."""
    b = Builder(text)
    run = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        rep: str | None = None
        size = 1
        if ch == "\r":
            rep = "" if i + 1 < n and text[i + 1] == "\n" else "\n"
        elif "\uff01" <= ch <= "\uff5e":
            rep = chr(ord(ch) - 0xFEE0)
        elif ch in _SPACE_LIKE:
            rep = " "
        elif ch in _ZERO_WIDTH:
            rep = ""
        elif ch in _BRACKETS:
            rep = _BRACKETS[ch]
        if rep is None:
            i += 1
            continue
        b.keep(run, i)
        if rep:
            b.replace(rep, i, i + size)
        i += size
        run = i
    b.keep(run, n)
    return b.build()


def _regex_pass(text: str, pattern: re.Pattern[str], repl) -> Mapped:
    """Apply a regex substitution, keeping an offset map (each match replaced as one piece)."""
    b = Builder(text)
    pos = 0
    for m in pattern.finditer(text):
        new = repl(m)
        if new == m.group(0):
            continue
        b.keep(pos, m.start())
        # keep the unchanged prefix / suffix of the match mapped one to one
        old = m.group(0)
        p = 0
        while p < min(len(old), len(new)) and old[p] == new[p]:
            p += 1
        s = 0
        while s < min(len(old), len(new)) - p and old[-1 - s] == new[-1 - s]:
            s += 1
        b.keep(m.start(), m.start() + p)
        b.replace(new[p : len(new) - s], m.start() + p, m.end() - s)
        b.keep(m.end() - s, m.end())
        pos = m.end()
    b.keep(pos, len(text))
    return b.build()


# Pinyin inserted by mirror sites after a character: 300萬(wàn)元 -> 300万元.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])\(\s*[a-z{_TONED}]*[{_TONED}][a-z{_TONED}]*\s*\)")
# Numbers broken across lines or spaces: "50 万\n元", "1000\n万元", "2024 年".
_BROKEN_MONEY = re.compile(r"(?<=[0-9])[ \t]*\n?[ \t]*(?=[万亿]|元|%)|(?<=[万亿])[ \t]*\n?[ \t]*(?=元)")
_DATE_GAPS = re.compile(r"(?<=[0-9])[ \t]+(?=[年月日号])|(?<=[年月])[ \t]+(?=[0-9])")
# An item marker after a space inside a long one-line page: put it on its own line.
_INLINE_MARKER = re.compile(
    r"(?<=[。;;:：!?)\]」』”])[ \t]+(?=第[一二三四五六七八九十百零〇两]+[条章节]"
    r"|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|[0-9]{1,2}\.(?![0-9])[\u4e00-\u9fff]|\([0-9]{1,2}\))"
    r"|(?<=[\u4e00-\u9fff)])[ \t]+(?=第[一二三四五六七八九十百零〇两]+条[ \t\u4e00-\u9fff])"
)
_LONG_LINE = 400
# Spaces inside clause labels: "第 十四 条" -> "第十四条".
_SPACED_LABEL = re.compile(
    r"第[ \t]*[一二三四五六七八九十百零〇两]+(?:[ \t]+[一二三四五六七八九十百零〇两]+)*[ \t]*[条章节]"
)


def _break_long_lines(text: str) -> Mapped:
    """Turn the space before an item marker into a line break, only inside very long lines."""
    b = Builder(text)
    pos = 0
    offset = 0
    for line in text.split("\n"):
        if len(line) >= _LONG_LINE:
            for m in _INLINE_MARKER.finditer(line):
                b.keep(pos, offset + m.start())
                b.replace("\n", offset + m.start(), offset + m.end())
                pos = offset + m.end()
        offset += len(line) + 1
    b.keep(pos, len(text))
    return b.build()


# --------------------------------------------------------------------------- entry point


def normalise(text: str) -> Normalised:
    """Normalise original text; the result maps every index back into `text`."""
    script = detect_script(text)
    current = _width_and_spaces(text)
    conversion = None
    if script == "zh-Hant":
        conversion = detect_variant(current.text)
        current = chain(current, converter(conversion).convert(current.text))
    current = chain(current, _regex_pass(current.text, _PINYIN, lambda m: ""))
    current = chain(current, _regex_pass(current.text, _BROKEN_MONEY, lambda m: ""))
    current = chain(current, _regex_pass(current.text, _DATE_GAPS, lambda m: ""))
    current = chain(
        current, _regex_pass(current.text, _SPACED_LABEL, lambda m: re.sub(r"[ \t]", "", m.group(0)))
    )
    current = chain(current, _break_long_lines(current.text))
    return Normalised(current.text, current.offsets, script, conversion)


def to_simplified(text: str) -> str:
    """Plain conversion helper: the normalised text only."""
    return normalise(text).text
