"""Bytes -> text: detect UTF-8 / GB18030 / Big5 (charset-normalizer plus a plausibility check)."""

from __future__ import annotations

import codecs
import unicodedata

from .errors import UnusableDocument

# Frequent characters of Chinese official text, simplified and traditional forms. A correct
# decoding hits these often; a wrong one (Big5 read as GBK, random bytes) almost never does.
_COMMON_HANS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
    "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处府研企支持给予补贴奖励万元资金项目申报认定办法措施政策区县市省局委员会"
    "技术创新服务平台园投审核按照超过最规模条件单位科信息化励助额度费用实施细则试行若干推动促进鼓励引导"
)
_COMMON_HANT = (
    "這為個們來時說會對發動過產種後學經進著於體當機點從業還間樣與關數麼無係軍結題黨員長頭邊級圖統較將組"
    "見計別論運農幾區強決戰處據則補貼獎勵萬項資審核規模單資訊實細試區縣務臺條費額財與鄉鎮開導"
)
_COMMON = frozenset(_COMMON_HANS + _COMMON_HANT)

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
    bad = 0
    cjk = 0
    common = 0
    private = 0
    for ch in text:
        if ch in "\n\r\t\f":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Cn"):
            bad += 1
        elif cat == "Co":
            private += 1
        elif _is_cjk(ch):
            cjk += 1
            if ch in _COMMON:
                common += 1
    n = len(text)
    if (bad + private) / n > 0.02:
        return 0.0
    if cjk == 0:
        return 0.5
    if cjk < 4:
        return 0.4 if common else 0.2
    return min(1.0, common / cjk / 0.35) * (1.0 - private / n)


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
        score = plausibility(decoded)
        if enc == declared:
            score += 0.05
        elif enc == guessed:
            score += 0.02
        key = (score, -rank, decoded, enc)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None or best[0] < 0.3:
        raise UnusableDocument("无法识别文件编码")
    return _checked(best[2], _normal_name(best[3]))


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject decoded text that is really binary (control characters, private-use runs)."""
    if not text.strip():
        raise UnusableDocument("文件为空")
    if plausibility(text) == 0.0:
        raise UnusableDocument("疑似二进制文件")
    return text, encoding
