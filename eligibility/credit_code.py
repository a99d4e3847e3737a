"""统一社会信用代码 (GB 32100-2015): normalisation and check-digit validation."""

from __future__ import annotations

import unicodedata

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(CHARSET)}


class InvalidCreditCode(ValueError):
    """The code is malformed; the message is Chinese and says why."""


def normalise(code: str) -> str:
    """Upper-case, half-width, without spaces."""
    return unicodedata.normalize("NFKC", code or "").replace(" ", "").strip().upper()


def check_char(first17: str) -> str:
    """The 18th character for the first 17."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate(code: str) -> str:
    """Return the normalised code, or raise InvalidCreditCode with a Chinese message."""
    code = normalise(code)
    if len(code) != 18:
        raise InvalidCreditCode(f"统一社会信用代码应为18位,当前为{len(code)}位")
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        raise InvalidCreditCode(f"统一社会信用代码含有无效字符:{''.join(bad)}(不使用I、O、Z、S、V)")
    if check_char(code[:17]) != code[17]:
        raise InvalidCreditCode("统一社会信用代码校验位不正确,请核对后重新输入")
    return code


def is_valid(code: str) -> bool:
    """Whether the code passes the GB 32100 check."""
    try:
        validate(code)
    except InvalidCreditCode:
        return False
    return True
