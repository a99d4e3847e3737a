"""Amount and ratio parsing: units, numerals, ranges, caps versus thresholds and budgets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.pipeline import amounts
from ingest.pipeline.amounts import BUDGET, CAP, RATE, THRESHOLD, find_money, find_ratios, parse_amount
from ingest.pipeline.numerals import cn_to_int

CN_DIGITS = "零一二三四五六七八九"


@pytest.mark.parametrize(
    ("phrase", "yuan"),
    [
        ("最高1.5万元", 15_000),
        ("500万元", 5_000_000),
        ("1,000万元", 10_000_000),
        ("2亿元", 200_000_000),
        ("3千元", 3_000),
        ("5000元", 5_000),
        ("五十万元", 500_000),
        ("一千万元", 10_000_000),
        ("两亿元", 200_000_000),
        ("十万元", 100_000),
        ("一百五十万元", 1_500_000),
        ("50-100万元", 1_000_000),
        ("50万-100万元", 1_000_000),
        ("50万元至100万元", 1_000_000),
        ("300万(wàn)元", 3_000_000),
        ("50 万\n元", 500_000),
        ("300萬(wàn)元", 3_000_000),
        ("五十萬元", 500_000),
        ("2億元", 200_000_000),
        ("没有金额", None),
        ("", None),
    ],
)
def test_parse_amount(phrase, yuan):
    assert parse_amount(phrase) == yuan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("给予最高不超过1000万元资金支持", [(10_000_000, CAP)]),
        ("单个项目最高不超过500万元", [(5_000_000, CAP)]),
        ("上限为200万元", [(2_000_000, CAP)]),
        ("对投资500万元以上的建设主体", [(5_000_000, THRESHOLD)]),
        ("营收达到1亿元的企业", [(100_000_000, THRESHOLD)]),
        ("年销售额不低于2000万元", [(20_000_000, THRESHOLD)]),
        ("总投资达到100万元及以上的项目", [(1_000_000, THRESHOLD)]),
        ("研发费用在5000万元(含)以内的,按3%给予最高150万元补助", [(50_000_000, THRESHOLD), (1_500_000, CAP)]),
        (
            "1亿元以上、5亿元(不含)以下的,给予资金支持250万元",
            [(100_000_000, THRESHOLD), (500_000_000, THRESHOLD), (2_500_000, CAP)],
        ),
        ("每年发放1亿元的算力券", [(100_000_000, BUDGET)]),
        ("设立10亿元基金", [(1_000_000_000, BUDGET)]),
        # a fund's size ("规模" alone would read as a threshold)
        (
            "区引导基金设立规模10亿元的科创天使基金,单个项目最高2000万元",
            [(1_000_000_000, BUDGET), (20_000_000, CAP)],
        ),
        ("市财政出资设立规模100亿元", [(10_000_000_000, BUDGET)]),
        ("规模5亿元的产业基金", [(500_000_000, BUDGET)]),
        ("企业规模达到10亿元以上的,奖励50万元", [(1_000_000_000, THRESHOLD), (500_000, CAP)]),
        ("实现产业规模超过1000亿元", [(100_000_000_000, THRESHOLD)]),
        ("分别给予100万元、40万元、20万元奖励", [(1_000_000, CAP), (400_000, CAP), (200_000, CAP)]),
        ("按照2级15万元、3级20万元的标准", [(150_000, CAP), (200_000, CAP)]),
        ("按照每月不超过40元/㎡的标准", [(40, RATE)]),
        ("按每平方米每天3元给予补贴", [(3, RATE)]),
        ("收汇额超过5000万美元", []),
        ("实收资本不足1亿元的,可按照1亿元标准执行", [(100_000_000, THRESHOLD), (100_000_000, THRESHOLD)]),
        ("数十万元", []),
        # 万 without 元, only where words of support name it
        ("最高给予3000万支持", [(30_000_000, CAP)]),
        ("分别给予50万、100万、200万奖励", [(500_000, CAP), (1_000_000, CAP), (2_000_000, CAP)]),
        ("每年给予不超过100万的资金补贴", [(1_000_000, CAP)]),
        ("单个项目最高不超过200万。", [(2_000_000, CAP)]),
        ("吸引游客100万人次", []),
        ("年产值达到100万,", []),
        ("建设面积10万平方米,", []),
        # 不超 without 过 is a cap
        ("给予每次最高不超20万元的资金支持", [(200_000, CAP)]),
        ("奖励最高可达500万元", [(5_000_000, CAP)]),
        ("每家企业每年补贴不超100万元", [(1_000_000, CAP)]),
        # 以内的 + a project is a size, + a kind of support a cap
        ("支持1亿元以内的项目并购", [(100_000_000, THRESHOLD)]),
        ("给予50万元以内的补贴", [(500_000, CAP)]),
        # rents with 最高 between the unit and the amount, either order
        ("给予每平方米每月最高40元的租金补贴", [(40, RATE)]),
        ("按照每月每平方米最高50元的标准给予补贴", [(50, RATE)]),
        ("补贴标准为每平方米每天最高2元", [(2, RATE)]),
        # other currencies are not yuan
        ("研发投入达到港币1000万元以上", []),
        ("给予新台币500万元奖励", []),
    ],
)
def test_money_roles(text, expected):
    assert [(m.yuan, m.role) for m in find_money(text)] == expected


@pytest.mark.parametrize(
    ("text", "per_year", "total"),
    [
        ("每年最高不超过1000万元", True, False),
        ("单个企业年度最高补贴1500万元", True, False),
        ("年补助总额不超过500万元", True, True),
        ("三年累计不超过3000万元", False, True),
        ("五年总计最高不超过1亿元", False, True),
        ("最高100万元", False, False),
    ],
)
def test_per_year_and_totals(text, per_year, total):
    (m,) = find_money(text)
    assert (m.per_year, m.total) == (per_year, total)


def test_spans_point_at_the_words():
    text = "对企业给予最高300万元补助"
    (m,) = find_money(text)
    assert text[m.start : m.end] == "300万元"


@pytest.mark.parametrize(
    ("text", "support", "threshold"),
    [
        ("按项目实际投资的40%给予补贴", [0.4], []),
        ("给予项目总投资30%且不超过150万元", [0.3], []),
        ("按照市、区1:1配套的比例", [1.0], []),
        ("按照国家和北京市奖励标准1:1和1:0.5的比例给予配套", [1.0, 0.5], []),
        ("给予100%租金补贴", [1.0], []),
        ("分别予以最高100%或80%补贴支持", [1.0, 0.8], []),
        ("百分之三十", [0.3], []),
        ("投资比例原则上不超过项目总投资金额的10%", [0.1], []),
        ("数实融合新赛道企业占比超60%的特色园区", [], [0.6]),
        ("自有资金原则上不低于实际财政资金投入的50%", [], [0.5]),
        ("营业收入增长20%以上", [], [0.2]),
        ("7x24小时", [], []),
    ],
)
def test_ratios(text, support, threshold):
    found = find_ratios(text)
    assert [r.value for r in found if r.role == amounts.SUPPORT] == support
    assert [r.value for r in found if r.role == THRESHOLD] == threshold


def test_ratio_base():
    (r,) = find_ratios("按项目实际投资的40%给予补贴")
    assert r.base == "项目实际投资"


def test_cap_amounts_dedupes_in_order():
    text = "给予最高100万元的一次性奖励。给予最高不超过100万元的资金扶持,另给予50万元"
    assert amounts.cap_amounts(text) == [1_000_000, 500_000]


def _cn(n: int) -> str:
    """A Chinese numeral rendering of 1..99999999 (一千二百三十四万五千六百七十八)."""

    def four(k: int) -> str:
        out, zero = "", False
        for unit, div in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = k // div % 10
            if d:
                if zero:
                    out += "零"
                out += CN_DIGITS[d] + unit
                zero = False
            elif out:
                zero = True
        return out

    hi, lo = divmod(n, 10_000)
    if hi:
        rest = four(lo)
        return four(hi) + "万" + ("零" + rest if lo and lo < 1000 else rest)
    return four(lo)


@given(st.text())
def test_parser_never_raises(s):
    parse_amount(s)
    find_money(s)
    find_ratios(s)


@given(st.integers(min_value=1, max_value=10**6))
def test_round_trip_wan(n):
    assert parse_amount(f"{n}万元") == n * 10_000
    assert parse_amount(f"最高不超过{n}元") == n


@given(st.integers(min_value=1, max_value=99_999_999))
def test_round_trip_chinese_numerals(n):
    assert cn_to_int(_cn(n)) == n
    assert parse_amount(_cn(n) + "元") == n


@given(st.integers(min_value=1, max_value=9999), st.sampled_from([("万元", 10_000), ("亿元", 100_000_000)]))
def test_round_trip_chinese_with_unit(n, unit):
    suffix, factor = unit
    assert parse_amount(_cn(n) + suffix) == n * factor


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9))
def test_round_trip_decimal(n, d):
    assert parse_amount(f"{n}.{d}万元") == n * 10_000 + d * 1000
