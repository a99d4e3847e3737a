"""Bytes -> text: detect UTF-8 / GB18030 / Big5 (charset-normalizer plus a plausibility check)."""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import UnusableDocument

# A character is "common" when it is in the first level of GB2312 (the 3755 most used simplified
# characters) or in Big5's frequent block: a correct decoding is almost all common characters, a wrong
# one (Big5 read as GBK, GBK read as Big5, random bytes) is not.


def _is_common(ch: str) -> bool:
    try:
        gb = ch.encode("gb2312")
        if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b5 = ch.encode("big5")
        return len(b5) == 2 and 0xA4 <= b5[0] <= 0xC6
    except UnicodeEncodeError:
        return False


# The most frequent characters of policy text (both scripts): a second, finer tier of evidence.
_TOP = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新内数正心反明看原"
    "又利比或但质第向道此变条只结解问意建月公无系最立代已通并提直题程展五果员位入常文总次品式活设及管"
    "特件长求基资级少统接知较将组见计别角期根论运农指几九区强放决西被做必先则任取据处府研企支持给予"
    "补贴奖励万元金项目申报认定办法措施策县市省局委技术创服务平台园投审核按照超过规模单位科信息助额费"
    "施细试若干推促鼓引导"
    "這為個們來時說會對發動過產種後學經進著於體當機點從業還間樣與關數無係結題員長級統較將組見計別論運"
    "農幾區強決處據則補貼獎勵萬項資審規單實細試縣務臺條費額財開導"
)
_ODD_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\uac00-\ud7af\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\u3100-\u312f\ue000-\uf8ff]"
)

# Codecs tried after UTF-8, in order of preference when two decodings look equally plausible.
_CANDIDATES = ("gb18030", "big5hkscs", "cp950", "big5")
_BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",  # OLE (old .doc / .xls)
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def plausibility(text: str) -> float:
    """Score in [0, 1]: how much `text` looks like real Chinese (or plain) text; garbage scores low."""
    if not text:
        return 0.0
    bad = cjk = common = top = 0
    for ch in text:
        if ch in "\n\r\t\f":
            continue
        if unicodedata.category(ch) in ("Cc", "Cs", "Cn"):
            bad += 1
        elif _is_cjk(ch):
            cjk += 1
            common += _is_common(ch)
            top += ch in _TOP
    n = len(text)
    odd = len(_ODD_SCRIPTS.findall(text))
    if bad / n > 0.02:
        return 0.0
    if cjk == 0:
        return 0.5 if odd / n < 0.05 else 0.0
    score = 0.6 * common / cjk + 0.4 * top / cjk - 2.0 * odd / max(cjk + odd, 1)
    return max(0.0, min(1.0, score))


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _script_evidence(text: str, family: str) -> float:
    """Share of CJK characters only the candidate's own script has (simplified for GB, traditional for Big5)."""
    cjk = [ch for ch in text if _is_cjk(ch)][:2000]
    if not cjk:
        return 0.0
    if family == "gb18030":
        own = sum(1 for ch in cjk if _encodes(ch, "gb2312") and not _encodes(ch, "big5"))
    elif family == "big5":
        own = sum(1 for ch in cjk if _encodes(ch, "big5") and not _encodes(ch, "gb2312"))
    else:
        return 0.0
    return own / len(cjk)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _normal_name(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    if name in ("gbk", "gb2312", "gb18030", "hz"):
        return "gb18030"
    if name in ("big5", "big5hkscs", "cp950"):
        return "big5"
    return name.replace("_", "-")


def _charset_normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:
        return None
    return best.encoding if best is not None else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data`; return (text, encoding). Raise UnusableDocument when it is not readable text."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise UnusableDocument("文件为空")
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8")
        if text is None:
            raise UnusableDocument("无法识别文件编码", "UTF-8 BOM but invalid UTF-8")
        return _checked(text, "utf-8")
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = _strict(data[2:], enc)
            if text is not None:
                return _checked(text, "utf-16")
            raise UnusableDocument("无法识别文件编码")
    if any(data.startswith(m) for m in _BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise UnusableDocument("疑似二进制文件")

    text = _strict(data, "utf-8")
    if text is not None:
        return _checked(text, "utf-8")

    # Not UTF-8: collect candidate decodings (declared charset, charset-normalizer's guess, the
    # Chinese legacy codecs) and keep the most plausible one.
    order: list[str] = []
    guessed = _charset_normalizer_guess(data)
    for enc in (declared, guessed, *_CANDIDATES):
        if enc and enc not in order:
            order.append(enc)
    best: tuple[float, int, str, str] | None = None
    for rank, enc in enumerate(order):
        decoded = _strict(data, enc)
        if decoded is None:
            continue
        score = plausibility(decoded) + 0.15 * _script_evidence(decoded, _normal_name(enc))
        if enc == declared:
            score += 0.05
        elif enc == guessed:
            score += 0.02
        key = (score, -rank, decoded, enc)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None or best[0] < 0.4:
        raise UnusableDocument("无法识别文件编码")
    return _checked(best[2], _normal_name(best[3]))


_SAMPLE = 20_000  # characters of a decoded text checked for binary garbage (head and tail)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject decoded text that is really binary (control characters, private-use runs)."""
    if not text.strip():
        raise UnusableDocument("文件为空")
    sample = text if len(text) <= _SAMPLE else text[: _SAMPLE // 2] + text[-_SAMPLE // 2 :]
    if plausibility(sample) == 0.0:
        raise UnusableDocument("疑似二进制文件")
    return text, encoding
