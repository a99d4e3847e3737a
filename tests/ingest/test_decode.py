"""Decoder: encodings detected and recorded, garbage rejected with UnusableDocument only."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.pipeline.decode import decode
from ingest.pipeline.errors import UnusableDocument

SIMPLIFIED = "第三条 对符合条件的企业,给予最高500万元资金支持。本办法自发布之日起施行。"
TRADITIONAL = "第三條 對符合條件的企業,給予最高500萬元資金支持。本辦法自發布之日起施行。"


@pytest.mark.parametrize(
    ("data", "expected_text", "expected_encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        (TRADITIONAL.encode("utf-8"), TRADITIONAL, "utf-8"),
        (codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16"),
        (b"plain ascii policy text", "plain ascii policy text", "utf-8"),
    ],
)
def test_decodes_and_records_encoding(data, expected_text, expected_encoding):
    text, encoding = decode(data)
    assert text == expected_text
    assert encoding == expected_encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "文件为空"),
        (b"   \n\t  ", "文件为空"),
        (codecs.BOM_UTF8, "文件为空"),
        (b"%PDF-1.4 binary", "疑似二进制文件"),
        (b"PK\x03\x04\x14\x00rest", "疑似二进制文件"),
        (b"\x89PNG\r\n\x1a\n....", "疑似二进制文件"),
        (b"abc\x00\x00\x00def", "疑似二进制文件"),
        (bytes(range(256)) * 4, None),
    ],
)
def test_rejects_unusable_bytes(data, reason):
    with pytest.raises(UnusableDocument) as exc:
        decode(data)
    if reason:
        assert exc.value.reason == reason


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_only_raise_unusable_document(data):
    try:
        text, encoding = decode(data)
    except UnusableDocument as exc:
        assert exc.reason
    else:
        assert isinstance(text, str) and text.strip()
        assert encoding


_WORDS_HANS = [
    "支持",
    "企业",
    "给予",
    "最高",
    "万元",
    "补贴",
    "科技",
    "创新",
    "发展",
    "项目",
    "资金",
    "奖励",
    "认定",
]
_WORDS_HANT = [
    "支持",
    "企業",
    "給予",
    "最高",
    "萬元",
    "補貼",
    "科技",
    "創新",
    "發展",
    "項目",
    "資金",
    "獎勵",
    "認定",
]
_TAIL = st.sampled_from(["", "。", ",", "100", "第一条"])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS_HANS), min_size=3, max_size=40),
    _TAIL,
    st.sampled_from(["utf-8", "gb18030"]),
)
def test_round_trips_simplified(words, tail, encoding):
    text = "".join(words) + tail
    assert decode(text.encode(encoding))[0] == text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS_HANT), min_size=3, max_size=40), _TAIL)
def test_round_trips_big5(words, tail):
    text = "".join(words) + tail.replace("条", "條")
    decoded, encoding = decode(text.encode("big5"))
    assert decoded == text
    assert encoding in ("big5", "utf-8")
