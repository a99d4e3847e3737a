"""Normalisation: script detection, vocabulary, protected names, widths, pinyin, broken numbers, offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.pipeline.normalise import converter, detect_script, detect_variant, normalise


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("对符合条件的企业给予最高500万元资金支持", "zh-Hans"),
        ("對符合條件的企業給予最高500萬元資金支持", "zh-Hant"),
        ("北京經濟技術開發區關於加快打造AI原生産業創新高地的若干政策", "zh-Hant"),
        ("支持企业发展。個別繁體字", "zh-Hans"),
        ("Plain ASCII text 123", "zh-Hans"),
        ("", "zh-Hans"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("支援企業採購軟體與晶片,建設人工智慧伺服器", "tw2sp"),
        ("支持企業採購軟件,發展數碼科技及互聯網", "hk2s"),
    ],
)
def test_detect_variant(text, variant):
    assert detect_variant(text) == variant


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("人工智慧產業", "人工智能产业"),
        ("國產晶片部署", "国产芯片部署"),
        ("軟體開發", "软件开发"),
        ("智慧算力伺服器", "智能算力服务器"),
        ("網際網路資訊辦公室", "互联网信息办公室"),
        ("乾安縣人民政府支持企業", "乾安县人民政府支持企业"),
        ("核心技術攻關", "核心技术攻关"),
        ("整合政企資源", "整合政企资源"),
        ("系統整合費用", "系统集成费用"),
        ("對新增獲得備案的企業", "对新增获得备案的企业"),
        ("可複製、可推廣", "可复制、可推广"),
        ("按程序報審並執行", "按程序报审并执行"),
        ("成效顯著", "成效显著"),
        ("國際先進水準與高品質發展", "国际先进水平与高质量发展"),
        ("智慧城市建設", "智慧城市建设"),
        ("從優不重復原則", "从优不重复原则"),
        ("産業園區", "产业园区"),
    ],
)
def test_taiwan_vocabulary_and_protected_names(original, expected):
    # enough traditional characters for the script to be detected
    assert normalise(original + "。這個條款適用於本區").text == expected + "。这个条款适用于本区"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("（一）支持企业", "(一)支持企业"),
        ("京技管发〔2024〕29号", "京技管发〔2024〕29号"),
        ("长新管规﹝2023﹞11号", "长新管规〔2023〕11号"),
        ("最高300万(wàn)元", "最高300万元"),
        ("给予50 万\n元支持", "给予50万元支持"),
        ("给予1000\n万元支持", "给予1000万元支持"),
        ("给予 20 万元", "给予 20万元"),
        ("2024 年 1 月 1 日起施行", "2024年1月1日起施行"),
        ("第 十四 条 支持", "第十四条 支持"),
        ("数据管理能力成熟度(DCMM)评估", "数据管理能力成熟度(DCMM)评估"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("零\u200b宽\ufeff字符", "零宽字符"),
        ("全角\u3000空格", "全角 空格"),
        ("1.5万元", "1.5万元"),
    ],
)
def test_character_normalisation(original, expected):
    assert normalise(original).text == expected


def test_long_scraped_line_is_broken_at_clause_markers_only():
    line = (
        "某区支持办法(试行) 第一条 为促进发展,制定本办法。 第二条 给予1.5万元支持。 (一)有下列情形之一的: 1.申请不符合条件的; "
        * 8
    )
    out = normalise(line).text
    assert "\n第二条 给予1.5万元支持。" in out
    assert "\n1.申请不符合条件的" in out
    assert "1.\n5" not in out


def test_converters_are_singletons():
    assert converter("tw2sp") is converter("tw2sp")
    assert converter("hk2s") is converter("hk2s")


_ALPHABET = st.sampled_from(
    [
        *list("支持企業萬元軟體晶片人工智慧乾安縣第一條（）１２３ＡＢ \u3000\n\r(wàn)50年月日號〔〕﹝﹞"),
        "\u200b",
        "\ufeff",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_offsets_map_back_into_original(original):
    n = normalise(original)
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(original)
    assert all(0 <= o <= len(original) for o in n.offsets)
    assert all(0 <= n.orig_offset(i) < len(original) for i in range(len(n.text)))
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="支持企业给予最高万元第一条。,ab12 ", max_size=60))
def test_simplified_text_without_noise_is_unchanged(original):
    n = normalise(original)
    if "万" not in original and "元" not in original and "年" not in original and "第" not in original:
        assert n.text == original
        assert n.offsets == list(range(len(original) + 1))


def test_span_maps_to_original_words():
    original = "前言。對企業給予最高500萬元補貼。"
    n = normalise(original)
    i = n.text.index("500万元")
    a, b = n.orig_span(i, i + len("500万元"))
    assert original[a:b] == "500萬元"
